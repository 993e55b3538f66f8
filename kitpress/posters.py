"""Render posters and printables to PDF into the site's downloads."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from kitpress import press
from kitpress.designs import Sheet, compose, doc_meta, paper, render_markdown, share_fonts
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
from kitpress.press import Job, Report, Result
from kitpress.printables import printable_jobs
from kitpress.problems import ContentError, Mark, Problem, problem, sort_problems
from kitpress.qr import qr_svg

BODY_SIZES = (16.0, 15.0, 14.0, 13.0, 12.0)  # pt on A4: as designed, then smaller; 12 is the floor
QR_SYMBOL_MM = 72.0  # on A4, scaled with the paper: at least 70 mm scans from a few metres
MATERIALS_SHOWN = 4  # more than this are summed up as "等 N 样"


@dataclass(frozen=True)
class Printed:
    """What a press run made: the downloads, and how many were new or reused."""

    downloads: tuple[Download, ...]
    report: Report


def render_posters(
    project: Project, docs_dir: Path, cache_dir: Path, *, bleed: bool = False, jobs: int = 0
) -> Printed:
    """Render every poster and printable of every pack into ``docs_dir/downloads``.

    Unchanged documents come from ``cache_dir``; the report tells how many.
    """
    pending = [
        job for pack in project.packs for job in poster_jobs(project, pack, cache_dir, bleed)
    ]
    pending += printable_jobs(project, cache_dir, bleed=bleed)
    pending = share_fonts(pending, project.settings, cache_dir)
    results, report = press.run(pending, cache_dir, jobs)
    problems = [found for job in pending if (found := failure(job, results[job.key]))]
    if problems:
        raise ContentError(sort_problems(problems))
    press.prune(cache_dir, pending)
    downloads = tuple(press.publish(job, results[job.key], docs_dir) for job in pending)
    return Printed(downloads, report)


def failure(job: Job, result: Result) -> Problem | None:
    """Return the content problem a failed job points at, or None if it printed."""
    if result.refused:
        return problem(job.origin, "K502", ref=result.refused)
    if result.overflow:
        floor = min(job.sizes, default=0)
        amount = f"仍多出约 {result.overflow}%" if result.overflow > 0 else "仍放不下"
        detail = f"缩到最小字号 {floor:g} pt {amount}：请删减文字，或把内容拆成几张卡片"
        return problem(job.origin, "K309", what=job.what, detail=detail)
    return None


def poster_jobs(project: Project, pack: Pack, cache_dir: Path, bleed: bool) -> list[Job]:
    """Plan the print jobs of a pack's posters, one per distinct file."""
    planned: dict[str, Job] = {}
    for spec in pack.poster_specs():
        card = pack.card(spec.card) if spec.card else None
        if spec.card and card is None:
            continue  # an unknown card is the validator's K303, not a crash here
        name = poster_name(spec, card)
        if name not in planned:
            planned[name] = poster_job(project.settings, pack, card, spec, cache_dir, bleed)
    return list(planned.values())


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
) -> Job:
    """Plan one poster of ``pack`` (its own when ``card`` is None)."""
    page = paper(spec.size, spec.orientation, bleed=bleed)
    path = card_path(pack, card) if card else pack_path(pack)
    poster, images = _card_poster(settings, pack, card) if card else _pack_poster(settings, pack)
    qr = qr_svg(settings.page_url(path), QR_SYMBOL_MM * page.factor)
    poster |= {"url": settings.page_url(path), "qr": Markup(qr.svg), "qr_width": qr.width_mm}
    poster["footer"] = footer(settings, pack)
    title = poster["title"]
    sheet = Sheet(
        "poster.html",
        "poster.css",
        page,
        _download(pack, card, spec, f"{title} 海报", page.label),
        Mark(card.source if card else pack.source),
        what=poster.pop("what"),
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
    facts = [("用时", pack.time.text if pack.time else ""), ("花费", cost.text if cost else "")]
    facts.append(("材料", materials_line(needed)))
    poster = {
        "kicker": f"{settings.site_name} · 资源包",
        "title": pack.title,
        "summary": pack.summary,
        "facts": [(label, value) for label, value in facts if value],
        "heading": "怎么做" if pack.steps else "包里有这些卡片",
        "steps": steps,
        "body": None,
        "checkin": "",
        "what": f"资源包“{pack.title}”海报上的步骤",
    }
    return poster, tuple(path for _, found in rendered for path in found)


def _card_poster(
    settings: Settings, pack: Pack, card: Card
) -> tuple[dict[str, Any], tuple[Path, ...]]:
    """Gather what a card's poster shows."""
    folders = ((settings.root / card.source).parent, settings.root / pack.folder)
    body, images = render_markdown(card.body, folders=folders)
    facts = [
        ("用时", card.time.text if card.time else ""),
        ("花费", card.cost.text if card.cost else ""),
    ]
    poster = {
        "kicker": f"{pack.title} · 卡片 {card.order:02d}",
        "title": card.title,
        "summary": card.summary,
        "facts": [(label, value) for label, value in facts if value],
        "heading": "怎么做",
        "steps": [],
        "body": body,
        "checkin": card.checkin,
        "what": f"卡片“{card.title}”的正文",
    }
    return poster, images


def materials_line(names: list[str]) -> str:
    """Join material names for one line, summing up the tail of a long list."""
    if len(names) <= MATERIALS_SHOWN:
        return "、".join(names)
    return "、".join(names[:MATERIALS_SHOWN]) + f"等 {len(names)} 样"


def footer(settings: Settings, pack: Pack) -> dict[str, str]:
    """Return the footer lines: license, credits, version and date."""
    license_name = LICENSES.get(pack.license, (pack.license, ""))[0]
    return {
        "license": f"{license_name}（{pack.license}）",
        "credits": "、".join(author.name for author in pack.authors),
        "version": pack.version,
        "updated": pack.updated.isoformat(),
        "site": settings.site_name,
    }
