"""What the press is handed and hands back: one document to print, and what came of it."""

from __future__ import annotations

from dataclasses import dataclass

from kitpress.model import Download
from kitpress.printing.fonts import FontPlan
from kitpress.problems import Mark


@dataclass(frozen=True)
class Job:
    """One document to print: its HTML, fonts, and what to do if it misbehaves."""

    key: str  # hash of every input: equal keys give byte-identical PDFs
    html: str
    css: str  # the sheet's stylesheet, shared by many documents
    fonts: FontPlan
    allowed: tuple[str, ...]  # folders whose files the document may load
    sizes: tuple[float, ...]  # root font sizes (pt) to try, largest first
    one_page: bool
    download: Download
    origin: Mark
    what: tuple[tuple[str, str], ...] = ()  # K309 arguments naming the text that must fit


@dataclass(frozen=True)
class Result:
    """What a worker made of a job: the PDF, or why there is none."""

    key: str
    pdf: bytes = b""
    pages: int = 0
    refused: str = ""  # an address the document tried to load and was refused
    overflow: int = 0  # percent of text beyond the page at the smallest size; -1: unknown
    warnings: tuple[str, ...] = ()
    missing: str = ""  # characters no font had: printed as boxes (.notdef), in order of use
