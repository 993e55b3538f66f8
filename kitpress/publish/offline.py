"""Build the offline copy of the site and the everything bundle that carries it."""

from __future__ import annotations

import copy
import os
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

from kitpress.model import Download, Project, Settings
from kitpress.outputs import SITE_BUNDLE, SITE_FOLDER
from kitpress.publish.archive import Entry, cached_zip, file_sha256, place
from kitpress.publish.bundles import (
    BUNDLE_KINDS,
    Item,
    listing,
    pack_folder,
    pack_items,
    read_tree,
    render_readme,
    with_readme,
)
from kitpress.publish.site import build_site
from kitpress.templating import words

SHIM = "assets/vendor/iframe-worker/shim.js"
SHIM_FILES = {
    SHIM: "iframe-worker-shim.js",
    "assets/vendor/iframe-worker/boot.js": "iframe-worker-boot.js",
    "assets/vendor/iframe-worker/LICENSE": "iframe-worker-LICENSE",
}
# Sitemaps are useless offline and MkDocs stamps them with the build time; an everything
# zip left in the docs by an earlier run must not end up inside the next one.
LEFT_OUT = ("sitemap.xml", "sitemap.xml.gz", SITE_BUNDLE)


def build_offline_site(
    settings: Settings,
    docs_dir: Path,
    offline_dir: Path,
    engine: str = "mkdocs",
    stamp: Path | None = None,
) -> bool:
    """Build the site into ``offline_dir`` so it works from file:// with no network.

    With ``stamp``, a copy in place that was built from the same docs, theme, mkdocs.yml,
    engine and versions, and is still as it was left, is kept: return False then, True when
    the copy was built (page by page when only docs changed). A whole second site build is
    the dearest step of a rebuild.
    """
    extra = dict(settings.extra or {})
    extra["polyfills"] = [*extra.get("polyfills", []), SHIM]  # else Material loads it from unpkg
    # No repo_url: Material would fetch the repository's stars from api.github.com.
    overrides = {
        "plugins": _with_offline(settings.plugins),
        "extra": extra,
        "repo_url": "",
        "edit_uri": "",
        "use_directory_urls": False,  # as the offline plugin sets: page.html opens from file://
    }
    return build_site(
        settings, docs_dir, offline_dir, _finish, engine=engine, stamp=stamp, **overrides
    )


def _finish(offline_dir: Path) -> None:
    """Put the polyfill in the copy and take out what is of no use offline."""
    for target, name in SHIM_FILES.items():
        out = offline_dir / target
        out.parent.mkdir(parents=True, exist_ok=True)
        out.unlink(missing_ok=True)  # a fresh file: the copy may share it with the last one
        out.write_bytes(resources.files("kitpress").joinpath("data", "vendor", name).read_bytes())
    for name in LEFT_OUT:
        (offline_dir / name).unlink(missing_ok=True)
    for source_map in offline_dir.rglob("*.map"):
        source_map.unlink()  # for debugging Material itself; a third of the copy's size


def link_tree(source: Path, target: Path) -> Path:
    """Mirror ``source`` into a fresh ``target`` with hard links (copies where links fail)."""
    if target.exists():
        shutil.rmtree(target)
    for path in sorted(source.rglob("*")):
        out = target / path.relative_to(source)
        if path.is_dir():
            out.mkdir(parents=True, exist_ok=True)
            continue
        out.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, out)
        except OSError:  # another file system, or links not allowed: copy instead
            shutil.copyfile(path, out)
    target.mkdir(parents=True, exist_ok=True)
    return target


def without_pack_zips(downloads: tuple[Download, ...], offline_docs: Path) -> tuple[Download, ...]:
    """Take the pack zips out of the offline copy's docs; return the downloads it keeps.

    The everything zip carries each pack's files loose in its folder (``pack_folder``): a
    pack zip inside it would be a second copy of its PDFs, compressed twice for nothing.
    """
    for download in downloads:
        if download.kind in BUNDLE_KINDS:
            (offline_docs / download.path).unlink(missing_ok=True)
    return tuple(d for d in downloads if d.kind not in BUNDLE_KINDS)


def make_site_bundle(
    project: Project,
    downloads: tuple[Download, ...],
    docs_dir: Path,
    offline_dir: Path,
    cache_dir: Path,
) -> Download:
    """Zip the offline site, each pack's files in its folder, into ``SITE_BUNDLE``; describe it.

    ``downloads`` are the offline copy's (no pack zip): a pack's folder gets its sources,
    LICENSE, README and manifest beside the PDFs the copy already holds, each file once.
    """
    settings = project.settings
    found = words(settings.root)
    tree = dict(read_tree(offline_dir))
    pdfs = {d.path: tree[d.path] for d in downloads if d.path in tree}
    for pack in project.packs:
        for item in pack_items(project, pack, downloads, pdfs, in_folder=True):
            tree.setdefault(f"{pack_folder(pack)}/{item.name}", item.data)  # PDFs are there
    site = [Item(f"site/{rel}", data, "") for rel, data in sorted(tree.items())]
    packs = [
        {
            "title": p.title,
            "version": p.version,
            "license": p.license,
            "folder": f"site/{pack_folder(p)}/",
        }
        for p in project.packs
    ]
    readme = render_readme(
        "site.md.j2",
        site_name=settings.site_name,
        site_url=settings.site_url,
        built=settings.source_date.date().isoformat(),
        packs=packs,
        files=listing(site, found),
    )
    meta: dict[str, object] = {"site": settings.site_name, "url": settings.site_url, "packs": packs}
    items = with_readme(site, readme, meta, settings.source_date, found)
    entries = [Entry(f"{SITE_FOLDER}/{item.name}", item.data) for item in items]
    bundles = cache_dir / "bundles"  # "_site" is no pack slug
    zipped = cached_zip(entries, settings.source_date, bundles / "_site", bundles / "_site-members")
    place(zipped, docs_dir / SITE_BUNDLE)
    return Download(
        SITE_BUNDLE,
        "site-bundle",
        found["site-bundle-title"],
        zipped.stat().st_size,
        file_sha256(zipped),
    )


def _with_offline(plugins: Any) -> Any:
    """Return the plugins setting with Material's offline plugin switched on."""
    plugins = copy.deepcopy(plugins)  # MkDocs pops what it reads: settings must stay whole
    if isinstance(plugins, dict):
        return {**plugins, "offline": {"enabled": True}}
    kept = [p for p in (plugins or ["search"]) if not _is_offline(p)]
    return [*kept, {"offline": {"enabled": True}}]


def _is_offline(plugin: Any) -> bool:
    """Tell whether a plugins entry configures Material's offline plugin."""
    return plugin == "offline" or (isinstance(plugin, dict) and "offline" in plugin)
