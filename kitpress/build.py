"""The build pipeline: load, validate, render pages, posters and bundles, run MkDocs."""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from kitpress.bundles import make_bundles
from kitpress.designs import templates_reported
from kitpress.loader import load_project
from kitpress.model import Download, Project
from kitpress.offline import build_offline_site, make_site_bundle
from kitpress.pages import write_pages
from kitpress.posters import render_posters
from kitpress.press import Report
from kitpress.settings import load_settings
from kitpress.site import build_site


@dataclass(frozen=True)
class BuildOptions:
    """What the user asked of a build."""

    site_url: str | None = None
    bleed: bool = False
    jobs: int = 0  # 0 = one worker per core
    strict: bool = False
    offline: bool = True  # also build the offline copy and the everything zip


@dataclass(frozen=True)
class BuildResult:
    """What a build made, for the closing summary line."""

    project: Project
    downloads: tuple[Download, ...]
    press: Report
    seconds: float


def build(root: Path, options: BuildOptions) -> BuildResult:
    """Build the whole site into build/site, leaving the old one intact on failure."""
    started = time.monotonic()
    settings = load_settings(root, options.site_url)
    project = load_project(root, settings, strict=options.strict)
    out = root / "build"
    docs_dir, cache_dir = out / "docs", out / "cache"
    _fresh(docs_dir)
    with templates_reported(root):
        printed = render_posters(
            project, docs_dir, cache_dir, bleed=options.bleed, jobs=options.jobs
        )
        downloads, press = printed.downloads, printed.report
        downloads += make_bundles(project, downloads, docs_dir, cache_dir)
        write_pages(project, downloads, docs_dir)
        if options.offline:
            # The offline copy goes inside the everything zip, so it is built first, from pages
            # that cannot list that zip yet; then the pages are written again with it.
            build_offline_site(settings, docs_dir, out / "offline")
            downloads += (
                make_site_bundle(project, downloads, docs_dir, out / "offline", cache_dir),
            )
            write_pages(project, downloads, docs_dir)
    build_site(settings, docs_dir, out / "site")
    return BuildResult(project, downloads, press, time.monotonic() - started)


def _fresh(folder: Path) -> None:
    """Empty ``folder`` so nothing from an earlier build lingers in it."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
