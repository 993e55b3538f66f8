"""Build the offline copy of the site and the everything bundle that carries it."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any

from kitpress.content.settings import read_config
from kitpress.model import Download, Project, Settings
from kitpress.publish.archive import Entry, cached_zip, file_sha256, place
from kitpress.publish.bundles import (
    DOWNLOADS,
    SITE_FOLDER,
    Item,
    listing,
    read_tree,
    render_readme,
    with_readme,
    write_checksums,
)
from kitpress.publish.site import build_site

SITE_BUNDLE = f"{DOWNLOADS}/{SITE_FOLDER}.zip"
SHIM = "assets/vendor/iframe-worker/shim.js"
SHIM_FILES = {
    SHIM: "iframe-worker-shim.js",
    "assets/vendor/iframe-worker/boot.js": "iframe-worker-boot.js",
    "assets/vendor/iframe-worker/LICENSE": "iframe-worker-LICENSE",
}
# Sitemaps are useless offline and MkDocs stamps them with the build time; an everything
# zip left in the docs by an earlier run must not end up inside the next one.
LEFT_OUT = ("sitemap.xml", "sitemap.xml.gz", SITE_BUNDLE)
EXTERNAL = r"""(?:https?:)?//[^\s"'`)<>]+"""
_CSS_URL = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])(""" + EXTERNAL + ")", re.IGNORECASE)
_JS_ASSET = re.compile(
    r"""(?:\bsrc\s*=\s*\\?["'`]|\bhref\s*=\s*\\?["'`]|url\(\s*["']?|importScripts\(\s*["'`])"""
    r"(https?://[^\s\"'`)<>\\]+)",
    re.IGNORECASE,
)
# <link rel> values that name a page rather than fetch a file.
_NAVIGATION_RELS = {"canonical", "alternate", "author", "license", "edit", "next", "prev", "help"}


def build_offline_site(settings: Settings, docs_dir: Path, offline_dir: Path) -> None:
    """Build the site into ``offline_dir`` so it works from file:// with no network."""
    config = read_config(settings.root)
    extra = dict(config.get("extra") or {})
    extra["polyfills"] = [*extra.get("polyfills", []), SHIM]  # else Material loads it from unpkg
    # No repo_url: Material would fetch the repository's stars from api.github.com.
    overrides = {
        "plugins": _with_offline(config.get("plugins")),
        "extra": extra,
        "repo_url": "",
        "edit_uri": "",
    }
    build_site(settings, docs_dir, offline_dir, **overrides)
    for target, name in SHIM_FILES.items():
        out = offline_dir / target
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(resources.files("kitpress").joinpath("data", "vendor", name).read_bytes())
    for name in LEFT_OUT:
        (offline_dir / name).unlink(missing_ok=True)
    for source_map in offline_dir.rglob("*.map"):
        source_map.unlink()  # for debugging Material itself; a third of the copy's size


def make_site_bundle(
    project: Project,
    downloads: tuple[Download, ...],
    docs_dir: Path,
    offline_dir: Path,
    cache_dir: Path,
) -> Download:
    """Zip the offline site, packs included, into ``SITE_BUNDLE`` and list it in SHA256SUMS."""
    settings = project.settings
    site = [Item(f"site/{rel}", data, "") for rel, data in read_tree(offline_dir)]
    packs = [
        {"title": p.title, "version": p.version, "license": p.license, "zip": f"site/{zip_path}"}
        for p in project.packs
        for zip_path in [f"{DOWNLOADS}/{p.slug}.zip"]
        if (offline_dir / zip_path).is_file()
    ]
    readme = render_readme(
        "site.md.j2",
        site_name=settings.site_name,
        site_url=settings.site_url,
        built=settings.source_date.date().isoformat(),
        packs=packs,
        files=listing(site),
    )
    meta: dict[str, object] = {"site": settings.site_name, "url": settings.site_url, "packs": packs}
    items = with_readme(site, readme, meta, settings.source_date)
    entries = [Entry(f"{SITE_FOLDER}/{item.name}", item.data) for item in items]
    zipped = cached_zip(entries, settings.source_date, cache_dir / "bundles" / "_site")
    place(zipped, docs_dir / SITE_BUNDLE)
    made = Download(
        SITE_BUNDLE,
        "site-bundle",
        "全部资源包与离线网站",
        zipped.stat().st_size,
        file_sha256(zipped),
    )
    write_checksums(docs_dir, (*downloads, made))
    return made


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


def _with_offline(plugins: Any) -> Any:
    """Return the plugins setting with Material's offline plugin switched on."""
    if isinstance(plugins, dict):
        return {**plugins, "offline": {"enabled": True}}
    kept = [p for p in (plugins or ["search"]) if not _is_offline(p)]
    return [*kept, {"offline": {"enabled": True}}]


def _is_offline(plugin: Any) -> bool:
    """Tell whether a plugins entry configures Material's offline plugin."""
    return plugin == "offline" or (isinstance(plugin, dict) and "offline" in plugin)


def _is_external(url: str) -> bool:
    """Tell whether a URL points at another host (http, https or protocol-relative)."""
    return bool(re.match(EXTERNAL, url.strip(), re.IGNORECASE))


class _AssetScanner(HTMLParser):
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

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        """Read "<![x[" as browsers do, a bogus comment to the next ">" (Python asserts)."""
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            end = self.rawdata.find(">", i)
            return -1 if end < 0 else end + 1

    def handle_data(self, data: str) -> None:
        if self._in == "style":
            self.found += _CSS_URL.findall(data)
        elif self._in == "script":
            self.found += _JS_ASSET.findall(data)
