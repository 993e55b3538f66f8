"""YAML slips named in plain words, at the line and column where the writer must type."""

import re

import pytest
from conftest import FIXTURES
from test_loader import problems_of
from test_messages import kitpress

from kitpress.content.document import parse_yaml
from kitpress.content.fields import Fields
from kitpress.content.quantities import COST
from kitpress.model import Taxonomy, Term

# What the parser says; none of it may reach a volunteer.
PARSER_WORDS = re.compile(
    r"expected|found|mapping values|block end|scanning|while parsing|<|simple key|token",
    re.IGNORECASE,
)
HEAD = 'title: 标题\nsummary: 说明\nversion: "1.0.0"\n'


def codes(problems):
    return [(p.code, p.mark.line, p.mark.col) for p in problems]


SLIPS = [
    # a missing space after the colon: on ITS line, at the colon, wherever the parser stops
    ("title:独居\nsummary: 说明\n", ("K018", 1, 6)),
    ("summary: 说明\ntitle:独居\nversion: 1\n", ("K018", 2, 6)),
    ("summary: 说明\ntitle:独居\n", ("K018", 2, 6)),
    ("title:独居\n", ("K018", 1, 6)),
    ("authors:\n  - name:测试小组\n", ("K018", 2, 9)),
    ("cover:\n  src:assets/a.png\n", ("K018", 2, 6)),
    # indentation too deep or too shallow
    (HEAD + "  updated: 2020-03-01\n", ("K022", 4, 1)),
    ("authors:\n  - name: 甲\n     circle: 践行圈\n", ("K022", 3, 1)),
    ("cover:\n  src: a.png\n alt: 封面\n", ("K023", 3, 1)),
    ("authors:\n  - name: 甲\n   circle: 践行圈\n", ("K023", 3, 1)),
    ("steps:\n  - 一\n - 二\n", ("K023", 3, 1)),
    # a value, then a block indented under it: the value is the slip
    ("authors: 甲\n  - name: 甲\n", ("K028", 1, 10)),
    ("cover: 封面\n  src: a.png\n  alt: 封面\n", ("K028", 1, 8)),
    # a list item among keys, and a key among list items
    ("cover:\n  src: a.png\n  - alt: 封面\n", ("K024", 3, 3)),
    ("title: 标题\n- 说明\n", ("K024", 2, 1)),
    ("steps:\n  - 一\n  - 二\n  note: 三\n", ("K025", 4, 3)),
    # unclosed quotes and brackets: where the closing one goes
    ('title: "独居\nsummary: 说明\n', ("K020", 1, 11)),
    ("title: '独居\n", ("K020", 1, 11)),
    ('title: "独居\nsummary: 说明\nversion: "1.0.0"\n', ("K020", 1, 11)),
    ("scenarios: [小区门禁\nsummary: 说明\n", ("K021", 1, 17)),
    ("summary: 说明\nscenarios: [小区门禁\n", ("K021", 2, 17)),
    ("cover: {src: a.png\n", ("K021", 1, 19)),
    ("a: {b: [1, 2}\n", ("K021", 1, 13)),
    ("scenarios: [小区门禁,\n  社区工作者\nsummary: 说明\n", ("K021", 2, 8)),
    # Chinese quotes around a value
    ("version: “1.0.0”\n", ("K019", 1, 10)),
    ("title: “独居: 老人”\n", ("K019", 1, 8)),
    ("updated: ‘2020-03-01’\n", ("K019", 1, 10)),
    # a tab, a full-width colon or space
    ("authors:\n\t- name: 甲\n", ("K013", 2, 1)),
    ("cover:\n  src: a.png\n\talt: 封面\n", ("K013", 3, 1)),
    ("title: 标题\nlicense：CC-BY-4.0\nversion: 1\n", ("K011", 2, 8)),
    ("cover:\n  src：a.png\n", ("K011", 2, 6)),
    ("summary: 说明\ntitle:\u3000独居\nversion: 1\n", ("K012", 2, 7)),
    ("cover:\n\u3000 src: a.png\n", ("K012", 2, 1)),
    # a key repeated
    ("title: 一\nsummary: 二\ntitle: 三\n", ("K002", 3, 1)),
    # a colon and a space inside a value, a line that is neither key nor item
    ("summary: 注意: 不要挡路\n", ("K027", 1, 12)),
    ("title: 标题\n许可\nversion: 1\n", ("K026", 2, 1)),
    # anything else: a plain message at the parser's place, never its words
    ("scenarios: [小区门禁]]\nsummary: 说明\n", ("K030", 1, 18)),
    ("titl 标题\nsummary: 说明\n", ("K026", 1, 1)),
    ("authors: - name: 甲\n", ("K031", 1, 10)),
    ('version: "1.0.0" 版\nsummary: 说明\n', ("K032", 1, 18)),
    ("title: 'a'b\n", ("K032", 1, 11)),
    ("scenarios: [小区门禁][\nsummary: 说明\n", ("K001", 1, 18)),
    # a value starting with a character YAML keeps for itself
    ("title: @独居\n", ("K029", 1, 8)),
    ("summary: |注意\ntitle: 标题\n", ("K029", 1, 10)),
    ("title: 标题\t\n", ("K013", 1, 10)),
]


@pytest.mark.parametrize(("text", "expected"), SLIPS, ids=[s[1][0] for s in SLIPS])
def test_each_slip_is_named_at_its_line_and_column(text, expected):
    _, problems = parse_yaml(text, "pack.yml")
    assert codes(problems) == [expected]
    for lang in ("zh", "en"):
        message = problems[0].message(lang)
        assert not PARSER_WORDS.search(message), message
        assert "\n" not in problems[0].format(lang)


def test_the_same_slips_in_card_front_matter_are_at_the_card_file_lines():
    found = [
        (p.mark.path.rsplit("/", 1)[1], p.code, p.mark.line, p.mark.col)
        for p in problems_of(FIXTURES / "bad")
        if p.mark.path.startswith("packs/card-yaml/")
    ]
    assert found == [
        ("01-no-space.md", "K018", 2, 6),
        ("02-too-deep.md", "K022", 3, 1),
        ("03-quotes.md", "K019", 2, 8),
        ("04-repeated.md", "K002", 4, 1),
    ]


@pytest.mark.parametrize(
    ("pack", "expected"),
    [
        ("yaml-no-space", ("K018", 2, 8)),
        ("yaml-too-deep", ("K022", 4, 1)),
        ("yaml-too-shallow", ("K023", 9, 1)),
        ("yaml-value-and-block", ("K028", 7, 10)),
        ("yaml-item-in-mapping", ("K024", 11, 3)),
        ("yaml-key-in-list", ("K025", 12, 3)),
        ("yaml-unclosed-quote", ("K020", 1, 14)),
        ("yaml-syntax", ("K021", 6, 17)),
        ("yaml-chinese-quotes", ("K019", 4, 10)),
        ("yaml-tab", ("K013", 8, 1)),
        ("yaml-wide-colon", ("K011", 3, 8)),
        ("yaml-wide-space", ("K012", 1, 7)),
        ("duplicate-key", ("K002", 9, 1)),
        ("yaml-colon-in-value", ("K027", 2, 12)),
        ("yaml-not-a-line", ("K026", 4, 1)),
        ("yaml-special-start", ("K029", 1, 8)),
        ("yaml-extra-bracket", ("K030", 6, 18)),
        ("yaml-after-quote", ("K032", 4, 18)),
        ("yaml-other", ("K001", 6, 18)),
    ],
)
def test_each_slip_has_a_bad_pack(pack, expected):
    found = [p for p in problems_of(FIXTURES / "bad") if p.mark.path == f"packs/{pack}/pack.yml"]
    assert codes(found) == [expected]


def test_the_messages_name_the_fix():
    def message(text, lang="zh"):
        return parse_yaml(text, "p.yml")[1][0].message(lang)

    assert "“title: 独居”" in message("title:独居\n")
    assert "'title: 独居'" in message("title:独居\n", "en")
    assert 'version: "1.0.0"' not in message("version: “1.0.0”\n")  # not doubled: “"1.0.0"”
    assert '请写成 "1.0.0"' in message("version: “1.0.0”\n")
    assert "中文引号" in message("version: “1.0.0”\n")
    assert "Chinese quotes" in message("version: “1.0.0”\n", "en")
    assert "补上 ]" in message("scenarios: [小区门禁\n")
    assert "缩进 0 个空格" in message(HEAD + "  updated: 2020-03-01\n")
    assert 'summary: "注意: 不要挡路"' in message("summary: 注意: 不要挡路\n")


def test_chinese_quotes_around_chinese_values_that_only_read_inside_them():
    text = "title: “门贴”\nscenarios: [“小区门禁”]\ncost: “5元”\n"
    doc, problems = parse_yaml(text, "p.yml")
    assert problems == []  # “门贴” may be typography; the fields know better
    fields = Fields(doc)
    taxonomy = Taxonomy(scenarios=(Term("gate-access", "小区门禁"),), audiences=(), circles=())
    assert fields.terms(doc.data, (), "scenarios", "scenarios", taxonomy) == ("gate-access",)
    cost = fields.span(doc.data, (), "cost", COST)
    assert cost is not None and cost.text == "5元"
    assert fields.text(doc.data, (), "title") == "“门贴”"
    assert codes(fields.problems) == [("K019", 2, 13), ("K019", 3, 7)]
    assert fields.problems[1].message() == '这里用了中文引号 “ ”：YAML 只认英文引号，请写成 "5元"'


def test_chinese_quotes_are_read_as_the_value_inside_them():
    doc, problems = parse_yaml("version: “1.0.0”\nupdated: “2020-03-01”\n", "p.yml")
    assert codes(problems) == [("K019", 1, 10), ("K019", 2, 10)]
    assert doc.data == {"version": "1.0.0", "updated": "2020-03-01"}


@pytest.mark.parametrize(
    "text",
    [
        "title: “门贴”行动\nsummary: “独居老人”\n",  # Chinese quotes in Chinese text are typography
        "summary: |\n  注意:不要\n    - 缩进\n  key: value\nurl: https://example.org\n",
        "steps:\n- 一\n- 二\nauthors:\n- name: 甲\n  url: mailto:a@example.org\n",
        "summary: \"很长的\n  一段\"\ntitle: 'it''s'\n",
        "summary: 注意：不要挡路\ntime: 10:30\nnote: a:b\n",
        "scenarios: [小区门禁,\n  社区工作者]\ncover: {src: a.png, alt: 封面}\n",
    ],
)
def test_valid_yaml_that_looks_like_a_slip_is_fine(text):
    assert parse_yaml(text, "p.yml")[1] == []


def test_the_parser_text_follows_only_with_verbose(make_project):
    root = make_project("site")
    pack = root / "packs" / "gate-parcels" / "pack.yml"
    pack.write_text(pack.read_text(encoding="utf-8").replace("cost: 0-10元", "cost:0-10元\n  x: 1"))
    plain = kitpress("check", "--no-posters", "--lang", "en", "--root", str(root))
    assert plain.returncode == 1
    assert "pack.yml:10:5: K018 error: a space is missing after the colon" in plain.stderr
    assert "parser" not in plain.stderr and not PARSER_WORDS.search(plain.stderr)
    for command in (["check", "--no-posters"], ["build"]):
        loud = kitpress(*command, "--verbose", "--lang", "en", "--root", str(root))
        assert loud.returncode == 1
        assert "(the parser said: " in loud.stderr
        assert "mapping values are not allowed here" in loud.stderr or "expected" in loud.stderr
