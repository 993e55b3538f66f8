"""QR codes for posters and sheets: always full QR (never Micro QR), level Q, vector SVG."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import segno
from markupsafe import escape

from kitpress.model import Project
from kitpress.outputs import card_path, pack_path
from kitpress.problems import Mark, Problem, problem

ERROR_LEVEL = "q"  # survives a smudge or a fold: about 25% of the code may be lost
QUIET_ZONE = 4  # modules of white around the code, as the standard asks
MAX_VERSION = 5  # 37 modules: still easy to scan from a printed A4 page


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
    return segno.make_qr(url, error=ERROR_LEVEL, boost_error=False)


def qr_version(url: str) -> int:
    """Return the QR version (1-40) that ``url`` needs at level Q."""
    return int(make_code(url).version)


def qr_svg(url: str, symbol_mm: float, label: str) -> QrImage:
    """Draw ``url`` as inline SVG whose code (quiet zone excluded) is ``symbol_mm`` wide."""
    code = make_code(url)
    modules = code.symbol_size(border=0)[0]
    width = round(symbol_mm * (modules + 2 * QUIET_ZONE) / modules, 2)
    svg = code.svg_inline(border=QUIET_ZONE, omitsize=True, svgclass="qr", lineclass=None)
    sized = f'<svg width="{width}mm" height="{width}mm" role="img" aria-label="{escape(label)}" '
    return QrImage(svg.replace("<svg ", sized, 1), int(code.version), symbol_mm, width)


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
