"""Tests for the YAML loader with marks."""

from pathlib import Path

from kitpress.document import parse_yaml, read_text, split_front_matter


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
    assert [p.code for p in problems] == ["K001"]
    assert problems[0].mark.line == 2


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
