"""Messages that point right and also say what to write: names, paths, addresses, encodings, costs."""

import pytest
from conftest import FIXTURES
from test_loader import problems_of

from kitpress.build import MARKDOWN, load_project
from kitpress.content.settings import load_settings
from kitpress.printing.plan import poster_jobs
from kitpress.problems import Severity
from kitpress.publish.pages import write_pages


@pytest.fixture(scope="module")
def bad():
    return problems_of(FIXTURES / "bad")


def found(problems, pack):
    return [p for p in problems if p.mark.path.startswith(f"packs/{pack}/")]


def where(problems):
    return [(p.mark.path.split("/", 2)[2], p.code, p.mark.line, p.mark.col) for p in problems]


def test_a_card_name_in_chinese_is_told_to_use_latin_letters(bad):
    here = found(bad, "card-name-chinese")
    assert where(here) == [
        ("cards/03-门贴.md", "K301", 1, 1),
        ("cards/04-Door Note.md", "K301", 1, 1),
    ]
    chinese, spaced = here
    assert "两位数字-小写字母、数字和连字符.md" in chinese.message()
    assert "03-door-note.md" in chinese.message()
    assert "lowercase Latin letters, digits and hyphens" in chinese.message("en")
    assert "你是不是想写" not in chinese.message()  # no sure fix for Chinese: an example only
    assert "你是不是想写 “04-door-note.md”" in spaced.message()


def test_a_picture_written_from_the_pack_folder_is_shown_its_path_from_cards(bad):
    here = found(bad, "picture-from-cards")
    assert where(here) == [("cards/01-one.md", "K201", 7, 1)]  # and no K403 for the picture
    assert "你是不是想写 “../assets/list.png”" in here[0].message()
    assert "did you mean '../assets/list.png'" in here[0].message("en")


def test_a_web_address_without_https_is_not_a_missing_file(bad):
    here = found(bad, "link-no-https")
    assert where(here) == [
        ("cards/01-one.md", "K119", 7, 1),
        ("cards/01-one.md", "K119", 7, 32),
        ("pack.yml", "K119", 10, 5),
    ]
    assert "网址 “mp.weixin.qq.com/s/abc” 前面要加 https://" in here[0].message()
    assert "“https://www.example.org”" in here[1].message()
    assert "needs https://" in here[2].message("en")


def test_gbk_says_how_to_save_as_utf8(bad):
    here = found(bad, "not-utf8")
    assert where(here) == [("pack.yml", "K003", 1, 8)]
    zh, en = here[0].message(), here[0].message("en")
    assert "VS Code：点右下角的编码 → 通过编码保存 → UTF-8" in zh
    assert "记事本：另存为 → 编码选 UTF-8" in zh and "GitHub 网页" in zh
    assert "Notepad" in en and "GitHub's web editor" in en
    assert "0x" not in zh  # the byte is for --verbose
    assert "byte 0x" in dict(here[0].args)["parser"]  # shown after the message with --verbose


def test_a_missing_field_shows_a_line_to_copy(bad, make_project):
    messages = [p.message() for p in found(bad, "missing-fields")]
    assert messages == [
        "缺少必填字段 “authors”：请加上这样一行 “authors: [街坊互助小组]”",
        "缺少必填字段 “license”：请加上这样一行 “license: CC-BY-4.0”",
    ]
    card = next(p for p in found(bad, "card-errors") if p.mark.path.endswith("03-no-title.md"))
    assert (card.code, card.mark.line, card.mark.col) == ("K101", 2, 1)
    assert "title: " in card.message()
    root = make_project("site")
    pack = root / "packs" / "gate-parcels" / "pack.yml"
    text = pack.read_text(encoding="utf-8")
    text = text.replace('version: "1.0.0"\n', "").replace(
        "scenarios: [小区门禁, community-workers]\n", ""
    )
    pack.write_text(text, encoding="utf-8")
    here = [p for p in problems_of(root) if p.code == "K101"]
    assert [(p.mark.line, p.mark.col) for p in here] == [(2, 1), (2, 1)]  # below the comment
    shown = " ".join(p.message("en") for p in here)
    assert "add a line like 'version: \"1.0.0\"'" in shown
    assert "'scenarios: [双职工家庭]'" in shown  # the example comes from the project's taxonomy


def test_chinese_quotes_are_named_and_the_version_inside_them_is_read(bad):
    here = found(bad, "yaml-chinese-quotes")
    assert where(here) == [("pack.yml", "K019", 4, 10)]
    assert here[0].message() == '这里用了中文引号 “ ”：YAML 只认英文引号，请写成 "1.0.0"'
    version = found(bad, "bad-date-version")[0]
    assert version.code == "K108"
    assert 'version: "1.0.0"' in version.message() and "请加引号" not in version.message()


def test_a_pack_cost_outside_its_materials_total_is_a_warning(bad):
    here = found(bad, "cost-disagrees")  # a bare "cost: 5" in a material is 5元, no problem
    assert where(here) == [("pack.yml", "K410", 9, 7)]
    assert here[0].severity is Severity.WARNING
    assert "材料加起来是 8-12 元" in here[0].message()
    assert "they add up to 8-12 yuan" in here[0].message("en")


def test_a_cost_only_known_from_below_says_at_least(make_project):
    root = make_project("site")
    pack = root / "packs" / "gate-parcels" / "pack.yml"
    text = pack.read_text(encoding="utf-8").replace("cost: 0-10元", "cost: 2元")
    pack.write_text(text, encoding="utf-8")
    here = [p for p in problems_of(root) if p.code == "K410"]
    assert [(p.mark.line, p.mark.col) for p in here] == [(10, 7)]
    assert "材料加起来是 至少 10 元" in here[0].message()
    assert "they add up to at least 10 yuan" in here[0].message("en")


def test_bare_costs_print_as_yuan_on_pages_and_posters(make_project, tmp_path):
    root = make_project("site")
    pack = root / "packs" / "gate-parcels" / "pack.yml"
    text = pack.read_text(encoding="utf-8").replace("cost: 0-10元", "cost: 10", 1)
    pack.write_text(text.replace("cost: 5元", "cost: 5", 1), encoding="utf-8")
    assert problems_of(root) == []
    project = load_project(root, load_settings(root))
    loaded = project.pack("gate-parcels")
    assert loaded is not None
    assert (loaded.cost and loaded.cost.text, loaded.materials[0].cost.text) == ("10元", "5元")
    docs = tmp_path / "docs"
    write_pages(project, (), docs, MARKDOWN)
    page = (docs / "gate-parcels" / "index.md").read_text(encoding="utf-8")
    assert "<strong>马克笔</strong> · 1支 · 5元" in page
    assert '<dd markdown="span">10元</dd>' in page
    jobs, _ = poster_jobs(project, loaded, tmp_path / "cache", bleed=False)
    assert "10元" in jobs[0].html
