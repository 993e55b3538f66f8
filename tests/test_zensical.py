"""kitpress build --engine zensical: the same site and guarantees as MkDocs, from the same files."""

import re
from pathlib import Path

import pytest
import yaml
from conftest import CHROMIUM, copy_project, file_only_page
from test_offline import external_assets

from kitpress.build import BuildOptions
from kitpress.cli import main
from kitpress.content.settings import load_settings
from kitpress.publish.site import SiteError, build_site
from kitpress.publish.zensical import zensical_config

PAGES = ("index.html", "gate-parcels/index.html", "gate-parcels/write-signs/index.html")
# The offline copy names pages as files, so they open from file:// (as with MkDocs).
OFFLINE = ("index.html", "gate-parcels/index.html", "gate-parcels/write-signs.html")
CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="default-src \'self\';')


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = copy_project("site", tmp_path_factory.mktemp("zensical"))
    assert main(["build", "--engine", "zensical", "--root", str(root)]) == 0
    return root / "build"


def test_mkdocs_stays_the_default_engine() -> None:
    assert BuildOptions().engine == "mkdocs"


def test_zensical_builds_every_page_with_its_csp(built: Path) -> None:
    for copy, pages in (("site", PAGES), ("offline", OFFLINE)):
        for page in pages:
            text = (built / copy / page).read_text(encoding="utf-8")
            assert CSP.search(text), f"{copy}/{page}"
    assert not list(built.glob("zensical-*.yml")), "its configuration is removed after the build"


def test_zensical_site_and_offline_copy_load_nothing_from_another_host(built: Path) -> None:
    assert external_assets(built / "site") == []
    assert external_assets(built / "offline") == []


def test_zensical_site_is_searched_by_pagefind_and_the_offline_copy_by_its_own_index(
    built: Path,
) -> None:
    assert (built / "site" / "pagefind" / "pagefind.js").is_file()
    assert list((built / "site" / "pagefind").glob("pagefind.zh*.pf_meta"))
    assert not (built / "site" / "search.json").exists()  # MkDocs' online site has none either
    page = (built / "site" / "index.html").read_text(encoding="utf-8")
    assert "kp-search-header" in page and 'data-md-component="search"' not in page
    assert 'data-md-component="search"' in (built / "offline" / "index.html").read_text()
    assert "互助" in (built / "offline" / "search.js").read_text(encoding="utf-8")


def test_zensical_pages_link_to_their_source_for_editing(built: Path) -> None:
    page = (built / "site" / "gate-parcels" / "write-signs" / "index.html").read_text()
    edit = "https://github.com/example/kits/edit/main/packs/gate-parcels/cards/02-write-signs.md"
    assert f'href="{edit}"' in page
    offline = (built / "offline" / "gate-parcels" / "write-signs.html").read_text()
    assert f'href="{edit}"' in offline  # as in MkDocs' offline copy: the source stays one tap away


EDIT = re.compile(r'<a href="([^"]+)"[^>]*rel="edit"')


def edit_links(folder: Path) -> dict[str, list[str]]:
    """Map every page below ``folder`` to the addresses of its edit buttons."""
    return {
        p.relative_to(folder).as_posix(): EDIT.findall(p.read_text(encoding="utf-8"))
        for p in sorted(folder.rglob("*.html"))
    }


def test_zensical_gives_every_page_the_edit_button_mkdocs_gives_it(built: Path, tmp_path) -> None:
    root = copy_project("site", tmp_path)
    assert main(["build", "--root", str(root)]) == 0
    for copy in ("site", "offline"):
        theirs = edit_links(root / "build" / copy)
        assert sum(1 for links in theirs.values() if links) > 10  # cards, packs, content pages
        assert edit_links(built / copy) == theirs, copy


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")
def test_zensical_offline_copy_finds_chinese_from_mid_sentence_from_file(built, browser) -> None:
    with file_only_page(browser) as (page, blocked, errors):
        page.goto((built / "offline" / "index.html").as_uri(), wait_until="load")
        assert page.title().endswith("测试站点")
        page.keyboard.press("/")  # opens Zensical's search dialog (its own component)
        box = page.locator("input[role=combobox]")
        box.wait_for(timeout=15000)
        box.type("互助", delay=80)
        found = page.locator("a[href*='write-signs.html#']")  # a result: the page at a heading
        found.first.wait_for(timeout=15000)
        assert found.first.get_attribute("href").startswith((built / "offline").as_uri())
        with page.expect_navigation(wait_until="load"):
            found.first.click()
        assert page.url.startswith((built / "offline" / "gate-parcels").as_uri())
        assert "快递分拣互助网络" in page.locator("article").inner_text()
        header = page.locator(".md-header")
        assert header.evaluate("e => getComputedStyle(e).position") == "sticky"  # CSS loaded
        assert errors == []
    assert blocked == []


@pytest.mark.parametrize(
    ("plugins", "written"),
    [
        (["search", "offline"], ["search", "offline"]),
        ([{"search": {"lang": "zh"}}], [{"search": {"lang": "zh"}}]),
        ([], [{"search": {"enabled": False}}]),  # Zensical would search anyway
        ({"offline": {}}, {"offline": {}, "search": {"enabled": False}}),
    ],
)
def test_zensical_searches_only_where_the_plugins_setting_names_a_search(
    tmp_path, plugins, written
) -> None:
    root = copy_project("site", tmp_path)
    (root / "build").mkdir()
    settings = load_settings(root)
    path = zensical_config(
        settings, root / "build" / "docs", root / "build" / "site", plugins=plugins
    )
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert config["plugins"] == written
    assert config["theme"]["variant"] == "classic"  # Material's look, which the overrides copy


def test_a_page_zensical_refuses_fails_the_build_with_its_words_and_no_traceback(
    tmp_path,
) -> None:
    """kitpress's own check finds broken links first: here Zensical meets one directly."""
    root = copy_project("site", tmp_path)
    docs = root / "build" / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# 首页\n\n[见](nowhere.md)\n", encoding="utf-8")
    site = root / "build" / "site"
    with pytest.raises(SiteError) as refused:
        build_site(load_settings(root), docs, site, engine="zensical")
    message = str(refused.value)
    assert message.startswith("zensical:") and "nowhere.md" in message
    assert "Traceback" not in message and "\x1b[" not in message
    assert "Aborted because --strict flag is set" in message
    assert not site.exists() and not (root / "build" / "site.new").exists()
