"""WeasyPrint as kitpress drives it: local files only, shrink to fit, logs kept per job.

Importing this module imports WeasyPrint (most of a second), so only workers import it.
"""

from __future__ import annotations

import logging
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

from kitpress.fonts import write_subsets
from kitpress.press import Job, Result

IMAGE_DPI = 200  # photos in card bodies: plenty for an office laser printer


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
    with _captured_logs() as warnings:
        try:
            write_subsets(job.fonts)
            document = _fit(job, HTML(string=job.html, url_fetcher=SafeFetcher(job.allowed)))
        except Refused as refused:
            return Result(job.key, refused=refused.url, warnings=tuple(warnings))
        pages = len(document.pages)
        if job.one_page and pages > 1:
            return Result(job.key, overflow=pages, warnings=tuple(warnings))
        pdf = document.write_pdf(
            pdf_identifier=job.key[:32].encode(), optimize_images=True, dpi=IMAGE_DPI
        )
    return Result(job.key, pdf, pages, warnings=tuple(warnings))


def _fit(job: Job, html: HTML) -> Any:
    """Lay out at the largest size that fits one page (binary search over job.sizes)."""
    sizes = job.sizes or (0.0,)
    best = _layout(html, sizes[0])
    if not job.one_page or len(best.pages) == 1 or len(sizes) == 1:
        return best
    best = _layout(html, sizes[-1])
    if len(best.pages) > 1:
        return best  # does not fit even at the smallest readable size
    too_big, fits = 0, len(sizes) - 1
    while fits - too_big > 1:
        middle = (too_big + fits) // 2
        document = _layout(html, sizes[middle])
        if len(document.pages) == 1:
            fits, best = middle, document
        else:
            too_big = middle
    return best


def _layout(html: HTML, size: float) -> Any:
    """Lay out ``html`` with its root font size set to ``size`` pt (0: as designed)."""
    sheets = [CSS(string=f"html {{ font-size: {size}pt !important; }}")] if size else []
    return html.render(font_config=font_config(), stylesheets=sheets)


@contextmanager
def _captured_logs() -> Iterator[list[str]]:
    """Collect what WeasyPrint logs at warning level or above while rendering."""
    found: list[str] = []
    handler = _ListHandler(found)
    LOGGER.addHandler(handler)
    try:
        yield found
    finally:
        LOGGER.removeHandler(handler)


class _ListHandler(logging.Handler):
    """Append formatted log records to a list."""

    def __init__(self, found: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.found = found

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the record's message."""
        self.found.append(f"WeasyPrint: {record.getMessage()}")
