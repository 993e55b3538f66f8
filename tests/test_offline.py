"""The offline copy and the everything bundle: local assets only, search from file://."""

import hashlib
import io
import json
import re
import shutil
import subprocess
import urllib.parse
import zipfile
from pathlib import Path

import pytest
from conftest import copy_project, file_only_page
from test_bundles import fake_posters, printed

from kitpress.build import MARKDOWN, load_project, offline_copy, write_downloads
from kitpress.content.markup import BrowserParser
from kitpress.content.settings import load_settings
from kitpress.model import Download
from kitpress.outputs import SITE_BUNDLE
from kitpress.publish.bundles import license_text, make_bundles
from kitpress.publish.offline import SHIM
from kitpress.publish.pages import human_size, write_pages
from kitpress.publish.site import build_site

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def build_all(root: Path):
    """Run the pipeline in the order build.py uses: packs, offline copy, everything zip, site."""
    settings = load_settings(root)
    project = load_project(root, settings)
    out = root / "build"
    docs, cache = out / "docs", out / "cache"
    shutil.rmtree(docs, ignore_errors=True)
    docs.mkdir(parents=True)
    downloads = fake_posters(project, docs)
    downloads += make_bundles(project, downloads, printed(docs, downloads), docs, cache)
    write_pages(project, downloads, docs, MARKDOWN)
    downloads += (offline_copy(project, downloads, docs, out, cache),)
    write_downloads(project, downloads, docs)
    build_site(settings, docs, out / "site")
    return project, downloads


EXTERNAL = r"""(?:https?:)?//[^\s"'`)<>]+"""
_CSS_URL = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])(""" + EXTERNAL + ")", re.IGNORECASE)
_JS_ASSET = re.compile(
    r"""(?:\bsrc\s*=\s*\\?["'`]|\bhref\s*=\s*\\?["'`]|url\(\s*["']?|importScripts\(\s*["'`])"""
    r"(https?://[^\s\"'`)<>\\]+)",
    re.IGNORECASE,
)
# <link rel> values that name a page rather than fetch a file.
_NAVIGATION_RELS = {"canonical", "alternate", "author", "license", "edit", "next", "prev", "help"}


def external_assets(site_dir: Path) -> list[str]:
    """List every script, style, image or font the site would load from another host."""
    found: list[str] = []
    for path in sorted(site_dir.rglob("*")):
        rel = path.relative_to(site_dir).as_posix()
        if path.suffix == ".html":
            scanner = _AssetScanner()
            scanner.feed(path.read_text(encoding="utf-8", errors="replace"))
            found += [f"{rel}: {url}" for url in scanner.found]
        elif path.suffix == ".css":
            text = path.read_text(encoding="utf-8", errors="replace")
            found += [f"{rel}: {url}" for url in _CSS_URL.findall(text)]
        elif path.suffix in (".js", ".mjs"):
            text = path.read_text(encoding="utf-8", errors="replace")
            found += [f"{rel}: {url}" for url in _JS_ASSET.findall(text)]
    return found


def _is_external(url: str) -> bool:
    """Tell whether a URL points at another host (http, https or protocol-relative)."""
    return bool(re.match(EXTERNAL, url.strip(), re.IGNORECASE))


class _AssetScanner(BrowserParser):
    """Collect the external URLs a page would fetch: src, srcset, fetching <link>s, styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in: str = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self._in = tag
        urls = [values.get("src", ""), values.get("poster", ""), values.get("xlink:href", "")]
        urls += [part.split()[0] for part in values.get("srcset", "").split(",") if part.strip()]
        if tag == "object":
            urls.append(values.get("data", ""))
        if tag in ("use", "image"):
            urls.append(values.get("href", ""))
        rels = set(values.get("rel", "").lower().split())
        if tag == "link" and not rels & _NAVIGATION_RELS:
            urls.append(values.get("href", ""))
        self.found += [url for url in urls if url and _is_external(url)]
        self.found += _CSS_URL.findall(values.get("style", ""))

    def handle_endtag(self, tag: str) -> None:
        self._in = ""

    def handle_data(self, data: str) -> None:
        if self._in == "style":
            self.found += _CSS_URL.findall(data)
        elif self._in == "script":
            self.found += _JS_ASSET.findall(data)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = copy_project("bundles-project", tmp_path_factory.mktemp("offline"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1583020800")
        project, downloads = build_all(root)
    return root, project, downloads


def files_below(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_offline_copy_loads_no_external_asset(built):
    offline = built[0] / "build" / "offline"
    assert external_assets(offline) == []
    assert (offline / SHIM).read_bytes().startswith(b'"use strict"')
    assert (offline / SHIM).with_name("LICENSE").read_text(encoding="utf-8").startswith("Copyright")
    assert not (offline / "sitemap.xml").exists()
    assert not list(offline.rglob("*.map"))
    index = (offline / "index.html").read_text(encoding="utf-8")
    assert 'src="assets/vendor/iframe-worker/shim.js"' in index
    assert 'href="tea-corner/index.html"' in index  # file:// needs explicit index.html links
    assert "unpkg.com" not in index
    assert "var __index" in (offline / "search" / "search_index.js").read_text(encoding="utf-8")


def test_the_scanner_finds_external_assets_and_spares_links(tmp_path):
    (tmp_path / "page.html").write_text(
        '<link rel="stylesheet" href="https://cdn.example/a.css">'
        '<link rel="canonical" href="https://example.org/page/">'
        '<script src="//cdn.example/b.js"></script>'
        '<img srcset="local.png 1x, https://img.example/c.png 2x">'
        '<div style="background: url(https://img.example/d.png)"></div>'
        "<style>@import 'https://fonts.example/e.css';</style>"
        '<a href="https://example.org/">a link is fine</a>',
        encoding="utf-8",
    )
    (tmp_path / "s.css").write_text(
        "a{background:url('https://x.example/f.png')}", encoding="utf-8"
    )
    (tmp_path / "w.js").write_text('importScripts("https://x.example/g.js")', encoding="utf-8")
    found = external_assets(tmp_path)
    assert [f.split(": ")[1].rsplit("/", 1)[1] for f in found] == [
        "a.css",
        "b.js",
        "c.png",
        "d.png",
        "e.css",
        "f.png",
        "g.js",
    ]


def test_offline_downloads_page_links_the_loose_pdfs_and_names_each_pack_folder(built):
    root, project, _ = built
    offline = root / "build/offline"
    page = (offline / "downloads/index.html").read_text(encoding="utf-8")
    assert ".zip" not in page  # no pack zip, and the copy inside the zip cannot hold itself
    for pack in project.packs:
        assert f'href="{pack.slug}/{pack.slug}-poster-a4.pdf"' in page
        assert f"<code>downloads/{pack.slug}/</code>" in page
        assert not (offline / "downloads" / f"{pack.slug}.zip").exists()
        pack_page = (offline / pack.slug / "index.html").read_text(encoding="utf-8")
        assert f"{pack.slug}-poster-a4.pdf" in pack_page
        assert ".zip" not in pack_page
    sums = (offline / "downloads/SHA256SUMS").read_text(encoding="utf-8")
    assert ".zip" not in sums and sums.count(".pdf") == len(project.packs)


def test_the_site_keeps_its_pack_zips_and_states_the_everything_zip_size(built):
    root, project, downloads = built
    everything = next(d for d in downloads if d.kind == "site-bundle")
    site = root / "build/site"
    page = (site / "downloads/index.html").read_text(encoding="utf-8")
    assert "kitpress-all.zip" in page
    assert everything.sha256 in page
    size = human_size((site / SITE_BUNDLE).stat().st_size)
    packs, pdfs = len(project.packs), sum(d.path.endswith(".pdf") for d in downloads)
    assert f"共 {size}，里面有 {packs} 个资源包的全部文件（其中 {pdfs} 个 PDF）" in page
    for pack in project.packs:
        assert f'href="{pack.slug}.zip"' in page
        assert (site / "downloads" / f"{pack.slug}.zip").is_file()
        assert f'href="../downloads/{pack.slug}.zip"' in (
            site / pack.slug / "index.html"
        ).read_text(encoding="utf-8")


def test_the_downloads_page_words_can_be_overridden(tmp_path):
    root = copy_project("bundles-project", tmp_path)
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates/words.yml").write_text(
        'site-bundle-holds: "大小 {size}；{packs} 包；{pdfs} 份"\n'
        'pack-folder: "文件在 `{folder}`"\n',
        encoding="utf-8",
    )
    project = load_project(root, load_settings(root))
    docs = root / "build/docs"
    docs.mkdir(parents=True)
    everything = Download(SITE_BUNDLE, "site-bundle", "全部", 3 * 1024 * 1024, "0" * 64)
    poster = fake_posters(project, docs)
    write_downloads(project, (*poster, everything), docs)
    assert "大小 3.0 MB；2 包；2 份" in (docs / "downloads/index.md").read_text(encoding="utf-8")
    write_downloads(project, poster, docs, offline=True)
    text = (docs / "downloads/index.md").read_text(encoding="utf-8")
    assert "文件在 `downloads/tea-corner/`" in text and "2 包" not in text


def test_everything_bundle_holds_the_offline_site_and_every_pack_folder(built, tmp_path):
    root, project, downloads = built
    everything = next(d for d in downloads if d.kind == "site-bundle")
    path = root / "build/docs" / SITE_BUNDLE
    assert everything.path == SITE_BUNDLE
    assert (everything.size, everything.sha256) == (
        path.stat().st_size,
        hashlib.sha256(path.read_bytes()).hexdigest(),
    )
    result = subprocess.run(["unzip", "-t", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        archive.extractall(tmp_path)
    folder = tmp_path / "kitpress-all"
    site = files_below(folder / "site")
    offline = files_below(root / "build/offline")
    assert {k: v for k, v in site.items() if k in offline} == offline
    for name, data in files_below(folder).items():
        assert str(root).encode() not in data, f"{name} names the builder's folder"
    for pack in project.packs:
        own = folder / "site/downloads" / pack.slug
        assert (own / "source/pack.yml").read_bytes() == (
            root / pack.folder / "pack.yml"
        ).read_bytes()
        assert (own / "LICENSE").read_text(encoding="utf-8") == license_text(pack.license)
        assert "这个文件夹" in (own / "README.md").read_text(encoding="utf-8")
        manifest = json.loads((own / "manifest.json").read_text(encoding="utf-8"))
        assert f"{pack.slug}-poster-a4.pdf" in {f["path"] for f in manifest["files"]}
        for entry in manifest["files"]:
            data = (own / entry["path"]).read_bytes()
            assert (entry["size"], entry["sha256"]) == (len(data), hashlib.sha256(data).hexdigest())
    extra = {k for k in site if k not in offline}
    assert all(k.startswith("downloads/") and k.count("/") >= 2 for k in extra), extra
    readme = (folder / "README.md").read_text(encoding="utf-8")
    for name in files_below(folder):
        assert f"`{name}`" in readme
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert {f["path"] for f in manifest["files"]} == set(files_below(folder)) - {"manifest.json"}
    for entry in manifest["files"]:
        data = (folder / entry["path"]).read_bytes()
        assert (entry["size"], entry["sha256"]) == (len(data), hashlib.sha256(data).hexdigest())


def test_the_everything_zip_stores_each_pdf_once_and_no_zip(built):
    root, project, _ = built
    with zipfile.ZipFile(root / "build/site" / SITE_BUNDLE) as archive:
        names = archive.namelist()
        pdfs = [hashlib.sha256(archive.read(n)).hexdigest() for n in names if n.endswith(".pdf")]
        inner = [n for n in names if zipfile.is_zipfile(io.BytesIO(archive.read(n)))]
    assert [n for n in names if n.endswith(".zip")] == [] and inner == []
    assert len(pdfs) == len(set(pdfs)) == len(project.packs)


def test_every_link_of_the_offline_copy_resolves_inside_the_zip(built, tmp_path):
    root, _, _ = built
    with zipfile.ZipFile(root / "build/site" / SITE_BUNDLE) as archive:
        archive.extractall(tmp_path)
    site = tmp_path / "kitpress-all" / "site"
    broken, seen = [], 0
    # 404.html is for a web server (its links start at the site's root); offline it never shows.
    for page in sorted(p for p in site.rglob("*.html") if p.name != "404.html"):
        for ref in local_refs(page.read_text(encoding="utf-8")):
            seen += 1
            target = (page.parent / urllib.parse.unquote(ref)).resolve()
            if target.is_dir():
                target /= "index.html"
            if not target.is_file() or not target.is_relative_to(site.resolve()):
                broken.append(f"{page.relative_to(site)}: {ref}")
    assert seen > 100
    assert broken == []


def test_the_link_reader_sees_every_kind_of_local_reference():
    html = (
        '<a href="a/index.html#x">a</a><a href="https://x.example/">web</a><a href="#top">top</a>'
        '<img src="b.png"><link rel="stylesheet" href="c.css?v=1"><script src="d.js"></script>'
        '<a href="mailto:x@example.org">m</a><a href="javascript:void(0)">j</a>'
    )
    assert local_refs(html) == ["a/index.html", "b.png", "c.css", "d.js"]


def local_refs(html: str) -> list[str]:
    """Return the page's links and sources that point into the site, without query or anchor."""
    found = re.findall(r"""\b(?:href|src)=["']?([^"'\s>]+)""", html)
    refs = [re.split(r"[?#]", ref)[0] for ref in found]
    return [ref for ref in refs if ref and not re.match(r"^[a-z][a-z0-9+.-]*:|^//", ref, re.I)]


def test_published_checksums_cover_every_download(built):
    root, _, downloads = built
    folder = root / "build/site/downloads"
    sums = (folder / "SHA256SUMS").read_text(encoding="utf-8")
    for d in downloads:
        assert f"{d.sha256}  {d.path.removeprefix('downloads/')}\n" in sums
    result = subprocess.run(
        ["sha256sum", "--strict", "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_second_build_gives_the_same_bytes_and_rewrites_no_zip(built, monkeypatch):
    root, _, downloads = built
    cache = root / "build/cache"
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in cache.rglob("*.zip")}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1583020800")
    _, again = build_all(root)
    assert again == downloads
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in cache.rglob("*.zip")} == before


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")
def test_offline_copy_renders_and_searches_from_file_without_network(built, browser):
    offline = built[0] / "build" / "offline"
    with file_only_page(browser) as (page, blocked, errors):
        page.goto((offline / "index.html").as_uri(), wait_until="load")
        assert page.title() == "打包测试站"
        header = page.locator(".md-header")
        assert header.evaluate("e => getComputedStyle(e).position") == "sticky"  # CSS loaded
        page.fill("input[data-md-component=search-query]", "茶水")
        results = page.locator(".md-search-result__item")
        results.first.wait_for(timeout=15000)
        assert results.count() >= 1
        assert "茶水" in page.locator(".md-search-result__list").inner_text()
        with page.expect_navigation(wait_until="load"):
            results.first.locator("a").first.click()
        assert page.url.startswith(offline.as_uri())
        assert "茶水" in page.locator("article").inner_text()
        assert errors == []
    assert blocked == []


def test_a_marked_section_in_a_page_does_not_stop_the_scan(tmp_path):
    (tmp_path / "a.html").write_text('<![x[ b> <img src="https://cdn.example/x.png">')
    assert external_assets(tmp_path) == ["a.html: https://cdn.example/x.png"]
