"""What the press is handed and hands back: one document to print, and what came of it."""

from __future__ import annotations

from dataclasses import dataclass

from kitpress.model import Download
from kitpress.printing.fonts import FontPlan
from kitpress.problems import Mark


@dataclass(frozen=True)
class Part:
    """A box of a document fitted on its own, such as one card of a sheet.

    The template marks it with ids kp-part-N (the box whose font size is set), and
    kp-part-N-start, kp-part-N-limit and kp-part-N-end (its text's room and end), N being
    its index in Job.parts.
    """

    origin: Mark  # where its text is written: reported when it cannot fit
    what: tuple[tuple[str, str], ...] = ()  # K311 arguments naming the text
    sizes: tuple[float, float] = (12.0, 8.0)  # font size (pt): largest, then the floor


@dataclass(frozen=True)
class Job:
    """One document to print: its HTML, fonts, and what to do if it misbehaves."""

    key: str  # hash of every input: equal keys give byte-identical PDFs
    html: str
    css: str  # the sheet's stylesheet, shared by many documents
    fonts: FontPlan
    allowed: tuple[str, ...]  # folders whose files the document may load
    sizes: tuple[float, ...]  # root font size range (pt): largest, then the floor; () as designed
    one_page: bool
    download: Download
    origin: Mark
    what: tuple[tuple[str, str], ...] = ()  # K309 arguments naming the text that must fit
    parts: tuple[Part, ...] = ()


@dataclass(frozen=True)
class Result:
    """What a worker made of a job: the PDF, or why there is none."""

    key: str
    pdf: bytes = b""
    pages: int = 0
    refused: str = ""  # an address the document tried to load and was refused
    overflow: int = 0  # percent of text beyond the page at the smallest size; -1: unknown
    warnings: tuple[str, ...] = ()
    size: float = 0.0  # the root font size chosen (pt); 0: as designed
    used: float = 0.0  # how much of its room the text uses at that size (1: all of it)
    part_sizes: tuple[float, ...] = ()  # the font size chosen for each of Job.parts
    part_overflow: tuple[int, ...] = ()  # per part, as overflow; 0 where it fits
    missing: str = ""  # characters no font had: printed as boxes (.notdef), in order of use
