"""QR codes for posters and sheets: always full QR (never Micro QR), level Q, vector SVG."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import segno
from markupsafe import escape

from kitpress.model import Project
from kitpress.outputs import card_path, pack_path
from kitpress.problems import Mark, Problem, problem

ERROR_LEVEL = "q"  # survives a smudge or a fold: about 25% of the code may be lost
BOOST_ERROR = False  # the version table assumes level Q exactly
QUIET_ZONE = 4  # modules of white around the code, as the standard asks
MAX_VERSION = 5  # 37 modules: still easy to scan from a printed A4 page
QR_FOLDER = "qr"  # under the build's cache: drawings kept by address
MODULE_MM = 0.8  # the least a module prints at: finer, a phone photo blurs it away
# How a code is drawn; kept drawings are named by it, so a change here draws them again.
SVG_OPTIONS: dict[str, Any] = {
    "border": QUIET_ZONE,
    "omitsize": True,
    "svgclass": "qr",
    "lineclass": None,
}
# Data bits each version holds at level Q (ISO/IEC 18004 table 7; equal to segno's own table,
# which a test checks): the version is read here, without encoding the whole symbol.
CAPACITY_Q = (
    104, 176, 272, 384, 496, 608, 704, 880, 1056, 1232,
    1440, 1648, 1952, 2088, 2360, 2600, 2936, 3176, 3560, 3880,
    4096, 4544, 4912, 5312, 5744, 6032, 6464, 6968, 7288, 7880,
    8264, 8920, 9368, 9848, 10288, 10832, 11408, 12016, 12656, 13328,
)  # fmt: skip
ALPHANUMERIC = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
# Bits of the character count per mode, for versions 1-9, 10-26 and 27-40.
COUNT_BITS = {"numeric": (10, 12, 14), "alphanumeric": (9, 11, 13), "byte": (8, 16, 16)}
COUNT_BITS["kanji"] = (8, 10, 12)


@dataclass(frozen=True)
class QrImage:
    """An inline SVG QR code and the printed sizes it was drawn for."""

    svg: str
    version: int
    symbol_mm: float  # the code itself, without its quiet zone
    width_mm: float  # the code with its quiet zone


@lru_cache(maxsize=512)  # check and build encode each page's address several times
def make_code(url: str) -> segno.QRCode:
    """Encode ``url`` as a full QR code at level Q without boosting the level."""
    return segno.make_qr(url, error=ERROR_LEVEL, boost_error=BOOST_ERROR)


def qr_mode(text: str) -> tuple[str, int, int]:
    """Return the mode segno picks for ``text``, its character count and its data bits."""
    if text.isascii() and text.isdigit():
        n = len(text)
        return "numeric", n, 10 * (n // 3) + (0, 4, 7)[n % 3]
    if text and set(text) <= ALPHANUMERIC:
        n = len(text)
        return "alphanumeric", n, 11 * (n // 2) + 6 * (n % 2)
    try:
        data = text.encode("iso-8859-1")
    except UnicodeError:
        try:
            data = text.encode("shift_jis")
        except UnicodeError:
            data = text.encode("utf-8")
        else:
            if is_kanji(data):
                return "kanji", len(data) // 2, 13 * (len(data) // 2)
    return "byte", len(data), 8 * len(data)


def is_kanji(data: bytes) -> bool:
    """Tell whether Shift JIS ``data`` is all double-byte characters of QR's kanji mode."""
    if not data or len(data) % 2:
        return False
    pairs = (data[i] << 8 | data[i + 1] for i in range(0, len(data), 2))
    return all(0x8140 <= code <= 0x9FFC or 0xE040 <= code <= 0xEBBF for code in pairs)


@lru_cache(maxsize=4096)
def qr_version(url: str) -> int:
    """Return the QR version (1-40) that ``url`` needs at level Q, or 41 if none holds it."""
    mode, count, bits = qr_mode(url)
    for version, capacity in enumerate(CAPACITY_Q, start=1):
        count_bits = COUNT_BITS[mode][0 if version < 10 else 1 if version < 27 else 2]
        if 4 + count_bits + bits <= capacity and count < 1 << count_bits:
            return version
    return len(CAPACITY_Q) + 1


def qr_svg(url: str, symbol_mm: float, label: str, cache: Path | None = None) -> QrImage:
    """Draw ``url`` as inline SVG whose code (quiet zone excluded) is ``symbol_mm`` wide.

    A long address needs more modules: the code then grows so each is MODULE_MM at least.
    With ``cache`` (a folder) the drawing is kept there by address, for the next build.
    """
    drawing, version = _drawing(url, cache)
    modules = 17 + 4 * version
    symbol_mm = max(symbol_mm, round(modules * MODULE_MM + 0.005, 2))
    width = round(symbol_mm * (modules + 2 * QUIET_ZONE) / modules, 2)
    sized = f'<svg width="{width}mm" height="{width}mm" role="img" aria-label="{escape(label)}" '
    return QrImage(drawing.replace("<svg ", sized, 1), version, symbol_mm, width)


@lru_cache(maxsize=4096)  # a build draws each address up to three times: PDF, sheet, page
def _drawing(url: str, cache: Path | None) -> tuple[str, int]:
    """Return the SVG of ``url``'s code and its version, from ``cache`` when drawn before.

    Encoding (eight masks scored in Python) costs more than laying out the rest of a
    poster's HTML: a build where nothing changed reads the drawings instead.
    """
    path = cache / f"{_drawing_name(url)}.svg" if cache else None
    if path and (found := _read_drawing(path)):
        return found
    code = make_code(url)
    svg = code.svg_inline(**SVG_OPTIONS)
    if path:
        _write_drawing(path, svg, int(code.version))
    return svg, int(code.version)


def _drawing_name(url: str) -> str:
    """Name a drawing by everything it is made from: address, options and segno's version."""
    options = ",".join(f"{k}={v}" for k, v in sorted(SVG_OPTIONS.items()))
    made = f"segno {segno.__version__}|{ERROR_LEVEL}|{BOOST_ERROR}|{options}|{url}"
    return hashlib.sha256(made.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _read_drawing(path: Path) -> tuple[str, int] | None:
    """Read a stored drawing, or None if it is missing or damaged (its checksum tells)."""
    try:
        head, svg = path.read_text(encoding="utf-8").split("\n", 1)
        digest, version = head.split(" ")
    except (OSError, ValueError):
        return None
    if hashlib.sha256(svg.encode()).hexdigest() != digest or not version.isdigit():
        return None
    return svg, int(version)


def _write_drawing(path: Path, svg: str, version: int) -> None:
    """Keep a drawing with its checksum and version; a folder that cannot be written is skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(f"{hashlib.sha256(svg.encode()).hexdigest()} {version}\n{svg}", "utf-8")
        os.replace(tmp, path)  # atomic: a check and a build may draw the same code
    except OSError:
        return


def prune_drawings(project: Project, cache: Path) -> None:
    """Delete the stored drawings of addresses no page of ``project`` has any more."""
    keep = {f"{_drawing_name(url)}.svg" for url in page_urls(project)}
    for path in cache.glob("*") if cache.is_dir() else ():
        if path.name not in keep:
            path.unlink(missing_ok=True)


def page_urls(project: Project) -> list[str]:
    """Return the address of every pack and card page: all a code may point at."""
    paths = [pack_path(pack) for pack in project.packs]
    paths += [card_path(pack, card) for pack in project.packs for card in pack.cards]
    return [project.settings.page_url(path) for path in paths]


def address_problems(project: Project) -> list[Problem]:
    """Warn where a poster's QR code would be too dense to scan easily."""
    out = []
    for pack in project.packs:
        cards = [pack.card(s.card) for s in pack.poster_specs() if s.card]
        pages = [(pack.source, pack_path(pack))]
        pages += [(c.source, card_path(pack, c)) for c in cards if c]
        for source, path in pages:
            url = project.settings.page_url(path)
            version = qr_version(url)
            if version > MAX_VERSION:
                args = {"url": url, "length": len(url), "version": version, "limit": MAX_VERSION}
                out.append(problem(Mark(source), "K401", **args))
    return out
