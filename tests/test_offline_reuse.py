"""The site and its offline copy are built again only when what they are built from changed."""

import zipfile
from pathlib import Path

import pytest
from conftest import copy_project

import kitpress.build
import kitpress.publish.offline as offline
from kitpress.build import BuildOptions, build
from kitpress.outputs import SITE_BUNDLE


@pytest.fixture
def counted(monkeypatch) -> list[Path]:
    """Record every site build of the offline copy."""
    calls: list[Path] = []
    real = offline.build_site

    def counting(settings, docs_dir, site_dir, *args, **kwargs):
        built = real(settings, docs_dir, site_dir, *args, **kwargs)
        if built:
            calls.append(site_dir)
        return built

    monkeypatch.setattr(offline, "build_site", counting)
    return calls


def everything_zip_text(root: Path, name: str) -> str:
    with zipfile.ZipFile(root / "build" / "site" / SITE_BUNDLE) as bundle:
        return bundle.read(f"kitpress-all/site/{name}").decode("utf-8")


def test_a_rebuild_with_nothing_changed_keeps_the_offline_copy(tmp_path, counted) -> None:
    root = copy_project("site", tmp_path)
    build(root, BuildOptions())
    bundle = (root / "build" / "site" / SITE_BUNDLE).read_bytes()
    assert len(counted) == 1
    build(root, BuildOptions())
    assert len(counted) == 1, "a second whole MkDocs run for an unchanged offline copy"
    assert (root / "build" / "site" / SITE_BUNDLE).read_bytes() == bundle


def test_an_edited_card_a_changed_theme_or_a_touched_copy_builds_it_again(
    tmp_path, counted
) -> None:
    root = copy_project("site", tmp_path)
    build(root, BuildOptions())
    card = root / "packs" / "gate-parcels" / "cards" / "02-write-signs.md"
    card.write_text(card.read_text(encoding="utf-8") + "\n新加的一句话。\n", encoding="utf-8")
    build(root, BuildOptions())
    assert len(counted) == 2
    page = "gate-parcels/write-signs.html"
    assert "新加的一句话" in (root / "build" / "offline" / page).read_text(encoding="utf-8")
    assert "新加的一句话" in everything_zip_text(root, page)

    theme = root / "templates" / "theme" / "partials"
    theme.mkdir(parents=True)
    builtin = Path(offline.__file__).parent.parent / "templates" / "theme" / "partials"
    footer = (builtin / "source.html").read_text(encoding="utf-8") + "<!-- 本地主题 -->\n"
    (theme / "source.html").write_text(footer, encoding="utf-8")
    build(root, BuildOptions())
    assert len(counted) == 3

    index = root / "build" / "offline" / "index.html"
    index.write_text(index.read_text(encoding="utf-8") + "<!-- 手改 -->", encoding="utf-8")
    build(root, BuildOptions())
    assert len(counted) == 4
    assert "手改" not in index.read_text(encoding="utf-8")


def test_another_engine_builds_the_copy_again(tmp_path, counted) -> None:
    root = copy_project("site", tmp_path)
    build(root, BuildOptions())
    build(root, BuildOptions(engine="zensical"))
    assert len(counted) == 2
    assert (root / "build" / "offline" / "search.js").is_file()


@pytest.fixture
def online(monkeypatch) -> list[Path]:
    """Record every site build of build/site."""
    calls: list[Path] = []
    real = kitpress.build.build_site

    def counting(settings, docs_dir, site_dir, *args, **kwargs):
        built = real(settings, docs_dir, site_dir, *args, **kwargs)
        if built:
            calls.append(site_dir)
        return built

    monkeypatch.setattr(kitpress.build, "build_site", counting)
    return calls


def test_the_online_site_is_built_again_only_when_its_inputs_changed(tmp_path, online) -> None:
    root = copy_project("site", tmp_path)
    site = root / "build" / "site"
    build(root, BuildOptions())
    build(root, BuildOptions())
    assert len(online) == 1
    assert (site / "pagefind" / "pagefind.js").is_file()
    card = root / "packs" / "gate-parcels" / "cards" / "02-write-signs.md"
    card.write_text(card.read_text(encoding="utf-8") + "\n新加的一句话。\n", encoding="utf-8")
    build(root, BuildOptions())
    assert len(online) == 2
    page = site / "gate-parcels" / "write-signs" / "index.html"
    assert "新加的一句话" in page.read_text(encoding="utf-8")
    (site / "pagefind" / "pagefind.js").unlink()  # a damaged site is never kept
    build(root, BuildOptions())
    assert len(online) == 3 and (site / "pagefind" / "pagefind.js").is_file()
    build(root, BuildOptions(site_url="https://other.example.org/"))
    assert len(online) == 4
    assert "https://other.example.org/" in (site / "sitemap.xml").read_text(encoding="utf-8")
