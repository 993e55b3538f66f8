"""Tests for the YAML loader with marks."""

import datetime as dt
from pathlib import Path

import pytest

from kitpress.content.document import (
    front_matter_problem,
    parse_yaml,
    read_text,
    split_front_matter,
)


def codes(problems):
    return [(p.code, p.mark.line, p.mark.col) for p in problems]


def test_marks_point_at_keys_and_values():
    doc, problems = parse_yaml("title: 标题\nmaterials:\n  - name: 胶带\n    cost: 10元\n", "p.yml")
    assert problems == []
    assert doc.data["materials"][0]["cost"] == "10元"
    assert (doc.mark("materials", 0, "cost").line, doc.mark("materials", 0, "cost").col) == (4, 11)
    assert doc.key_mark("materials").line == 2
    # A path that does not exist falls back to its nearest parent.
    assert doc.mark("materials", 0, "missing").line == 3


def test_duplicate_key_is_an_error_not_a_silent_overwrite():
    doc, problems = parse_yaml("title: 一\nsummary: 二\ntitle: 三\n", "p.yml")
    assert codes(problems) == [("K002", 3, 1)]
    assert "第 1 行" in problems[0].message()
    assert doc.data["title"] == "一"


def test_syntax_error_has_line_and_column():
    _, problems = parse_yaml("a: [1, 2\nb: 3\n", "p.yml")
    assert codes(problems) == [("K021", 1, 9)]


def test_python_tags_are_refused():
    doc, problems = parse_yaml("a: !!python/object/apply:os.system [ls]\n", "p.yml")
    assert [p.code for p in problems] == ["K006"]
    assert doc.data["a"] is None


def test_alias_bomb_is_cut_short():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        name = chr(ord("a") + i)
        lines.append(
            f"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]"
        )
    doc, problems = parse_yaml("\n".join(lines) + "\ntitle: x\n", "p.yml")
    assert [p.code for p in problems] == ["K016"]
    assert doc.data is None  # nothing after the cap is checked: no false "title is empty"


def test_impossible_date_stays_text_for_the_field_check():
    doc, problems = parse_yaml("updated: 2020-13-45\n", "p.yml")
    assert problems == []
    assert doc.data["updated"] == "2020-13-45"


def test_non_utf8_reports_the_bad_byte(tmp_path: Path):
    path = tmp_path / "pack.yml"
    path.write_bytes(b"title: ok\nsummary: " + "中文".encode("gbk") + b"\n")
    text, problems = read_text(path, "pack.yml")
    assert text is None
    assert codes(problems) == [("K003", 2, 10)]


def test_front_matter_split_keeps_body_line_numbers():
    head, body, first = split_front_matter("---\ntitle: x\n---\n\nbody\n")
    assert head == "title: x\n"
    assert body == "\nbody\n"
    assert first == 4
    assert split_front_matter("no front matter\n") is None


def test_folded_chinese_lines_join_without_a_space_but_typed_spaces_stay():
    text = "a: >-\n  第一行\n  第二行 CAN计划 社区\n  English words\n  here\nb: CAN计划 践行圈\nc: |\n  一\n  二\n"
    doc, problems = parse_yaml(text, "p.yml")
    assert problems == []
    assert doc.data["a"] == "第一行第二行 CAN计划 社区 English words here"
    assert doc.data["b"] == "CAN计划 践行圈"
    assert doc.data["c"] == "一\n二\n"


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("010", "010"),
        ("01", "01"),
        ("1:30", "1:30"),
        ("0x1F", "0x1F"),
        ("1_000", "1_000"),
        ("no", "no"),
        ("yes", "yes"),
        ("on", "on"),
        (".inf", ".inf"),
        (".nan", ".nan"),
        ("1e3", "1e3"),
        ("2020-03-24 10:00", "2020-03-24 10:00"),
        ("=", "="),
        ("0", 0),
        ("-12", -12),
        ("1.10", 1.1),
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("", None),
        ("2020-03-24", dt.date(2020, 3, 24)),
        ('"6"', "6"),
    ],
)
def test_only_plain_numbers_booleans_nulls_and_dates_are_not_text(typed, value):
    doc, problems = parse_yaml(f"a: {typed}\n", "p.yml")
    assert problems == []
    assert doc.data["a"] == value
    assert type(doc.data["a"]) is type(value)
    assert doc.typed("a") == typed.strip('"')


def test_self_referencing_alias_is_reported_at_the_alias():
    doc, problems = parse_yaml("title: x\nlist: &s\n  - a\n  - *s\n", "p.yml")
    assert codes(problems) == [("K010", 4, 5)]
    assert doc.data is None


def test_deep_nesting_is_a_problem_not_a_recursion_error():
    doc, problems = parse_yaml("a: " + "[" * 5000 + "]" * 5000 + "\n", "p.yml")
    assert [p.code for p in problems] == ["K008"]
    assert doc.data is None
    _, problems = parse_yaml("a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 60)), "p.yml")
    assert [p.code for p in problems] == ["K008"]


def test_merge_keys_and_keys_that_are_not_text_are_reported_once():
    _, problems = parse_yaml("a: &a {x: 1}\nb:\n  <<: *a\n  y: 2\n[c]: 3\n", "p.yml")
    assert codes(problems) == [("K014", 3, 3), ("K017", 5, 1)]


def test_control_characters_are_reported_at_each_line_before_parsing():
    _, problems = parse_yaml("title: a\x07b\nsummary: ok\nx: \x1b\x00\n", "p.yml", line_offset=1)
    assert codes(problems) == [("K009", 2, 9), ("K009", 4, 4)]
    assert "U+0007" in problems[0].message()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\nb：2\nc: 3\n", [("K011", 2, 2)]),
        ("a:\n  b: 1\n\u3000 c: 2\n", [("K012", 3, 1)]),
        ("a:\n  - x\n \u00a0- y\n", [("K012", 3, 2)]),
        ("a:\n\tb: 1\n", [("K013", 2, 1)]),
        ("a: [1\n", [("K021", 1, 6)]),
        ("a: `1\n", [("K029", 1, 4)]),
        ("a: [1]]\n", [("K030", 1, 7)]),
        ('a: "b" c\n', [("K032", 1, 8)]),
        ("a: [b][\n", [("K001", 1, 7)]),
    ],
)
def test_syntax_errors_are_explained_by_the_slip_that_caused_them(text, expected):
    _, problems = parse_yaml(text, "p.yml")
    assert codes(problems) == expected
    assert all("\n" not in p.format("en") for p in problems)


def test_a_full_width_colon_inside_a_text_is_fine():
    doc, problems = parse_yaml("summary: 注意：\n  不要挡路\nsteps:\n  - 先说明：为什么\n", "p.yml")
    assert problems == []
    assert doc.data["summary"] == "注意：不要挡路"


def test_empty_and_wrongly_shaped_documents():
    assert codes(parse_yaml("# 注释\n", "p.yml")[1]) == [("K015", 1, 1)]
    assert parse_yaml("", "c.md", empty_ok=True)[0].data == {}
    doc, problems = parse_yaml("- a\n", "p.yml")
    assert doc.data is None
    assert [p.message() for p in problems] == [
        "最外层应该是“键: 值”的映射（每行一个“字段名: 内容”），这里是列表"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("正文\n", ("K302", 1)),
        ("---\ntitle: x\n正文\n", ("K124", 1)),
        ("----\ntitle: x\n----\n正文\n", ("K125", 1)),
        ("---\ntitle: x\n-----\n正文\n", ("K125", 3)),
    ],
)
def test_missing_front_matter_says_why(text, expected):
    found = front_matter_problem(text, "c.md")
    assert (found.code, found.mark.line) == expected
