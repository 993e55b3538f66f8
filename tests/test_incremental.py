"""An edit rebuilds only the pages it touched, and the result is a whole build's bytes."""

import json
import shutil
from pathlib import Path

import pytest
from conftest import copy_project

from kitpress.build import BuildOptions, build
from kitpress.publish.incremental import Sources, changed_sources, untitled_in_nav

EDITED = "gate-parcels/write-signs"  # the card edited
OTHER = "gate-parcels/talk-to-guard"  # a card not edited
COPIES = {"site": "{page}/index.html", "offline": "{page}.html"}


def page_file(root: Path, copy: str, page: str) -> Path:
    return root / "build" / copy / COPIES[copy].format(page=page)


def times(root: Path, page: str) -> dict[str, int]:
    return {copy: page_file(root, copy, page).stat().st_mtime_ns for copy in COPIES}


def edit_card(root: Path, text: str) -> None:
    card = root / "packs" / "gate-parcels" / "cards" / "02-write-signs.md"
    card.write_text(card.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def assert_same_trees(ours: Path, whole: Path) -> None:
    mine, theirs = tree(ours), tree(whole)
    assert sorted(mine) == sorted(theirs)
    differ = [name for name in mine if mine[name] != theirs[name]]
    assert not differ, f"differ from a whole build: {differ[:10]}"


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int], dict[str, int]]:
    """Build the fixture site, edit one card, build again; return the times before the edit."""
    root = copy_project("site", tmp_path_factory.mktemp("incremental"))
    with pytest.MonkeyPatch.context() as patch:  # conftest's pinned date, for a module
        patch.setenv("SOURCE_DATE_EPOCH", "1583020800")
        build(root, BuildOptions())
        before = times(root, OTHER), times(root, EDITED)
        edit_card(root, "改过的一句话：只重建这一页。")
        build(root, BuildOptions())
    return root, *before


def test_an_edited_card_rebuilds_its_page_and_leaves_the_others(edited) -> None:
    root, other, mine = edited
    assert times(root, OTHER) == other, "an unchanged page was built again"
    assert all(times(root, EDITED)[copy] != mine[copy] for copy in COPIES)
    for copy in COPIES:
        assert "只重建这一页" in page_file(root, copy, EDITED).read_text(encoding="utf-8")


def test_the_rebuilt_site_and_copy_are_a_whole_builds_bytes(edited, tmp_path) -> None:
    root, _, _ = edited
    whole = tmp_path / "site"
    shutil.copytree(root, whole, ignore=shutil.ignore_patterns("build"))
    build(whole, BuildOptions())
    for copy in ("site", "offline"):
        assert_same_trees(root / "build" / copy, whole / "build" / copy)


def test_the_offline_search_finds_the_new_sentence_and_keeps_the_rest(edited) -> None:
    root, _, _ = edited
    index = json.loads((root / "build" / "offline" / "search" / "search_index.json").read_text())
    found = {
        e["location"].split("#")[0]
        for e in index["docs"]
        if "只重建这一页" in (e["title"] + e["text"]).replace("\u200b", "")
    }
    assert f"{EDITED}.html" in found
    assert f"{OTHER}.html" in {e["location"].split("#")[0] for e in index["docs"]}


def test_a_new_card_builds_the_whole_site(tmp_path) -> None:
    root = copy_project("site", tmp_path)
    build(root, BuildOptions())
    other = times(root, OTHER)
    cards = root / "packs" / "gate-parcels" / "cards"
    text = (cards / "02-write-signs.md").read_text(encoding="utf-8")
    (cards / "03-more.md").write_text(text.replace("写楼号牌", "再写一块"), encoding="utf-8")
    build(root, BuildOptions())
    assert times(root, OTHER) != other, "a page linking to a new one must be checked again"


@pytest.mark.parametrize(
    "edited_file", ["content/index.md", "packs/gate-parcels/cards/02-write-signs.md"]
)
def test_a_nav_with_a_page_titled_by_itself_builds_the_whole_site(tmp_path, edited_file) -> None:
    # MkDocs reads no page a dirty build leaves alone, and such a page's title is empty in
    # the navigation of every page it writes: the home page's edited or not.
    root = copy_project("site", tmp_path)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("- 首页: index.md", "- index.md"),
        encoding="utf-8",
    )
    build(root, BuildOptions())
    other = times(root, OTHER)
    source = root / edited_file
    source.write_text(source.read_text(encoding="utf-8") + "\n新的一段。\n", encoding="utf-8")
    build(root, BuildOptions())
    assert times(root, OTHER) != other, "every page shows the home page's title in its nav"


def test_a_touched_site_is_built_whole(tmp_path) -> None:
    root = copy_project("site", tmp_path)
    build(root, BuildOptions())
    stray = root / "build" / "site" / "stray.html"
    stray.write_text("<p>手放的文件</p>", encoding="utf-8")
    edit_card(root, "又一句。")
    build(root, BuildOptions())
    assert not stray.exists()


@pytest.mark.parametrize(
    ("nav", "untitled"),
    [
        (None, None),
        ([{"首页": "index.md"}, "about.md"], {"about.md"}),
        ([{"资源包": [{"甲": "a.md"}, "b.md", {"乙": ["c.md"]}]}], {"b.md", "c.md"}),
        ([{"外链": "https://example.org/"}], set()),
    ],
)
def test_untitled_in_nav_names_the_pages_titled_by_their_own_text(nav, untitled) -> None:
    assert untitled_in_nav(nav) == untitled


@pytest.mark.parametrize(
    "text",
    [
        "",
        "[1, 2]",
        '{"base": "b", "docs": "x", "files": {}}',
        '{"base": {}, "docs": {}, "files": {}}',
        '{"base": "b", "docs": {}, "files": []}',
        '{"base": "b", "docs": {"index.md": "d"}}',
    ],
)
def test_a_damaged_stamp_builds_the_whole_site(tmp_path, text) -> None:
    stamp, site = tmp_path / "site.json", tmp_path / "site"
    site.mkdir()
    stamp.write_text(text, encoding="utf-8")
    assert changed_sources(stamp, Sources("b", {"index.md": "d"}), site) is None
