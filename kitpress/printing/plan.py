"""Render posters and printables to PDF into the site's downloads."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from kitpress.model import LICENSES, Card, Download, Pack, PosterSpec, Project, Settings
from kitpress.outputs import PlannedPoster, card_path, pack_path, plan_posters
from kitpress.printing import press
from kitpress.printing.designs import (
    Sheet,
    compose,
    doc_meta,
    paper,
    print_text,
    print_url,
    render_markdown,
    share_fonts,
)
from kitpress.printing.jobs import Job, Result
from kitpress.printing.labels import printable_jobs
from kitpress.printing.press import Report
from kitpress.printing.qr import QR_FOLDER, prune_drawings, qr_svg
from kitpress.problems import ContentError, Mark, Problem, problem, sort_problems
from kitpress.templating import word, words

# Body text in pt on A4, scaled with the paper: as large as fits, from the largest down to
# the floor. Short text prints large, to be read from across a lift lobby.
BODY_SIZES = (22.0, 12.0)
QR_SYMBOL_MM = 72.0  # on A4, scaled with the paper
QR_LEAST_MM = 70.0  # on every paper, A5 too: scans from a few metres
MATERIALS_SHOWN = 4  # more are summed up by the template ("and N in all")


@dataclass(frozen=True)
class Printed:
    """What a press run made: the downloads, their bytes, and how many were new or reused."""

    downloads: tuple[Download, ...]
    report: Report
    pdfs: dict[str, bytes] = field(default_factory=dict)  # by site path: zips need no re-read


def render_posters(
    project: Project,
    docs_dir: Path,
    cache_dir: Path,
    *,
    bleed: bool = False,
    jobs: int = 0,
    lang: str = "zh",
) -> Printed:
    """Render every poster and printable of every pack into ``docs_dir/downloads``.

    Unchanged documents come from ``cache_dir``; the report tells how many.
    """
    pending, problems = plan_print(project, cache_dir, bleed=bleed)
    if problems:
        raise ContentError(sort_problems(problems))
    results, report = press.run(pending, cache_dir, jobs, lang)
    problems = [found for job in pending for found in failures(job, results[job.key])]
    if problems:
        raise ContentError(sort_problems(problems))
    press.prune(cache_dir, pending)
    prune_drawings(project, cache_dir / QR_FOLDER)
    downloads = tuple(press.publish(job, results[job.key], docs_dir) for job in pending)
    pdfs = {job.download.path: results[job.key].pdf for job in pending}
    return Printed(downloads, report, pdfs)


def render_share(
    project: Project,
    cache_dir: Path,
    share: tuple[int, int],
    *,
    bleed: bool = False,
    jobs: int = 0,
    lang: str = "zh",
) -> Report:
    """Render share I of N of the posters into ``cache_dir`` only; a later build reuses them.

    The split is by job key, so every machine of a matrix agrees on it without talking.
    """
    planned, problems = plan_print(project, cache_dir, bleed=bleed)
    if problems:
        raise ContentError(sort_problems(problems))
    mine = [job for job in planned if in_share(job.key, share)]
    results, report = press.run(mine, cache_dir, jobs, lang)
    problems = [found for job in mine for found in failures(job, results[job.key])]
    if problems:
        raise ContentError(sort_problems(problems))
    return report


def in_share(key: str, share: tuple[int, int]) -> bool:
    """Tell whether the job ``key`` falls in share I of N (I counted from 1)."""
    number, count = share
    digest = hashlib.sha256(key.encode()).digest()
    return int.from_bytes(digest[:8], "big") % count == number - 1


def fit_posters(
    project: Project, cache_dir: Path, *, jobs: int = 0, lang: str = "zh"
) -> list[Problem]:
    """Lay out every poster and sheet as a build would, through its cache; return what fails.

    The jobs are planned exactly as a build plans them, so a build after a check reuses
    every document the check printed. Nothing is written outside ``cache_dir``.
    """
    planned = plan_print(project, cache_dir)[0]
    results, _ = press.run(planned, cache_dir, jobs, lang)
    found = [p for job in planned for p in failures(job, results[job.key])]
    found += [p for job in planned if (p := missing_glyphs(project, job, results[job.key]))]
    return sort_problems(found)


def plan_print(
    project: Project, cache_dir: Path, *, bleed: bool = False
) -> tuple[list[Job], list[Problem]]:
    """Plan every poster and printable of every pack, with their fonts chosen.

    Posters go where outputs.plan_posters puts them; two on one file are its problems.
    """
    problems: list[Problem] = []
    pending: list[Job] = []
    for pack in project.packs:
        planned, clashes = poster_jobs(project, pack, cache_dir, bleed)
        pending += planned
        problems += clashes
    pending += printable_jobs(project, cache_dir, bleed=bleed)
    return share_fonts(pending, project.settings, cache_dir), problems


def failures(job: Job, result: Result) -> list[Problem]:
    """Return the content problems a failed job points at: none if it printed."""
    if result.refused:
        return [problem(job.origin, "K502", ref=result.refused)]
    found = []
    if result.overflow:
        floor = f"{min(job.sizes, default=0):g}"
        amount = "overflow-by" if result.overflow > 0 else "overflow-unknown"
        by = result.overflow
        found.append(
            problem(job.origin, "K309", **dict(job.what), floor=floor, amount=amount, by=by)
        )
    for part, over in zip(job.parts, result.part_overflow, strict=False):
        if over:
            floor = f"{part.sizes[1]:g}"
            amount = "overflow-by" if over > 0 else "overflow-unknown"
            found.append(
                problem(part.origin, "K311", **dict(part.what), floor=floor, amount=amount, by=over)
            )
    return found


def missing_glyphs(project: Project, job: Job, result: Result) -> Problem | None:
    """Warn of the characters the document printed as boxes, where the first one was typed."""
    if not result.missing:
        return None
    chars = [f"{c} (U+{ord(c):04X})" for c in result.missing]
    return problem(_first_use(project, job, result.missing[0]), "K405", chars=chars)


def _first_use(project: Project, job: Job, char: str) -> Mark:
    """Find ``char`` in a card body of the document's pack by the model's marks, else its entry.

    No source is read again: a card body carries the mark of its first line.
    """
    pack = next((p for p in project.packs if p.slug == job.download.pack), None)
    for card in pack.cards if pack else ():
        if card.body_mark is None or char not in card.body:
            continue
        for offset, line in enumerate(card.body.split("\n")):
            if char in line:
                start = card.body_mark
                return Mark(start.path, start.line + offset, line.index(char) + 1)
    return job.origin


def poster_jobs(
    project: Project, pack: Pack, cache_dir: Path, bleed: bool
) -> tuple[list[Job], list[Problem]]:
    """Plan the print jobs of a pack's posters, one per file, with the clashes found."""
    planned, clashes = plan_posters(pack)
    return [poster_job(project.settings, pack, p, cache_dir, bleed) for p in planned], clashes


def _origin(pack: Pack, spec: PosterSpec, card: Card | None) -> Mark:
    """Point at what a poster shows: the pack's steps, or the card's entry or body."""
    if card is None:
        return pack.steps_mark or Mark(pack.source)
    return spec.mark or card.body_mark or Mark(card.source)


def poster_job(
    settings: Settings, pack: Pack, planned: PlannedPoster, cache_dir: Path, bleed: bool
) -> Job:
    """Plan one poster of ``pack`` (its own when it shows no card)."""
    return poster_variants(settings, pack, planned, cache_dir, bleed, ({},))[0]


def poster_variants(
    settings: Settings,
    pack: Pack,
    planned: PlannedPoster,
    cache_dir: Path,
    bleed: bool,
    owns: tuple[dict[str, Any], ...],
) -> list[Job]:
    """Plan one poster of ``pack`` once for each filling of ``owns``, its text rendered once.

    An ``own`` fills the template's slots for a compound's own lines and group code (local,
    group_code, group_label): the 打印定制 page's designs; the PDFs have none.
    """
    spec, card = planned.spec, planned.card
    page = paper(spec.size, spec.orientation, bleed=bleed)
    path = card_path(pack, card) if card else pack_path(pack)
    poster, images = _card_poster(settings, pack, card) if card else _pack_poster(settings, pack)
    found = words(settings.root)
    symbol = max(QR_LEAST_MM, QR_SYMBOL_MM * page.factor)
    url = settings.page_url(path)
    qr = qr_svg(url, symbol, word(found, "qr-label"), cache_dir / QR_FOLDER)
    poster |= {"url": print_url(url), "qr": Markup(qr.svg), "qr_width": qr.width_mm}
    poster["footer"] = footer(settings, pack)
    title = card.title if card else pack.title
    what = poster.pop("what")
    sheet = Sheet(
        "poster.html",
        "poster.css",
        page,
        _download(pack, planned, word(found, "poster-title", title=title), page.label),
        _origin(pack, spec, card),
        what=tuple(sorted(what.items())),
        sizes=tuple(round(size * page.factor, 2) for size in BODY_SIZES),  # largest, floor
        one_page=True,
        depends=images,
    )
    full_title = title if card is None else f"{title} · {pack.title}"
    doc = doc_meta(settings, full_title, pack)
    empty = {"local": [], "group_code": "", "group_label": ""}
    return [
        compose(settings, cache_dir, sheet, doc=doc, poster=poster | empty | own) for own in owns
    ]


def _download(pack: Pack, planned: PlannedPoster, title: str, paper: str) -> Download:
    """Describe a poster's file, its size and hash still to come."""
    card = planned.card.slug if planned.card else ""
    return Download(planned.path, "poster", title, 0, "", pack=pack.slug, card=card, paper=paper)


def _pack_poster(settings: Settings, pack: Pack) -> tuple[dict[str, Any], tuple[Path, ...]]:
    """Gather what a pack's own poster shows."""
    folder = settings.root / pack.folder
    rendered = [render_markdown(step, folders=(folder,), inline=True) for step in pack.steps]
    steps = [html for html, _ in rendered] or [print_text(card.title) for card in pack.cards]
    cost = pack.cost or pack.material_cost()
    needed = [m.name for m in pack.materials if not m.optional]
    # Words (labels, headings, separators) are the template's: this is only data.
    poster = {
        "site": settings.site_name,
        "pack": pack.title,
        "card": None,
        "title": print_text(pack.title),
        "summary": print_text(pack.summary),
        "time": print_text(pack.time.text) if pack.time else "",
        "cost": print_text(cost.text) if cost else "",
        "materials": needed[:MATERIALS_SHOWN],
        "materials_total": len(needed),
        "steps": steps,
        "cards_listed": not pack.steps,  # no steps: the poster lists the card titles
        "body": None,
        "checkin": "",
        "what": {"what": "pack-steps", "title": pack.title},
    }
    return poster, tuple(path for _, found in rendered for path in found)


def _card_poster(
    settings: Settings, pack: Pack, card: Card
) -> tuple[dict[str, Any], tuple[Path, ...]]:
    """Gather what a card's poster shows."""
    folders = ((settings.root / card.source).parent, settings.root / pack.folder)
    body, images = render_markdown(card.body, folders=folders)
    poster = {
        "site": settings.site_name,
        "pack": pack.title,
        "card": card.order,
        "title": print_text(card.title),
        "summary": print_text(card.summary),
        "time": print_text(card.time.text) if card.time else "",
        "cost": print_text(card.cost.text) if card.cost else "",
        "materials": [],
        "materials_total": 0,
        "steps": [],
        "cards_listed": False,
        "body": body,
        "checkin": print_text(card.checkin),
        "what": {"what": "card-body", "title": card.title},
    }
    return poster, images


def footer(settings: Settings, pack: Pack) -> dict[str, Any]:
    """Return the footer's data: license, credits, version and date."""
    return {
        "license": pack.license,
        "license_name": LICENSES.get(pack.license, (pack.license, ""))[0],
        "credits": [author.name for author in pack.authors],
        "version": pack.version,
        "updated": pack.updated.isoformat(),
        "site": settings.site_name,
    }
