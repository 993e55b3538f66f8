"""Printables: building-number signs and card decks, from packs or from the command line."""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path
from typing import Any

from markupsafe import Markup

from kitpress.model import Card, Download, Pack, Printable, Project, Settings
from kitpress.outputs import card_path, printable_path
from kitpress.printing import press
from kitpress.printing.designs import (
    Page,
    Sheet,
    compose,
    doc_meta,
    paper,
    render_markdown,
    share_fonts,
)
from kitpress.printing.jobs import Job
from kitpress.printing.qr import qr_svg
from kitpress.problems import Mark
from kitpress.templating import word, words

CARDS_PER_PAGE = 4
CARD_QR_MM = 24.0  # scanned from hand's length, not across a corridor
EXCERPT_CHARS = 150  # of the card body, as plain text: what fits a card under its title


def group_signs(buildings: tuple[str, ...], per_sign: int) -> tuple[tuple[str, ...], ...]:
    """Split buildings into signs: ``per_sign`` numbers share one sign (one pick-up spot).

    per_sign=1 gives one sign per building ("3号楼"); per_sign=6 with 1-12 gives two signs,
    "1–6号楼" and "7–12号楼", for pick-up spots that serve several buildings.
    """
    size = max(1, per_sign)
    return tuple(buildings[i : i + size] for i in range(0, len(buildings), size))


def sign_label(group: tuple[str, ...]) -> str:
    """Name a sign's buildings: "3", "1–6" for a run, "15、3A" otherwise."""
    if len(group) == 1:
        return group[0]
    numbers = [int(b) for b in group if b.isdigit() and not b.startswith("0")]
    if len(numbers) == len(group) and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{group[0]}–{group[-1]}"
    return "、".join(group)


def _label_width(label: str) -> float:
    """Estimate a label's width in em: Latin digits are narrow, Chinese marks are not."""
    return sum(1.0 if _is_chinese(char) else 0.62 for char in label)


def labels_job(
    settings: Settings,
    cache_dir: Path,
    buildings: tuple[str, ...],
    per_sign: int,
    *,
    title: str = "",
    bleed: bool = False,
    download: Download,
    origin: Mark,
) -> Job:
    """Plan a sheet of building signs: two to an A4 page, or one when labels are long."""
    groups = group_signs(buildings, per_sign)
    widest = max(_label_width(sign_label(group)) for group in groups)
    half = paper("A4", "portrait", bleed=bleed)
    fits_half = (half.width - 2 * half.margin) / widest >= 60  # mm of type: legible at 5 m
    page = half if fits_half else paper("A4", "landscape", bleed=bleed)
    per_page = 2 if fits_half else 1
    signs = [_sign(page, group, per_page) for group in groups]
    pages = [signs[i : i + per_page] for i in range(0, len(signs), per_page)]
    sheet = Sheet("labels.html", "labels.css", page, _with_paper(download, page), origin)
    doc = doc_meta(settings, title or word(words(settings.root), "labels-title"))
    return compose(settings, cache_dir, sheet, doc=doc, title=title, pages=pages, per_page=per_page)


def _sign(page: Page, group: tuple[str, ...], per_page: int) -> dict[str, Any]:
    """Size one sign's number so it fills the sign's width (mm) without spilling."""
    label = sign_label(group)
    tallest = 80.0 if per_page == 2 else 120.0
    size = min(tallest, (page.width - 2 * page.margin) / _label_width(label))
    listed = "、".join(group) if len(group) > 1 and "–" in label else ""
    # "东区" needs no 号楼 after it: the template adds the word after a number only.
    named = _is_chinese(label[-1])
    return {"label": label, "size": round(size, 1), "listed": listed, "named": named}


def _is_chinese(char: str) -> bool:
    """Tell whether ``char`` is a Chinese character (as wide as it is tall)."""
    return ord(char) > 0x2FFF


def cards_job(
    settings: Settings,
    cache_dir: Path,
    pack: Pack,
    *,
    download: Download,
    origin: Mark,
    bleed: bool = False,
) -> Job:
    """Plan a pack's cards four to an A4 page, with cut lines, to print as a deck."""
    page = paper("A4", "portrait", bleed=bleed)
    cards = [_card(settings, pack, card) for card in pack.cards]
    pages = [cards[i : i + CARDS_PER_PAGE] for i in range(0, len(cards), CARDS_PER_PAGE)]
    sheet = Sheet("card-sheet.html", "card-sheet.css", page, _with_paper(download, page), origin)
    doc = doc_meta(settings, word(words(settings.root), "card-sheet-title", pack=pack.title), pack)
    return compose(settings, cache_dir, sheet, doc=doc, pack=pack, pages=pages)


def _card(settings: Settings, pack: Pack, card: Card) -> dict[str, Any]:
    """Gather what one card of the deck shows: title, a short text, and its QR code."""
    url = settings.page_url(card_path(pack, card))
    text = render_markdown(card.body)[0].striptags()
    excerpt = text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…"
    facts = [span.text for span in (card.time, card.cost) if span]
    qr = qr_svg(url, CARD_QR_MM, word(words(settings.root), "qr-label"))
    return {
        "order": f"{card.order:02d}",
        "title": card.title,
        "summary": card.summary,
        "excerpt": excerpt,
        "checkin": card.checkin,
        "facts": facts,
        "url": url,
        "qr": Markup(qr.svg),
    }


def _with_paper(download: Download, page: Page) -> Download:
    """Return ``download`` with the paper filled in."""
    return dataclasses.replace(download, paper=page.label)


def printable_jobs(project: Project, cache_dir: Path, *, bleed: bool = False) -> list[Job]:
    """Plan the printables every pack asks for."""
    return [
        job
        for pack in project.packs
        for index, printable in enumerate(pack.printables)
        if (job := _printable_job(project.settings, cache_dir, pack, printable, index, bleed))
    ]


def _printable_job(
    settings: Settings, cache_dir: Path, pack: Pack, printable: Printable, index: int, bleed: bool
) -> Job | None:
    """Plan one printable, saved where outputs.printable_path says."""
    labels = printable.kind == "building-labels"
    found = words(settings.root)
    title = printable.title or (
        word(found, "labels-title") if labels else word(found, "card-sheet-title", pack=pack.title)
    )
    path = printable_path(pack, index)
    download = Download(path, printable.kind, title, 0, "", pack=pack.slug)
    origin = printable.mark or Mark(pack.source)  # its entry under printables:
    if labels and printable.buildings:
        buildings, per_sign = printable.buildings, printable.per_sign
        return labels_job(
            settings,
            cache_dir,
            buildings,
            per_sign,
            title=printable.title,
            bleed=bleed,
            download=download,
            origin=origin,
        )
    if printable.kind == "card-sheet" and pack.cards:
        return cards_job(settings, cache_dir, pack, download=download, origin=origin, bleed=bleed)
    return None


def labels_command(
    parsed: tuple[str, ...], per_sign: int, output: Path, settings: Settings, *, title: str = ""
) -> int:
    """Print building signs to ``output`` without a pack (kitpress labels); return 0.

    Works outside a project too: fonts are cut in a temporary folder, nothing is cached.
    """
    title = title or word(words(settings.root), "labels-title")
    download = Download(output.name, "building-labels", title, 0, "")
    with tempfile.TemporaryDirectory(prefix="kitpress-labels-") as scratch:
        job = labels_job(
            settings,
            Path(scratch),
            parsed,
            per_sign,
            title=title,
            download=download,
            origin=Mark("--buildings"),
        )
        (job,) = share_fonts([job], settings, Path(scratch))
        results, _ = press.run([job], Path(scratch), workers=1)
        result = results[job.key]
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(result.pdf)
    return 0
