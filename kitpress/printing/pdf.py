"""WeasyPrint as kitpress drives it: local files only, shrink to fit, logs kept per job.

Importing this module imports WeasyPrint (most of a second), so only workers import it.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator
from contextlib import contextmanager
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
# Short text grows when it uses less than GROW_BELOW of its room, by at most GROW_LIMIT
# (16 pt as designed becomes at most 22 pt on A4): one more layout, short posters only.
GROW_BELOW = 0.75
GROW_LIMIT = 1.375
_CUT_OFF = 9.0  # what _used says when the end marker is gone: too long, by an unknown amount


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
    """Render ``job`` to PDF, shrinking its text to fit one page when it must."""
    with _captured_logs() as (warnings, missing):
        try:
            write_subsets(job.fonts)
            html = HTML(string=job.html, url_fetcher=SafeFetcher(job.allowed))
            document, overflow = _fit(job, html)
        except Refused as refused:
            return Result(
                job.key, refused=refused.url, warnings=tuple(warnings), missing="".join(missing)
            )
        pages = len(document.pages)
        if overflow or (job.one_page and pages > 1):
            return Result(
                job.key, overflow=overflow or -1, warnings=tuple(warnings), missing="".join(missing)
            )
        pdf = document.write_pdf(
            pdf_identifier=job.key[:32].encode(), optimize_images=True, dpi=IMAGE_DPI
        )
    return Result(job.key, pdf, pages, warnings=tuple(warnings), missing="".join(missing))


def _fit(job: Job, html: HTML) -> tuple[Any, int]:
    """Lay out at the first of job.sizes that fits; return it and its overflow in percent."""
    sizes = job.sizes or (0.0,)
    document = _layout(html, job.css, sizes[0])
    used = _used(document)
    if not job.one_page or used <= 1:
        return _grown(html, job, document, used), 0
    # Text height grows a little slower than the square of its size: start near the answer.
    guess = sizes[0] * used ** (-1 / 1.7) if used < _CUT_OFF else sizes[1]
    for size in [size for size in sizes[1:] if size <= guess] or sizes[-1:]:
        document = _layout(html, job.css, size)
        used = _used(document)
        if used <= 1:
            return document, 0
    return document, -1 if used >= _CUT_OFF else max(1, round((used - 1) * 100))


def _grown(html: HTML, job: Job, document: Any, used: float) -> Any:
    """Print short text larger, to be read from across a lift lobby, if it still fits."""
    if not job.one_page or not job.sizes or used > GROW_BELOW:
        return document
    size = min(job.sizes[0] * GROW_LIMIT, job.sizes[0] * used ** (-1 / 1.7) * 0.97)
    bigger = _layout(html, job.css, math.floor(size * 2) / 2)
    return bigger if _used(bigger) <= 1 else document


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
    return (ends[-1] * room + end - top) / room if room > 0 else float(len(pages))


def _layout(html: HTML, css: str, size: float) -> Any:
    """Lay out ``html`` with its root font size set to ``size`` pt (0: as designed)."""
    sheets = [stylesheet(css)]
    if size:
        sheets.append(stylesheet(f"html {{ font-size: {size}pt !important; }}"))
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
