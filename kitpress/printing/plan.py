"""Render posters and printables to PDF into the site's downloads."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from kitpress.content.document import Document, parse_yaml, read_text, split_front_matter
from kitpress.model import (
    LICENSES,
    Card,
    Download,
    Pack,
    PosterSpec,
    Project,
    Settings,
    card_path,
    pack_path,
)
from kitpress.printing import press
from kitpress.printing.designs import Sheet, compose, doc_meta, paper, render_markdown, share_fonts
from kitpress.printing.jobs import Job, Result
from kitpress.printing.labels import printable_jobs
from kitpress.printing.press import Report
from kitpress.printing.qr import qr_svg
from kitpress.problems import ContentError, Mark, Problem, problem, sort_problems

BODY_SIZES = (16.0, 15.0, 14.0, 13.0, 12.0)  # pt on A4: as designed, then smaller; 12 is the floor
QR_SYMBOL_MM = 72.0  # on A4, scaled with the paper: at least 70 mm scans from a few metres
MATERIALS_SHOWN = 4  # more are summed up by the template ("and N in all")


@dataclass(frozen=True)
class Printed:
    """What a press run made: the downloads, and how many were new or reused."""

    downloads: tuple[Download, ...]
    report: Report


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
    pending = plan_print(project, cache_dir, bleed=bleed)
    results, report = press.run(pending, cache_dir, jobs, lang)
    problems = [found for job in pending if (found := failure(job, results[job.key]))]
    if problems:
        raise ContentError(sort_problems(problems))
    press.prune(cache_dir, pending)
    downloads = tuple(press.publish(job, results[job.key], docs_dir) for job in pending)
    return Printed(downloads, report)


def fit_posters(
    project: Project, cache_dir: Path, *, jobs: int = 0, lang: str = "zh"
) -> list[Problem]:
    """Lay out every poster as a build would, through its cache; return those that fail.

    The jobs are planned exactly as a build plans them, so a build after a check reuses
    every poster the check printed. Nothing is written outside ``cache_dir``.
    """
    try:
        posters = [job for job in plan_print(project, cache_dir) if job.one_page]
    except ContentError as exc:
        return exc.problems
    results, _ = press.run(posters, cache_dir, jobs, lang)
    return sort_problems(found for job in posters if (found := failure(job, results[job.key])))


def plan_print(project: Project, cache_dir: Path, *, bleed: bool = False) -> list[Job]:
    """Plan every poster and printable of every pack, with their fonts chosen."""
    problems: list[Problem] = []
    pending: list[Job] = []
    for pack in project.packs:
        planned, clashes = poster_jobs(project, pack, cache_dir, bleed)
        pending += planned
        problems += clashes
    if problems:
        raise ContentError(sort_problems(problems))
    pending += printable_jobs(project, cache_dir, bleed=bleed)
    return share_fonts(pending, project.settings, cache_dir)


def failure(job: Job, result: Result) -> Problem | None:
    """Return the content problem a failed job points at, or None if it printed."""
    if result.refused:
        return problem(job.origin, "K502", ref=result.refused)
    if result.overflow:
        floor = f"{min(job.sizes, default=0):g}"
        amount = "overflow-by" if result.overflow > 0 else "overflow-unknown"
        return problem(
            job.origin, "K309", **dict(job.what), floor=floor, amount=amount, by=result.overflow
        )
    return None


def poster_jobs(
    project: Project, pack: Pack, cache_dir: Path, bleed: bool
) -> tuple[list[Job], list[Problem]]:
    """Plan the print jobs of a pack's posters, one per file; report two posters on one file."""
    root = project.settings.root
    doc = _pack_document(root, pack)
    planned: dict[str, tuple[PosterSpec, Job]] = {}
    clashes = []
    for spec in pack.poster_specs():
        card = pack.card(spec.card) if spec.card else None
        if spec.card and card is None:
            continue  # an unknown card is the validator's K303, not a crash here
        name = poster_name(spec, card)
        if name not in planned:
            origin = _origin(root, doc, pack, spec, card)
            job = poster_job(project.settings, pack, card, spec, cache_dir, bleed, origin)
            planned[name] = (spec, job)
        elif _same_poster(pack, planned[name][0], spec):
            continue  # the same poster asked for twice is printed once
        else:  # e.g. card "a3" and the pack's own A3 poster: both poster-a3.pdf
            mark = _listed(doc, pack, spec) or Mark(card.source if card else pack.source)
            other = _describe(pack, planned[name][0])
            clashes.append(problem(mark, "K310", name=name, **other))
    return [job for _, job in planned.values()], clashes


def _same_poster(pack: Pack, first: PosterSpec, second: PosterSpec) -> bool:
    """Tell whether two specs ask for one poster (a card may be named with its number)."""
    same_card = pack.card(first.card) == pack.card(second.card) if first.card else not second.card
    return same_card and (first.size, first.orientation) == (second.size, second.orientation)


def _describe(pack: Pack, spec: PosterSpec) -> dict[str, str]:
    """Name a poster for a message by catalog words: card a3's A4 portrait poster."""
    card = pack.card(spec.card) if spec.card else None
    whose = {"poster": "card-poster", "card": card.slug} if card else {"poster": "pack-poster"}
    return whose | {"size": spec.size, "orientation": spec.orientation}


def _pack_document(root: Path, pack: Pack) -> Document:
    """Read pack.yml again for the lines its poster texts are on (no lines if unreadable)."""
    text, _ = read_text(root / pack.source, pack.source)
    return parse_yaml(text or "", pack.source)[0]


def _origin(root: Path, doc: Document, pack: Pack, spec: PosterSpec, card: Card | None) -> Mark:
    """Point at what a poster shows: the pack's steps, or the card's entry or body."""
    if card is None:
        return doc.key_mark("steps")  # with no steps, the poster lists the card titles
    return _listed(doc, pack, spec) or _body_start(root, card)


def _listed(doc: Document, pack: Pack, spec: PosterSpec) -> Mark | None:
    """Return where ``spec`` is listed under ``posters:``, if it is."""
    return doc.mark("posters", pack.posters.index(spec)) if spec in pack.posters else None


def _body_start(root: Path, card: Card) -> Mark:
    """Return the first line of a card's body text, below its front matter."""
    text, _ = read_text(root / card.source, card.source)
    split = split_front_matter(text or "")
    if split is None:
        return Mark(card.source)
    lines = split[1].splitlines()
    blank = next((i for i, line in enumerate(lines) if line.strip()), 0)
    return Mark(card.source, split[2] + blank)


def poster_name(spec: PosterSpec, card: Card | None) -> str:
    """Name a poster file: poster.pdf, poster-<card>.pdf, poster-a3-landscape.pdf ..."""
    parts = ["poster"] + ([card.slug] if card else [])
    if spec.size != "A4":
        parts.append(spec.size.lower())
    if spec.orientation != "portrait":
        parts.append(spec.orientation)
    return "-".join(parts) + ".pdf"


def poster_job(
    settings: Settings,
    pack: Pack,
    card: Card | None,
    spec: PosterSpec,
    cache_dir: Path,
    bleed: bool,
    origin: Mark,
) -> Job:
    """Plan one poster of ``pack`` (its own when ``card`` is None); ``origin`` gets its problems."""
    page = paper(spec.size, spec.orientation, bleed=bleed)
    path = card_path(pack, card) if card else pack_path(pack)
    poster, images = _card_poster(settings, pack, card) if card else _pack_poster(settings, pack)
    qr = qr_svg(settings.page_url(path), QR_SYMBOL_MM * page.factor)
    poster |= {"url": settings.page_url(path), "qr": Markup(qr.svg), "qr_width": qr.width_mm}
    poster["footer"] = footer(settings, pack)
    title = poster["title"]
    what = poster.pop("what")
    sheet = Sheet(
        "poster.html",
        "poster.css",
        page,
        _download(pack, card, spec, f"{title} 海报", page.label),
        origin,
        what=tuple(sorted(what.items())),
        sizes=tuple(round(size * page.factor, 2) for size in BODY_SIZES),
        one_page=True,
        depends=images,
    )
    full_title = title if card is None else f"{title} · {pack.title}"
    doc = doc_meta(settings, full_title, pack)
    return compose(settings, cache_dir, sheet, doc=doc, poster=poster)


def _download(pack: Pack, card: Card | None, spec: PosterSpec, title: str, paper: str) -> Download:
    """Describe a poster's file, its size and hash still to come."""
    path = f"downloads/{pack.slug}/{poster_name(spec, card)}"
    card_slug = card.slug if card else ""
    return Download(path, "poster", title, 0, "", pack=pack.slug, card=card_slug, paper=paper)


def _pack_poster(settings: Settings, pack: Pack) -> tuple[dict[str, Any], tuple[Path, ...]]:
    """Gather what a pack's own poster shows."""
    folder = settings.root / pack.folder
    rendered = [render_markdown(step, folders=(folder,), inline=True) for step in pack.steps]
    steps = [html for html, _ in rendered] or [Markup.escape(card.title) for card in pack.cards]
    cost = pack.cost or pack.material_cost()
    needed = [m.name for m in pack.materials if not m.optional]
    # Words (labels, headings, separators) are the template's: this is only data.
    poster = {
        "site": settings.site_name,
        "pack": pack.title,
        "card": None,
        "title": pack.title,
        "summary": pack.summary,
        "time": pack.time.text if pack.time else "",
        "cost": cost.text if cost else "",
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
        "title": card.title,
        "summary": card.summary,
        "time": card.time.text if card.time else "",
        "cost": card.cost.text if card.cost else "",
        "materials": [],
        "materials_total": 0,
        "steps": [],
        "cards_listed": False,
        "body": body,
        "checkin": card.checkin,
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
