"""The pipeline, top to bottom: settings, load and validate, plan, print, publish.

``check`` runs the first stages and returns every problem; ``build`` runs them all and
refuses to publish while ``check`` would fail. Only this module (and ``cli``) crosses stages.
"""

from __future__ import annotations

import contextlib
import dataclasses
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from kitpress.content.buildings import MAX_BUILDINGS
from kitpress.content.loader import inspect_project
from kitpress.content.markup import escape_html, escape_inline, is_relative
from kitpress.content.settings import read_settings
from kitpress.model import Download, Project, Settings
from kitpress.outputs import plan_site
from kitpress.printing.custom import poster_designs, sign_sheets
from kitpress.printing.designs import templates_reported
from kitpress.printing.fonts import font_problems
from kitpress.printing.plan import fit_posters, render_posters, render_share
from kitpress.printing.press import Report
from kitpress.printing.qr import address_problems
from kitpress.problems import ContentError, Problem, has_errors, sort_problems
from kitpress.publish.bundles import make_bundles, write_checksums
from kitpress.publish.customize import write_print_pages
from kitpress.publish.lock import build_lock
from kitpress.publish.offline import (
    build_offline_site,
    link_tree,
    make_site_bundle,
    without_pack_zips,
)
from kitpress.publish.pages import Markdown, write_downloads_page, write_pack_pages, write_pages
from kitpress.publish.schema import FOLDER as SCHEMA_FOLDER
from kitpress.publish.schema import write_schemas
from kitpress.publish.search import index_site, without_search, write_search_page
from kitpress.publish.site import build_site

# Pages escape contributors' Markdown exactly as check reads it: with content.markup's rules.
MARKDOWN = Markdown(body=escape_html, inline=escape_inline, is_relative=is_relative)


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
    wait: bool = False  # for a build already running in the project, instead of refusing
    engine: str = "mkdocs"  # or "zensical": publish.zensical builds the same files
    shard: tuple[int, int] | None = None  # (I, N): only share I of N of the posters, no site


@dataclass(frozen=True)
class BuildResult:
    """What a build made, for the closing summary line."""

    project: Project
    downloads: tuple[Download, ...]
    press: Report
    seconds: float


def check(root: Path, options: CheckOptions) -> list[Problem]:
    """Return every problem of the project at ``root``, errors and warnings, in file order."""
    settings, problems = read_settings(root, options.site_url)
    project, found = inspect(root, settings)
    problems += found
    schemas_for_editors(project)
    if options.posters:
        problems += _printing_problems(project, problems, options.only, options.lang)
    return [p for p in sort_problems(problems) if any(inside(p.mark.path, w) for w in options.only)]


def inspect(root: Path, settings: Settings) -> tuple[Project, list[Problem]]:
    """Load and validate the project and plan its addresses, as a build does before printing.

    The plan finds every naming clash (outputs.plan_site), so check finds them with or
    without posters, and so does build.
    """
    project, problems = inspect_project(root, settings)
    _, clashes = plan_site(project)
    problems += clashes + address_problems(project) + font_problems(settings)
    return project, sort_problems(problems)


def schemas_for_editors(project: Project) -> None:
    """Write build/schema/ with this project's taxonomy, for editors to check pack.yml offline.

    A taxonomy that did not load (its problems are reported) leaves the last good schemas.
    A help for editors only: a project that cannot be written to is still checked.
    """
    if project.taxonomy.scenarios:
        with contextlib.suppress(OSError):
            write_schemas(project.taxonomy, project.settings.root / SCHEMA_FOLDER)


def load_project(root: Path, settings: Settings, strict: bool = False) -> Project:
    """Load the project, raising ContentError with every problem when it fails."""
    project, problems = inspect(root, settings)
    if has_errors(problems, strict):
        raise ContentError(problems)
    return project


def _printing_problems(
    project: Project, found: list[Problem], only: tuple[str, ...], lang: str
) -> list[Problem]:
    """Lay out the posters of the packs asked about, as a build would (cached).

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
            return fit_posters(asked, root / "build" / "cache", lang=lang)
    except ContentError as exc:  # a designer's template: the stage's one located problem
        return exc.problems


def inside(path: str, folder: str) -> bool:
    """Tell whether project-relative ``path`` is ``folder`` or below it ("" is everything)."""
    return folder in ("", ".") or path == folder or path.startswith(folder + "/")


def build(root: Path, options: BuildOptions) -> BuildResult:
    """Build the whole site into build/site, leaving the old one intact on failure."""
    with build_lock(root / "build", options.wait):  # two builds would mix their files
        return _build(root, options)


def _build(root: Path, options: BuildOptions) -> BuildResult:
    started = time.monotonic()
    settings, problems = read_settings(root, options.site_url)
    project, found = inspect(root, settings)
    schemas_for_editors(project)
    if has_errors(problems + found, options.strict):
        raise ContentError(sort_problems(problems + found))
    out = root / "build"
    docs_dir, cache_dir = out / "docs", out / "cache"
    if options.shard:  # one machine of a matrix: its PDFs into the cache, for a join to reuse
        with templates_reported(root):
            share = render_share(
                project,
                cache_dir,
                options.shard,
                bleed=options.bleed,
                jobs=options.jobs,
                lang=options.lang,
            )
        return BuildResult(project, (), share, time.monotonic() - started)
    _fresh(docs_dir)
    with templates_reported(root):
        printed = render_posters(
            project, docs_dir, cache_dir, bleed=options.bleed, jobs=options.jobs, lang=options.lang
        )
        downloads, press = printed.downloads, printed.report
        downloads += make_bundles(project, downloads, printed.pdfs, docs_dir, cache_dir)
        # Before the pack pages, which link to a pack's 打印定制 page only when it exists.
        sheets = sign_sheets(settings)
        designs = {pack.slug: poster_designs(settings, pack, cache_dir) for pack in project.packs}
        write_print_pages(
            project, sheets, designs, downloads, docs_dir, MARKDOWN, max_buildings=MAX_BUILDINGS
        )
        write_pages(project, downloads, docs_dir, MARKDOWN)
        if options.offline:
            copy = offline_copy(project, downloads, docs_dir, out, cache_dir, options.engine)
            downloads += (copy,)
        write_downloads(project, downloads, docs_dir)
    write_search_page(project, docs_dir)  # after the offline copy, which keeps Material's search
    online_site(settings, docs_dir, out, options.engine)
    return BuildResult(project, downloads, press, time.monotonic() - started)


def online_site(settings: Settings, docs_dir: Path, out: Path, engine: str) -> None:
    """Build build/site with Pagefind's search, unless it was built from these very inputs."""
    stamp = out / "cache" / "site.json"
    plugins = without_search(settings.plugins)
    build_site(settings, docs_dir, out / "site", index_site, engine, stamp, plugins=plugins)


def offline_copy(
    project: Project,
    downloads: tuple[Download, ...],
    docs_dir: Path,
    out: Path,
    cache_dir: Path,
    engine: str = "mkdocs",
) -> Download:
    """Build the offline copy and zip it, with the packs, into the everything bundle.

    The copy's docs are ``docs_dir`` linked file by file, less the pack zips (the everything
    zip holds each pack's files loose in its folder), plus its own pack pages, 下载 page and
    SHA256SUMS: the everything zip that carries the copy cannot list its own checksum.
    """
    offline_docs = link_tree(docs_dir, out / "offline-docs")
    held = without_pack_zips(downloads, offline_docs)  # the zip has each pack's files loose
    write_pack_pages(project, held, offline_docs, MARKDOWN)
    write_downloads(project, held, offline_docs, offline=True)
    stamp = cache_dir / "offline.json"
    build_offline_site(project.settings, offline_docs, out / "offline", engine, stamp)
    shutil.rmtree(offline_docs)
    return make_site_bundle(project, held, docs_dir, out / "offline", cache_dir)


def write_downloads(
    project: Project, downloads: tuple[Download, ...], docs_dir: Path, offline: bool = False
) -> None:
    """Write the 下载 page and SHA256SUMS of one copy of the site, listing ``downloads``."""
    write_downloads_page(project, downloads, docs_dir, MARKDOWN, offline)
    write_checksums(docs_dir, downloads)


def _fresh(folder: Path) -> None:
    """Empty ``folder`` so nothing from an earlier build lingers in it."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
