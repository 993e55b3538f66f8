"""Printables: building-number signs and card decks, from packs or from the command line."""

from __future__ import annotations

import dataclasses
import math
import tempfile
from pathlib import Path
from typing import Any

from markupsafe import Markup

from kitpress.model import Card, Download, Pack, PaperSize, Printable, Project, Settings
from kitpress.outputs import card_path, printable_path
from kitpress.printing import press
from kitpress.printing.designs import (
    Page,
    Sheet,
    compose,
    doc_meta,
    paper,
    print_text,
    print_url,
    render_markdown,
    share_fonts,
)
from kitpress.printing.jobs import Job, Part
from kitpress.printing.qr import QR_FOLDER, qr_svg
from kitpress.problems import Mark
from kitpress.templating import word, words

# A card is an A6 (105 x 148 mm) on A4 and an A5 on A3, four to a sheet; on A5 paper a
# sheet is one A5 card. Its text is as large as fits, from CARD_SIZES[0] down to the floor.
CARD_WIDTH_MM = 105.0  # the card whose sizes the design gives; others scale with width
CARD_SIZES = (12.0, 8.0)  # pt: largest, floor
# A phone photo of a card on a table must resolve every module: at least 35 mm of code
# (0.85 mm a module for 41 modules), and never less than MODULE_MM a module.
CARD_QR_MM = 35.0


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
    size: PaperSize = "A4",
) -> Job:
    """Plan a sheet of building signs: two to a page, or one when labels are long."""
    groups = group_signs(buildings, per_sign)
    half = paper(size, "portrait", bleed=bleed)
    per_page = signs_per_page(half, [sign_label(group) for group in groups])
    page = half if per_page == 2 else paper(size, "landscape", bleed=bleed)
    signs = [_sign(page, group, per_page) for group in groups]
    pages = [signs[i : i + per_page] for i in range(0, len(signs), per_page)]
    sheet = Sheet("labels.html", "labels.css", page, _with_paper(download, page), origin)
    doc = doc_meta(settings, title or word(words(settings.root), "labels-title"))
    return compose(settings, cache_dir, sheet, doc=doc, title=title, pages=pages, per_page=per_page)


# The 打印定制 page's script (theme/assets/kitpress-print.js) ports signs_per_page and
# number_size float for float: tests/test_custom_print.py compares them over many labels.
def signs_per_page(half: Page, labels: list[str]) -> int:
    """Put two signs on a portrait sheet when the widest label is legible at 5 m, else one."""
    widest = max(_label_width(label) for label in labels)
    # mm of type, legible at 5 m: 60 on A4, scaled with the paper
    return 2 if (half.width - 2 * half.margin) / widest >= 60 * half.factor else 1


def number_size(page: Page, label: str, per_page: int) -> float:
    """Size a sign's number (mm) so it fills the sign's width without spilling."""
    tallest = (80.0 if per_page == 2 else 120.0) * page.factor
    size = min(tallest, (page.width - 2 * page.margin) / _label_width(label))
    return math.floor(size * 10 + 0.5) / 10  # half up, as JavaScript's Math.round would


def _sign(page: Page, group: tuple[str, ...], per_page: int) -> dict[str, Any]:
    """Gather one sign: its label, number size, buildings listed and whether 号楼 follows."""
    label = sign_label(group)
    size = number_size(page, label, per_page)
    listed = "、".join(group) if len(group) > 1 and "–" in label else ""
    # "东区" needs no 号楼 after it: the template adds the word after a number only.
    named = _is_chinese(label[-1])
    return {"label": label, "size": size, "listed": listed, "named": named}


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
    size: PaperSize = "A4",
) -> Job:
    """Plan a pack's cards as a deck to print and cut: four to a page, one on A5.

    Every card prints its whole text, as large as fits its own box; a card that does not
    fit at the floor is reported at its own file.
    """
    page = paper(size, "portrait", bleed=bleed)
    across = 1 if size == "A5" else 2
    scale = round(page.width / across / CARD_WIDTH_MM, 4)
    label = word(words(settings.root), "qr-label")  # once a sheet: the same for every card
    cards = [
        _card(settings, pack, card, index, scale, label, cache_dir / QR_FOLDER)
        for index, card in enumerate(pack.cards)
    ]
    per_page = across * across
    pages = [cards[i : i + per_page] for i in range(0, len(cards), per_page)]
    sizes = (round(CARD_SIZES[0] * scale, 2), round(CARD_SIZES[1] * scale, 2))
    parts = tuple(
        Part(card.body_mark or Mark(card.source), (("title", card.title),), sizes)
        for card in pack.cards
    )
    sheet = Sheet(
        "card-sheet.html",
        "card-sheet.css",
        page,
        _with_paper(download, page),
        origin,
        parts=parts,
    )
    doc = doc_meta(settings, word(words(settings.root), "card-sheet-title", pack=pack.title), pack)
    return compose(
        settings,
        cache_dir,
        sheet,
        doc=doc,
        pack=pack,
        pages=pages,
        across=across,
        scale=scale,
        qr_width=cards[0]["qr_width"] if cards else 0,
    )


def _card(
    settings: Settings,
    pack: Pack,
    card: Card,
    index: int,
    scale: float,
    label: str,
    drawings: Path,
) -> dict[str, Any]:
    """Gather what one card of the deck shows: all its text, and its QR code (drawn once)."""
    url = settings.page_url(card_path(pack, card))
    body = render_markdown(card.body, pictures=False)[0]
    facts = [print_text(span.text) for span in (card.time, card.cost) if span]
    qr = qr_svg(url, CARD_QR_MM * scale, label, drawings)
    return {
        "part": index,
        "order": f"{card.order:02d}",
        "title": print_text(card.title),
        "summary": print_text(card.summary),
        "body": body,
        "checkin": print_text(card.checkin),
        "facts": facts,
        "url": print_url(url),
        "qr": Markup(qr.svg),
        "qr_width": qr.width_mm,
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
    size = printable.size
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
            size=size,
        )
    if printable.kind == "card-sheet" and pack.cards:
        return cards_job(
            settings, cache_dir, pack, download=download, origin=origin, bleed=bleed, size=size
        )
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
