"""Tests for loading and validating packs: every kind of problem, at its file and line."""

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES

from kitpress.build import inspect as inspect_project
from kitpress.build import load_project
from kitpress.content.settings import load_settings
from kitpress.outputs import printable_path
from kitpress.problems import ContentError, Mark


def problems_of(root: Path, site_url: str | None = None):
    _, problems = inspect_project(root, load_settings(root, site_url))
    return problems


def test_bad_fixture_reports_every_problem_at_its_line():
    """Each folder under tests/fixtures/bad/packs shows one kind of mistake."""
    root = FIXTURES / "bad"
    got = [f"{p.mark.path}:{p.mark.line}:{p.mark.col}: {p.code}" for p in problems_of(root)]
    expected = (root / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert got == expected


@pytest.mark.parametrize(
    ("pack", "code"),
    [
        ("yaml-other", "K001"),
        ("yaml-syntax", "K021"),
        ("wrong-types", "K103"),
        ("missing-fields", "K101"),
        ("unknown-key", "K102"),
        ("duplicate-key", "K002"),
        ("unknown-taxonomy", "K110"),
        ("bad-time-cost", "K111"),
        ("bad-time-cost", "K112"),
        ("Bad_Slug", "K105"),
        ("downloads", "K118"),
        ("bad-date-version", "K107"),
        ("bad-date-version", "K108"),
        ("missing-files", "K201"),
        ("no-alt", "K203"),
        ("leaves-pack", "K202"),
        ("leaves-pack", "K204"),
        ("not-utf8", "K003"),
        ("card-errors", "K301"),
        ("card-errors", "K302"),
        ("poster-card", "K303"),
        ("unsafe-markdown", "K205"),
        ("unsafe-markdown", "K206"),
        ("bad-printables", "K305"),
        ("bad-printables", "K306"),
        ("bad-printables", "K304"),  # size: B5
        ("unused-asset", "K403"),
    ],
)
def test_each_kind_of_problem_is_found_in_its_pack(pack, code):
    found = [p for p in problems_of(FIXTURES / "bad") if p.mark.path.startswith(f"packs/{pack}/")]
    assert code in [p.code for p in found]


def test_did_you_mean_for_keys_and_taxonomy():
    by_code = {p.code: p for p in problems_of(FIXTURES / "bad") if p.code in ("K102", "K110")}
    assert "title" in by_code["K102"].message("en")
    assert "did you mean" in by_code["K102"].message("en")
    assert "你是不是想写" in by_code["K110"].message()


def test_valid_fixture_has_no_problems():
    assert problems_of(FIXTURES / "site") == []


def test_model_is_complete_and_immutable():
    root = FIXTURES / "site"
    project = load_project(root, load_settings(root))
    pack = project.pack("gate-parcels")
    assert pack is not None
    assert pack.scenarios == ("gate-access", "community-workers")
    assert pack.time is not None and pack.time.low == 60
    assert [c.slug for c in pack.cards] == ["talk-to-guard", "write-signs"]
    assert pack.material_cost() is not None and pack.material_cost().text == "10元"
    assert [(s.card, s.size) for s in pack.poster_specs()] == [
        ("", "A4"),
        ("write-signs", "A5"),
        ("talk-to-guard", "A4"),
    ]
    with pytest.raises(AttributeError):
        pack.title = "changed"  # type: ignore[misc]


def test_errors_raise_content_error_with_all_problems():
    root = FIXTURES / "bad"
    with pytest.raises(ContentError) as info:
        load_project(root, load_settings(root))
    assert len(info.value.problems) > 20


def test_case_duplicate_slugs(make_project):
    root = make_project("site")
    (root / "packs" / "gate-parcels").rename(root / "packs" / "Gate-Parcels")
    # A second folder that differs only in case: allowed by Linux, a clash on other systems.
    shutil.copytree(root / "packs" / "Gate-Parcels", root / "packs" / "gate-parcels")
    codes = {p.code for p in problems_of(root)}
    assert {"K105", "K106"} <= codes


def test_long_qr_urls_warn_and_fail_only_when_strict(make_project):
    root = make_project("site")
    long_url = "https://a-very-long-organisation-name.github.io/community-toolkits/"
    problems = problems_of(root, long_url)
    assert {p.code for p in problems} == {"K401"}
    settings = load_settings(root, long_url)
    load_project(root, settings)  # warnings do not stop a build
    with pytest.raises(ContentError):
        load_project(root, settings, strict=True)


def test_missing_poster_font_is_a_warning_on_its_mkdocs_line(make_project):
    root = make_project("site")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("Noto Sans CJK SC", "No Such Font"),
        encoding="utf-8",
    )
    [found] = problems_of(root)
    line = (
        config.read_text(encoding="utf-8").splitlines().index("    font_family: No Such Font") + 1
    )
    assert (found.code, found.mark.path, found.mark.line) == ("K404", "mkdocs.yml", line)


PACK = "packs/gate-parcels/pack.yml"
CARD = "packs/gate-parcels/cards/01-talk-to-guard.md"
BOMB = "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)


@pytest.mark.parametrize(
    ("source", "old", "new", "expected"),
    [
        # Loops, nesting and alias bombs stop the file with one problem, not a traceback.
        (PACK, "origin:", "x: &s [*s]\norigin:", [(PACK, 15, 8, "K010")]),
        (PACK, "origin:", "cover: &c\n  src: *c\norigin:", [(PACK, 16, 8, "K010")]),
        (CARD, "poster:", "checklist: &a [*a]\nposter:", [(CARD, 7, 16, "K010")]),
        (
            PACK,
            "posters:\n",
            "posters: " + "[" * 1000 + "]" * 1000 + "\n#",
            [(PACK, 29, 39, "K008")],
        ),
        (
            PACK,
            "title:",
            "a: &a [x, x, x, x, x, x, x, x, x]\n" + BOMB + "title:",
            [(PACK, 2, 0, "K016")],
        ),
        # YAML 1.1 surprises: what was typed is kept and shown.
        (PACK, '"1.0.0"', "1.10", [(PACK, 5, 10, "K108", "1.10")]),
        (PACK, "1小时", "1:30", [(PACK, 9, 7, "K111", "1:30")]),
        (PACK, "origin: 一次门口快递堆积时的临时办法。", "origin: 2020-03-24", []),
        (PACK, "title: 门口的快递分楼摆放", "title: 1.10", []),
        (PACK, '"1-6"', "[1, 2, 2]", [(PACK, 34, 23, "K123", "2")]),
        (PACK, "per_sign: 1", 'per_sign: "6"', [(PACK, 35, 15, "K103", "文字")]),
        (PACK, "community-workers]", "~]", [(PACK, 7, 19, "K116", "scenarios[2]")]),
        (PACK, "[物业与保安, 志愿者]", "[yes]", [(PACK, 8, 13, "K110", "“yes”")]),
        (PACK, "circle: 践行圈", "circle: no", [(PACK, 14, 13, "K114", "“no”")]),
        (
            PACK,
            "    cost: 5元\n  - name: 胶带",
            "    cost: [10元]\n  - name: 胶带",
            [(PACK, 19, 11, "K103", "“materials[1].cost” 应该是文字，这里是列表")],
        ),
        # Dates, times and costs within reason.
        (PACK, "2020-02-20", "2999-12-31", [(PACK, 6, 10, "K120")]),
        (PACK, "2020-02-20", "20200324", [(PACK, 6, 10, "K107", "20200324")]),
        (PACK, "2020-02-20", '"2020-W13-2"', [(PACK, 6, 10, "K107")]),
        (PACK, "1小时", "0分钟", [(PACK, 9, 7, "K121")]),
        (PACK, "1小时", "99999999999999999999天", [(PACK, 9, 7, "K121", "366")]),
        (PACK, "0-10元", "100000000000000000000000元", [(PACK, 10, 7, "K122", "100000")]),
        # Did you mean: a list, or the right case.
        (
            PACK,
            "[小区门禁, community-workers]",
            "小区门禁、社区工作者",
            [(PACK, 7, 12, "K110", "[小区门禁, 社区工作者]")],
        ),
        (
            PACK,
            "[物业与保安, 志愿者]",
            "newcomers, connectors",
            [(PACK, 8, 12, "K110", "[newcomers, connectors]")],
        ),
        (PACK, "size: A5", "size: a4", [(PACK, 31, 11, "K304", "“A4”？")]),
        # Typing slips are named at their own line instead of YAML's next-line error.
        (PACK, "difficulty: 容易", "difficulty：容易", [(PACK, 11, 11, "K011")]),
        (PACK, "title: 门口", "title：门口", [(PACK, 2, 6, "K011")]),
        (PACK, "    circle: 践行圈", "\u3000   circle: 践行圈", [(PACK, 14, 1, "K012", "U+3000")]),
        (PACK, "  - name: 胶带", "\u00a0 - name: 胶带", [(PACK, 20, 1, "K012", "U+00A0")]),
        (PACK, "    circle: 践行圈", "\tcircle: 践行圈", [(PACK, 14, 1, "K013", "Tab")]),
        (PACK, "title: 门口", "title: \x07门口", [(PACK, 2, 8, "K009", "U+0007")]),
        (CARD, "summary: 门卫", "summary: \x00\x1b门卫", [(CARD, 3, 10, "K009", "U+0000")]),
        (CARD, "time: 10分钟", "time：10分钟", [(CARD, 4, 5, "K011")]),
        (
            PACK,
            "  - name: 测试小组\n    circle: 践行圈",
            "  - &a\n    name: 测试小组\n  - <<: *a\n    name: 二组",
            [(PACK, 15, 5, "K014")],
        ),
        # Empty or wrongly shaped files, unclosed front matter.
        (PACK, "", None, [(PACK, 1, 1, "K015")]),
        (PACK, "# 只有注释\n", None, [(PACK, 1, 1, "K015")]),
        (PACK, "- a\n- b\n", None, [(PACK, 1, 1, "K004", "列表")]),
        (CARD, "---\n- a\n---\n", None, [(CARD, 2, 1, "K004")]),
        (CARD, "---\ntitle: 一\n\n正文\n", None, [(CARD, 1, 1, "K124")]),
        (CARD, "----\ntitle: 一\n----\n正文\n", None, [(CARD, 1, 1, "K125", "“----”")]),
        (CARD, "---\ntitle: 一\n----\n正文\n", None, [(CARD, 3, 1, "K125")]),
    ],
)
def test_mistyped_yaml_gives_one_plain_problem_at_its_line(
    make_project, source, old, new, expected
):
    root = make_project("site")
    path = root / source
    text = path.read_text(encoding="utf-8")
    if new is None:  # replace the whole file
        text = old
    else:
        assert old in text
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    found = [p for p in problems_of(root) if p.mark.path.startswith("packs/gate-parcels/")]
    got = [(p.mark.path, p.mark.line, p.mark.col, p.code) for p in found]
    assert got == [e[:4] if e[2] else (*e[:2], got[0][2], e[3]) for e in expected]
    for p, e in zip(found, expected, strict=True):
        assert all(part in p.message() for part in e[4:])
        assert "\n" not in p.format()
        # Never a Python repr: ['10元'], None, True, 1.1.
        assert not any(r in p.message() for r in ("['", "None", "True", "False", "1.1”"))


def test_numbers_and_dates_in_text_fields_are_kept_as_typed(make_project):
    root = make_project("site")
    path = root / PACK
    text = path.read_text(encoding="utf-8").replace("title: 门口的快递分楼摆放", "title: 1.10")
    path.write_text(
        text.replace("origin: 一次门口快递堆积时的临时办法。", "origin: 2020-03-24"), "utf-8"
    )
    project = load_project(root, load_settings(root))
    (pack,) = project.packs
    assert (pack.title, pack.origin) == ("1.10", "2020-03-24")


def where(problems, code):
    """List ``file:line:col`` of each problem with ``code``."""
    return [f"{p.mark.path}:{p.mark.line}:{p.mark.col}" for p in problems if p.code == code]


def test_case_duplicate_is_blamed_on_the_folder_that_differs(make_project):
    root = make_project("site")
    shutil.copytree(root / "packs" / "gate-parcels", root / "packs" / "GATE-parcels")
    problems = problems_of(root)
    assert where(problems, "K106") == ["packs/GATE-parcels/pack.yml:1:1"]
    assert where(problems, "K105") == ["packs/GATE-parcels/pack.yml:1:1"]


def test_files_beside_pack_yml_are_reported_with_where_they_belong(make_project):
    root = make_project("site")
    pack = root / "packs" / "gate-parcels"
    (pack / "cards").rename(pack / "Cards")
    (pack / "03-extra.md").write_text("---\ntitle: 多一张\n---\n", encoding="utf-8")
    (pack / ".gitkeep").write_text("", encoding="utf-8")
    found = {p.mark.path: dict(p.args)["hint"] for p in problems_of(root) if p.code == "K223"}
    assert found == {
        "packs/gate-parcels/03-extra.md": "cards/03-extra.md",
        "packs/gate-parcels/Cards": "cards",
    }


def test_cards_are_checked_even_when_pack_yml_is_broken(make_project):
    root = make_project("site")
    pack = root / "packs" / "gate-parcels"
    (pack / "pack.yml").write_text("title: [unclosed\n", encoding="utf-8")
    card = pack / "cards" / "01-talk-to-guard.md"
    card.write_text("---\ntitel: 先和保安商量\n---\n正文\n", encoding="utf-8")
    codes = {(p.code, p.mark.path) for p in problems_of(root)}
    assert ("K021", "packs/gate-parcels/pack.yml") in codes
    assert ("K102", "packs/gate-parcels/cards/01-talk-to-guard.md") in codes


@pytest.mark.parametrize("name", ["01-index.md", "02-assets.md"])
def test_card_names_of_the_packs_own_pages_are_refused(make_project, name):
    root = make_project("site")
    cards = root / "packs" / "gate-parcels" / "cards"
    (cards / "02-write-signs.md").unlink()  # keep the poster's card out of the way
    (cards / "01-talk-to-guard.md").rename(cards / name)
    assert where(problems_of(root), "K320") == [f"packs/gate-parcels/cards/{name}:1:1"]


def test_hidden_files_in_cards_are_ignored(make_project):
    root = make_project("site")
    (root / "packs" / "gate-parcels" / "cards" / ".gitkeep").write_text("", encoding="utf-8")
    assert problems_of(root) == []


@pytest.mark.parametrize(
    ("src", "code", "hint"),
    [
        ("https://example.com/cover.jpg", "K502", ""),
        ("data:image/png;base64,AAAA", "K502", ""),
        ("pack.yml", "K222", ""),
        ("assets\\cover.png", "K224", "assets/cover.png"),
        ("assets/cover.png", "K201", "assets/Cover.PNG"),
        ("/etc/passwd", "K202", ""),
    ],
)
def test_cover_must_be_a_picture_inside_the_pack(make_project, src, code, hint):
    root = make_project("site")
    pack = root / "packs" / "gate-parcels"
    (pack / "assets").mkdir()
    name = "cover.png" if code == "K224" else "Cover.PNG"
    (pack / "assets" / name).write_bytes(b"\x89PNG\r\n\x1a\n")
    text = (pack / "pack.yml").read_text(encoding="utf-8")
    cover = f'cover:\n  src: "{src}"\n  alt: 门口的楼号牌\n'.replace("\\", "\\\\")
    (pack / "pack.yml").write_text(text + cover, encoding="utf-8")
    line = len(text.splitlines()) + 2
    found = [p for p in problems_of(root) if p.code not in ("K403",)]
    assert [(p.code, p.mark.line, dict(p.args).get("hint", "")) for p in found] == [
        (code, line, hint)
    ]


def test_markdown_in_every_yaml_text_is_checked_at_its_line(make_project):
    root = make_project("site")
    folder = root / "packs" / "gate-parcels"
    pack = folder / "pack.yml"
    text = pack.read_text(encoding="utf-8")
    text = text.replace(
        "summary: 用纸牌", 'summary: "点这里 [领取口罩](javascript:alert(1)) 用纸牌'
    )
    text = text.replace("一小时就能完成。", '一小时就能完成。"')
    text = text.replace("origin: 一次", "origin: <b onclick=alert(2)>x</b> 一次")
    text = text.replace("    quantity: 1支", '    quantity: 1支\n    note: "[笔](JaVaScRiPt:x)"')
    text = text.replace("  - name: 测试小组", '  - name: "测试小组 {: onclick=alert(5) }"')
    text = text.replace(
        "    circle: 践行圈",
        '    url: "https://a.org)<img src=x onerror=alert(6)>("\n  - name: 空网址\n    url: https://',
    )
    text = text.replace("  - 在业主群里发通知", "  - 看[卡片](cards/01-talk-to-guard.md)")
    pack.write_text(text, encoding="utf-8")
    card = folder / "cards" / "02-write-signs.md"
    card.write_text(
        card.read_text(encoding="utf-8").replace(
            "summary: 每栋", "checkin: '[r]: vbscript:x'\nsummary: 每栋"
        ),
        encoding="utf-8",
    )
    got = [f"{p.mark.path}:{p.mark.line}:{p.mark.col}: {p.code}" for p in problems_of(root)]
    assert got == [
        "packs/gate-parcels/cards/02-write-signs.md:3:10: K206",
        "packs/gate-parcels/pack.yml:3:10: K206",
        "packs/gate-parcels/pack.yml:13:11: K205",
        "packs/gate-parcels/pack.yml:14:10: K209",
        "packs/gate-parcels/pack.yml:16:10: K209",
        "packs/gate-parcels/pack.yml:17:9: K205",
        "packs/gate-parcels/pack.yml:21:11: K206",
        "packs/gate-parcels/pack.yml:31:5: K208",
    ]


def test_card_links_must_reach_a_page_of_the_site(make_project):
    root = make_project("site")
    card = root / "packs" / "gate-parcels" / "cards" / "01-talk-to-guard.md"
    body = (
        "\n[下一步](06-nothing.md) [别的包](../../other/cards/01-a.md)\n\n"
        "[包文件][p] [好的](02-write-signs.md) [锚点](#top)\n\n[p]: ../pack.yml\n\n"
        "![](/tmp/x/secret.png 'x')\n"
    )
    card.write_text(card.read_text(encoding="utf-8") + body, encoding="utf-8")
    lines = card.read_text(encoding="utf-8").splitlines()
    first = lines.index("[下一步](06-nothing.md) [别的包](../../other/cards/01-a.md)") + 1
    got = [(p.mark.line - first, p.mark.col, p.code) for p in problems_of(root)]
    assert got == [(0, 1, "K201"), (0, 22, "K202"), (4, 1, "K207"), (6, 1, "K202"), (6, 1, "K203")]


def test_site_pages_and_taxonomy_are_checked_for_scripts(make_project):
    """A pull request may touch content/ too: its pages reach the site unescaped."""
    root = make_project("site")
    content = root / "content"
    page = content / "index.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    page.write_text("\n".join([*lines, "", "<script>alert(1)</script>"]), encoding="utf-8")
    (content / "evil.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    (content / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    taxonomy = content / "taxonomy.yml"
    text = taxonomy.read_text(encoding="utf-8")
    bad = 'label: 复工, description: "[x](javascript:alert(1))"'
    taxonomy.write_text(text.replace("label: 复工", bad), encoding="utf-8")
    line = text.splitlines().index(next(t for t in text.splitlines() if "label: 复工" in t)) + 1
    got = {(p.code, p.mark.path, p.mark.line) for p in problems_of(root)}
    assert got == {
        ("K205", "content/index.md", len(lines) + 2),
        ("K220", "content/evil.html", 1),
        ("K206", "content/taxonomy.yml", line),
    }


def test_a_refused_tag_is_one_problem_not_also_an_empty_field(make_project):
    root = make_project("site")
    pack = root / "packs" / "gate-parcels" / "pack.yml"
    text = pack.read_text(encoding="utf-8")
    pack.write_text(text.replace("title: 门口", "title: !Ref 门口"), encoding="utf-8")
    assert [(p.code, p.mark.line) for p in problems_of(root)] == [("K006", 2)]


PACK_EDITS = [  # (code, the text replaced in the site fixture's pack.yml, by what, where)
    ("K104", "title: 门口的快递分楼摆放", "title: " + "长" * 41, "pack.yml:2:8"),
    ("K115", "scenarios: [小区门禁, community-workers]", "scenarios: []", "pack.yml:7:12"),
    ("K117", "audiences: [物业与保安, 志愿者]", "audiences: [志愿者, 志愿者]", "pack.yml:8:18"),
    (
        "K119",
        "    circle: 践行圈",
        "    circle: 践行圈\n    url: www.example.org",
        "pack.yml:15:10",
    ),
]


@pytest.mark.parametrize(("code", "old", "new", "at"), PACK_EDITS, ids=[e[0] for e in PACK_EDITS])
def test_each_field_problem_at_its_value(make_project, code, old, new, at):
    root = make_project("site")
    path = root / "packs" / "gate-parcels" / "pack.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    problems = problems_of(root)
    assert [p.code for p in problems] == [code]
    assert where(problems, code) == [f"packs/gate-parcels/{at}"]


def test_cards_sharing_a_number_or_a_name_are_reported_on_the_second(make_project):
    root = make_project("site")
    cards = root / "packs" / "gate-parcels" / "cards"
    (cards / "03-talk-to-guard.md").write_text("---\ntitle: 同名\n---\n正文\n", encoding="utf-8")
    (cards / "01-again.md").write_text("---\ntitle: 同号\n---\n正文\n", encoding="utf-8")
    problems = problems_of(root)
    assert where(problems, "K307") == ["packs/gate-parcels/cards/01-talk-to-guard.md:1:1"]
    assert where(problems, "K308") == ["packs/gate-parcels/cards/03-talk-to-guard.md:1:1"]
    assert {p.code for p in problems} == {"K307", "K308"}


def test_a_pack_without_cards_is_a_warning_on_its_folder(make_project):
    root = make_project("site")
    pack = root / "packs" / "gate-parcels"
    shutil.rmtree(pack / "cards")
    text = (pack / "pack.yml").read_text(encoding="utf-8")
    (pack / "pack.yml").write_text(text[: text.index("posters:")], encoding="utf-8")
    problems = problems_of(root)
    assert [(p.code, p.severity.value) for p in problems] == [("K402", "warning")]
    assert where(problems, "K402") == ["packs/gate-parcels/pack.yml:1:1"]


def test_an_unreadable_file_is_one_problem_at_its_path(make_project):
    root = make_project("site")
    path = root / "content" / "taxonomy.yml"
    path.unlink()
    path.mkdir()  # reading it fails as a broken disk or a permission would
    problems = [p for p in problems_of(root) if p.mark.path == "content/taxonomy.yml"]
    assert [(p.code, p.mark) for p in problems] == [("K005", Mark("content/taxonomy.yml"))]
    assert problems[0].message("en") == "cannot read this file: Is a directory"


LONG = "这一行正文写得很长很长，是为了让海报一页放不下才写的，请把它删短一些。" * 3


def test_marks_travel_in_the_model_and_no_source_is_read_again(make_project):
    """Posters are laid out from the model alone: the files may be gone, the lines are not."""
    from kitpress.printing.plan import fit_posters

    root = make_project("site")
    pack = root / "packs" / "gate-parcels"
    card = pack / "cards" / "01-talk-to-guard.md"  # poster: true, not listed under posters:
    card.write_text(card.read_text(encoding="utf-8") + "\n\n".join([LONG] * 60), encoding="utf-8")
    project = load_project(root, load_settings(root))
    loaded = project.pack("gate-parcels")
    assert loaded.steps_mark.line > 1 and all(spec.mark for spec in loaded.posters)
    assert (
        loaded.card("talk-to-guard").body_mark.path
        == "packs/gate-parcels/cards/01-talk-to-guard.md"
    )
    shutil.rmtree(pack / "cards")
    (pack / "pack.yml").write_text("", encoding="utf-8")
    (root / "mkdocs.yml").write_text("", encoding="utf-8")
    found = fit_posters(project, root / "build" / "cache", jobs=1)
    body = loaded.card("talk-to-guard").body_mark
    assert [(p.code, p.mark) for p in found] == [("K309", body)]
    assert (body.line, body.col) == (11, 1)  # the body's first line, as check prints it


def test_printables_take_a_paper_size_and_are_named_by_it(make_project):
    root = make_project("site")
    yml = root / "packs" / "gate-parcels" / "pack.yml"
    sheets = "  - kind: card-sheet\n    size: A3\n  - kind: card-sheet\n  - kind: card-sheet\n    size: A5\n"
    yml.write_text(yml.read_text(encoding="utf-8") + sheets, encoding="utf-8")
    pack = load_project(root, load_settings(root)).pack("gate-parcels")
    assert pack is not None
    assert [(p.kind, p.size) for p in pack.printables] == [
        ("building-labels", "A4"),
        ("card-sheet", "A3"),
        ("card-sheet", "A4"),
        ("card-sheet", "A5"),
    ]
    paths = [printable_path(pack, i) for i in range(len(pack.printables))]
    assert paths[1:] == [
        "downloads/gate-parcels/cards-a3.pdf",
        "downloads/gate-parcels/cards.pdf",
        "downloads/gate-parcels/cards-a5.pdf",
    ]


def test_links_between_site_pages_must_reach_a_page_the_build_writes(make_project):
    """A pack removed or renamed leaves links in content/ that MkDocs would refuse at build."""
    root = make_project("site")
    (root / "content" / "guide").mkdir()
    (root / "content" / "guide" / "start.md").write_text(
        "# 开始\n\n[首页](../index.md) [包](../gate-parcels/index.md)\n", encoding="utf-8"
    )
    page = root / "content" / "index.md"
    good = (
        "[包](gate-parcels/index.md) [卡](gate-parcels/talk-to-guard.md#top) "
        "[码](codes/index.md#K103) [场景](scenarios/gate-access.md) [下载](downloads/index.md) "
        "[开始](guide/start.md) [图](logo.png) [站外](https://example.org/x.md)"
    )
    bad = "[旧](old-pack/index.md) [错](gate-parcel/index.md) [卡](gate-parcels/talk.md)"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + f"\n{good}\n\n{bad}\n", encoding="utf-8")
    line = len(text.splitlines()) + 4
    found = [(p.code, p.mark, dict(p.args).get("hint", "")) for p in problems_of(root)]
    assert found == [
        ("K201", Mark("content/index.md", line, 1), "packs/index.md"),  # the catalog is close
        ("K201", Mark("content/index.md", line, bad.index("[错]") + 1), "gate-parcels/index.md"),
        (
            "K201",
            Mark("content/index.md", line, bad.index("[卡]") + 1),
            "gate-parcels/talk-to-guard.md",
        ),
    ]


def test_a_link_too_long_for_the_file_system_is_k201_not_exit_2(make_project):
    """scripts/fuzz found it: looking the name up raised ENAMETOOLONG, an I/O error (exit 2)."""
    root = make_project("site")
    card = root / "packs" / "gate-parcels" / "cards" / "01-talk-to-guard.md"
    name = "9" * 400 + "-write-signs.md"
    card.write_text(card.read_text(encoding="utf-8") + f"\n[太长]({name})\n", encoding="utf-8")
    line = len(card.read_text(encoding="utf-8").splitlines())
    got = [(p.mark.line, p.mark.col, p.code) for p in problems_of(root)]
    assert got == [(line, 1, "K201")]
