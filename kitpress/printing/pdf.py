"""WeasyPrint as kitpress drives it: local files only, shrink to fit, logs kept per job.

Importing this module imports WeasyPrint (most of a second), so only workers import it.
"""

from __future__ import annotations

import dataclasses
import logging
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint import CSS, HTML
from weasyprint.logger import LOGGER
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from kitpress.printing.fonts import write_subsets
from kitpress.printing.jobs import Job, Result

IMAGE_DPI = 200  # photos in card bodies: plenty for an office laser printer
STEP = 0.25  # pt: sizes are searched on this grid
ROUNDS = 4  # layouts spent looking for the largest size that fits
_CUT_OFF = 1000.0  # what _used says when the end marker is gone: too long, by an unknown amount
# Text height grows a little slower than the square of its size: size * used ** GROWTH is
# about the size at which the text would fill its room exactly.
GROWTH = -1 / 1.7


class Refused(FatalURLFetchingError):  # type: ignore[misc]
    """A document asked for an address it may not load; rendering stops."""

    def __init__(self, url: str) -> None:
        super().__init__(f"refused: {url}")
        self.url = url


class SafeFetcher(URLFetcher):  # type: ignore[misc]
    """Fetch data: URLs and files inside the allowed folders; refuse everything else."""

    def __init__(self, allowed: tuple[str, ...]) -> None:
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)
        self.allowed = tuple(Path(folder) for folder in allowed)

    def fetch(self, url: str, headers: Any = None) -> Any:
        """Fetch ``url`` if it is allowed, else stop the rendering."""
        if not self.permits(url):
            raise Refused(url)
        return super().fetch(url, headers)

    def permits(self, url: str) -> bool:
        """Tell whether ``url`` is a data: URL or a file inside an allowed folder."""
        parts = urlsplit(url)
        if parts.scheme.lower() == "data":
            return True
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return False
        path = Path(url2pathname(parts.path)).resolve()  # resolve: no escape by symlink
        return any(path.is_relative_to(folder) for folder in self.allowed)


@lru_cache(maxsize=1)
def font_config() -> FontConfiguration:
    """Return this process's one FontConfiguration (loading fontconfig is not free)."""
    return FontConfiguration()


def render(job: Job) -> Result:
    """Render ``job`` to PDF, at the largest text size that fits its page and its parts."""
    with _captured_logs() as (warnings, missing):
        try:
            write_subsets(job.fonts)
            html = HTML(string=job.html, url_fetcher=SafeFetcher(job.allowed))
            fit = _fit_parts(job, html, _fit(job, html))
        except Refused as refused:
            return Result(
                job.key, refused=refused.url, warnings=tuple(warnings), missing="".join(missing)
            )
        pages = len(fit.document.pages)
        measured = Result(
            job.key,
            warnings=tuple(warnings),
            missing="".join(missing),
            size=fit.size,
            used=round(fit.used, 4),
            part_sizes=fit.part_sizes,
            part_overflow=fit.part_overflow,
        )
        if fit.overflow or (job.one_page and pages > 1) or any(fit.part_overflow):
            return dataclasses.replace(
                measured, overflow=fit.overflow or (-1 if job.one_page and pages > 1 else 0)
            )
        pdf = fit.document.write_pdf(
            pdf_identifier=job.key[:32].encode(), optimize_images=True, dpi=IMAGE_DPI
        )
    # WeasyPrint names a character no font has while it writes the PDF: read the list after.
    return dataclasses.replace(measured, pdf=pdf, pages=pages, missing="".join(missing))


@dataclass(frozen=True)
class _Fit:
    """A layout and the sizes it was made at."""

    document: Any
    size: float = 0.0
    used: float = 0.0
    overflow: int = 0
    part_sizes: tuple[float, ...] = ()
    part_overflow: tuple[int, ...] = ()


def _fit(job: Job, html: HTML) -> _Fit:
    """Find the largest root size in job.sizes at which the text fits, in a few layouts.

    Short text prints large, to be read from across a lift lobby; long text shrinks down
    to the floor, and is reported when it does not fit even there.
    """
    if not job.one_page or len(job.sizes) < 2:
        document = _layout(html, job.css, job.sizes[0] if job.sizes else 0.0)
        return _Fit(document, job.sizes[0] if job.sizes else 0.0, _used(document))
    high, low = max(job.sizes), min(job.sizes)
    best: _Fit | None = None
    misfit = (math.inf, math.inf)  # the smallest size found not to fit, and what it used
    size = high
    for _ in range(ROUNDS):
        document = _layout(html, job.css, size)
        used = _used(document)
        if used <= 1 and (best is None or size > best.size):
            best = _Fit(document, size, used)
        elif used > 1 and size < misfit[0]:
            misfit = (size, used)
        if best and (best.size >= high or misfit[0] - best.size <= STEP * 1.01):
            return best
        size = _next_size((size, used), (best.size, best.used) if best else None, misfit, low, high)
        if size < low:
            break
    if best:
        return best
    if misfit[0] > low:  # never tried the floor: it is the last chance
        document = _layout(html, job.css, low)
        if (used := _used(document)) <= 1:
            return _Fit(document, low, used)
    return _Fit(document, low, used, _overflow(used))


def _next_size(
    last: tuple[float, float],
    fits: tuple[float, float] | None,
    misfit: tuple[float, float],
    low: float,
    high: float,
) -> float:
    """Predict the size to lay out next, strictly between the best fit and the least misfit.

    With a fit and a misfit known, the curve through both says where the text fills its
    room (wrapped lines make it jump, which the model alone would miss); else the model.
    """
    size, used = last
    if fits and misfit[0] < math.inf and misfit[1] < _CUT_OFF and fits[1] > 0:
        slope = math.log(misfit[1] / fits[1]) / math.log(misfit[0] / fits[0])
        guess = fits[0] * fits[1] ** (-1 / slope) if slope > 0 else (fits[0] + misfit[0]) / 2
    elif used < _CUT_OFF:
        guess = size * used**GROWTH * (0.995 if used <= 1 else 0.99)
    else:
        guess = low
    guess = math.floor(min(max(guess, low), high) / STEP) * STEP
    if fits:
        guess = max(guess, fits[0] + STEP)
    return min(guess, misfit[0] - STEP)


def _fit_parts(job: Job, html: HTML, fit: _Fit) -> _Fit:
    """Shrink each part that overflows its own box, down to its floor, the others left be."""
    if not job.parts:
        return fit
    sizes = [part.sizes[0] for part in job.parts]
    document, over = fit.document, [0] * len(sizes)
    for attempt in range(ROUNDS + 1):
        document = _layout(html, job.css, fit.size, sizes)
        used = [_part_used(document, index) for index in range(len(sizes))]
        over = [_overflow(u) if u > 1 else 0 for u in used]
        shrink = [i for i, u in enumerate(used) if u > 1 and sizes[i] > job.parts[i].sizes[1]]
        if not shrink:
            break
        for i in shrink:
            floor = job.parts[i].sizes[1]
            # Its end lost (run off the page): halve the way to the floor instead.
            guess = (
                sizes[i] * used[i] ** GROWTH * 0.99
                if used[i] < _CUT_OFF
                else (sizes[i] + floor) / 2
            )
            # The last round goes straight to the floor: after it, nothing is tried.
            guess = floor if attempt == ROUNDS - 1 else math.floor(guess / STEP) * STEP
            sizes[i] = max(floor, min(guess, sizes[i] - STEP))
    parts = tuple(sizes)
    return dataclasses.replace(fit, document=document, part_sizes=parts, part_overflow=tuple(over))


def _overflow(used: float) -> int:
    """Turn a used share above 1 into percent beyond the room (-1: unknown)."""
    return -1 if used >= _CUT_OFF else max(1, round((used - 1) * 100))


def _used(document: Any) -> float:
    """Return how much of the room for text a layout uses: above 1 means it does not fit.

    Templates mark the room with ids kp-flow-start, kp-flow-limit and kp-flow-end; without
    them, a document fits when it has one page.
    """
    pages = document.pages
    first = pages[0].anchors
    if "kp-flow-start" not in first or "kp-flow-limit" not in first:
        return float(len(pages))
    ends = [i for i, page in enumerate(pages) if "kp-flow-end" in page.anchors]
    if not ends:
        return _CUT_OFF  # a box of fixed height in a template dropped the end of the text
    top, limit = first["kp-flow-start"][1], first["kp-flow-limit"][1]
    end = pages[ends[-1]].anchors["kp-flow-end"][1]
    room = limit - top
    if room <= 0:
        return float(len(pages))
    return float(_spilled(document, top, end, ends[-1]) / room)


def _part_used(document: Any, index: int) -> float:
    """Return how much of its own room part ``index`` uses (above 1: it overflows)."""
    name = f"kp-part-{index}"
    pages = [page.anchors for page in document.pages]
    starts = [i for i, anchors in enumerate(pages) if f"{name}-start" in anchors]
    ends = [i for i, anchors in enumerate(pages) if f"{name}-end" in anchors]
    if not starts or not ends or f"{name}-limit" not in pages[starts[0]]:
        return _CUT_OFF  # a template without the part's markers cannot be checked
    first, last = starts[0], ends[-1]
    top, limit = pages[first][f"{name}-start"][1], pages[first][f"{name}-limit"][1]
    end = pages[last][f"{name}-end"][1]
    room = limit - top
    if room <= 0:
        return _CUT_OFF
    return float(_spilled(document, top, end, last - first) / room)


def _spilled(document: Any, top: float, end: float, pages: int) -> float:
    """Return the height of text from ``top`` to ``end``, ``pages`` pages further on.

    Text that spills onto the next page ran down to the bottom of the page's area first.
    """
    if not pages:
        return end - top
    box = document.pages[0]._page_box  # WeasyPrint's page box: its content area is the room
    area_top, area = float(box.content_box_y()), float(box.height)
    return (area_top + area - top) + (pages - 1) * area + (end - area_top)


def _layout(html: HTML, css: str, size: float, parts: list[float] | None = None) -> Any:
    """Lay out ``html`` with its root font size set to ``size`` pt (0: as designed).

    ``parts`` sets the font size of each box kp-part-N the same way.
    """
    sheets = [stylesheet(css)]
    if size:
        sheets.append(stylesheet(f"html {{ font-size: {size}pt !important; }}"))
    if parts:
        rules = "".join(
            f"#kp-part-{i} {{ font-size: {s}pt !important; }}" for i, s in enumerate(parts)
        )
        sheets.append(CSS(string=rules, font_config=font_config()))
    return html.render(font_config=font_config(), stylesheets=sheets)


@lru_cache(maxsize=64)
def stylesheet(css: str) -> CSS:
    """Parse a stylesheet once per process: most documents share their sheet's CSS.

    These are user stylesheets for WeasyPrint, which outrank nothing but its defaults;
    ``!important`` in them outranks everything, which fitting relies on.
    """
    return CSS(string=css, font_config=font_config())


@contextmanager
def _captured_logs() -> Iterator[tuple[list[str], list[str]]]:
    """Collect what WeasyPrint logs at warning level or above, and the characters no font had."""
    found: list[str] = []
    missing: list[str] = []
    handler = _ListHandler(found, missing)
    LOGGER.addHandler(handler)
    try:
        yield found, missing
    finally:
        LOGGER.removeHandler(handler)


_NOTDEF = ".notdef glyph rendered"  # WeasyPrint's words for a character that no font has


class _ListHandler(logging.Handler):
    """Append formatted log records to a list; a missing character to another (K405 says so)."""

    def __init__(self, found: list[str], missing: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.found, self.missing = found, missing

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the record's message, or the character it could not print."""
        if str(record.msg).startswith(_NOTDEF) and isinstance(record.args, tuple) and record.args:
            char = str(record.args[0])
            if char not in self.missing:
                self.missing.append(char)
            return
        self.found.append(f"WeasyPrint: {record.getMessage()}")
