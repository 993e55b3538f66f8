"""The pipeline, top to bottom: settings, load and validate, plan, print, publish.

``check`` runs the first stages and returns every problem; ``build`` runs them all and
refuses to publish while ``check`` would fail. Only this module (and ``cli``) crosses stages.
"""

from __future__ import annotations

import dataclasses
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from kitpress.content.loader import inspect_project
from kitpress.content.settings import load_settings
from kitpress.model import Download, Project, Settings
from kitpress.printing.designs import templates_reported
from kitpress.printing.fonts import font_problems
from kitpress.printing.plan import fit_posters, render_posters
from kitpress.printing.press import Report
from kitpress.printing.qr import address_problems
from kitpress.problems import ContentError, Problem, has_errors, sort_problems
from kitpress.publish.bundles import make_bundles, zip_clashes
from kitpress.publish.offline import build_offline_site, make_site_bundle
from kitpress.publish.pages import write_pages
from kitpress.publish.site import build_site


@dataclass(frozen=True)
class CheckOptions:
    """What the user asked of a check."""

    site_url: str | None = None
    posters: bool = True  # also lay out every poster (through the build's cache)
    only: tuple[str, ...] = ("",)  # project-relative files or folders to report on; "" is all
    lang: str = "zh"  # of the progress bar


@dataclass(frozen=True)
class BuildOptions:
    """What the user asked of a build."""

    site_url: str | None = None
    bleed: bool = False
    jobs: int = 0  # 0 = one worker per core
    strict: bool = False
    offline: bool = True  # also build the offline copy and the everything zip
    lang: str = "zh"  # of the progress bar


@dataclass(frozen=True)
class BuildResult:
    """What a build made, for the closing summary line."""

    project: Project
    downloads: tuple[Download, ...]
    press: Report
    seconds: float


def check(root: Path, options: CheckOptions) -> list[Problem]:
    """Return every problem of the project at ``root``, errors and warnings, in file order."""
    settings = load_settings(root, options.site_url)
    project, problems = inspect(root, settings)
    if options.posters:
        problems += _printing_problems(project, problems, options.only, options.lang)
    return [p for p in sort_problems(problems) if any(inside(p.mark.path, w) for w in options.only)]


def inspect(root: Path, settings: Settings) -> tuple[Project, list[Problem]]:
    """Load and validate the project, with the checks a build makes before printing."""
    project, problems = inspect_project(root, settings)
    problems += address_problems(project) + font_problems(settings)
    return project, sort_problems(problems)


def load_project(root: Path, settings: Settings, strict: bool = False) -> Project:
    """Load the project, raising ContentError with every problem when it fails."""
    project, problems = inspect(root, settings)
    if has_errors(problems, strict):
        raise ContentError(problems)
    return project


def _printing_problems(
    project: Project, found: list[Problem], only: tuple[str, ...], lang: str
) -> list[Problem]:
    """Plan and lay out the posters of the packs asked about, as a build would (cached).

    A pack with errors is left out: its model is incomplete, and its errors come first.
    """
    packs = tuple(
        pack
        for pack in project.packs
        if not has_errors(p for p in found if inside(p.mark.path, pack.folder))
        and any(inside(pack.folder, w) or inside(w, pack.folder) for w in only)
    )
    asked = dataclasses.replace(project, packs=packs)
    root = project.settings.root
    try:
        with templates_reported(root):
            return zip_clashes(asked) + fit_posters(asked, root / "build" / "cache", lang=lang)
    except ContentError as exc:
        return exc.problems


def inside(path: str, folder: str) -> bool:
    """Tell whether project-relative ``path`` is ``folder`` or below it ("" is everything)."""
    return folder in ("", ".") or path == folder or path.startswith(folder + "/")


def build(root: Path, options: BuildOptions) -> BuildResult:
    """Build the whole site into build/site, leaving the old one intact on failure."""
    started = time.monotonic()
    settings = load_settings(root, options.site_url)
    project = load_project(root, settings, options.strict)
    out = root / "build"
    docs_dir, cache_dir = out / "docs", out / "cache"
    _fresh(docs_dir)
    with templates_reported(root):
        printed = render_posters(
            project, docs_dir, cache_dir, bleed=options.bleed, jobs=options.jobs, lang=options.lang
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
