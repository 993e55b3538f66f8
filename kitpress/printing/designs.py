"""Designs: the paper, the Jinja2 templates of posters and sheets, and the Markdown they show."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jinja2
import markdown
from jinja2.sandbox import SandboxedEnvironment
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from kitpress.model import Download, Orientation, Pack, PaperSize, Settings, paper_label
from kitpress.printing.fonts import FontPlan, plan_fonts
from kitpress.printing.jobs import Job, Part
from kitpress.problems import ContentError, Mark, problem
from kitpress.templating import display_name, folders, sandbox

KEY_VERSION = "kitpress-pdf-2"  # bump when rendering changes in a way the inputs do not show
# Where compose leaves the fonts for share_fonts to fill in: the @font-face rules, and the
# font-family value of base.html.
_FACES_MARK = "/* kitpress: font faces */"
_STACK_MARK = "kitpress-font-stack"
_PAPERS = {"A3": (297.0, 420.0, 2**0.5), "A4": (210.0, 297.0, 1.0), "A5": (148.0, 210.0, 0.5**0.5)}


@dataclass(frozen=True)
class Page:
    """A sheet of paper and the sizes a design scales with it."""

    size: PaperSize
    orientation: Orientation
    width: float  # mm
    height: float  # mm
    factor: float  # 1 on A4, about 1.41 on A3, 0.71 on A5
    margin: float = 12.0  # mm: printers cannot reach the edge, 8 mm is the least we allow
    bleed: bool = False

    @property
    def label(self) -> str:
        """Describe the paper for the downloads list, e.g. "A4 竖版"."""
        return paper_label(self.size, self.orientation)

    @property
    def area_width(self) -> float:
        """Return the printable width inside the margins, in mm."""
        return round(self.width - 2 * self.margin, 2)

    @property
    def area_height(self) -> float:
        """Return the printable height inside the margins, in mm."""
        return round(self.height - 2 * self.margin, 2)

    def mm(self, value: float) -> str:
        """Scale an A4 length in mm to this paper, as CSS."""
        return f"{round(value * self.factor, 2)}mm"

    def pt(self, value: float) -> str:
        """Scale an A4 font size in pt to this paper, as CSS."""
        return f"{round(value * self.factor, 2)}pt"


def paper(
    size: PaperSize = "A4", orientation: Orientation = "portrait", *, bleed: bool = False
) -> Page:
    """Return the page for a paper size and orientation."""
    short, long = _PAPERS[size][:2]
    width, height = (long, short) if orientation == "landscape" else (short, long)
    return Page(size, orientation, width, height, _PAPERS[size][2], 12.0 * _PAPERS[size][2], bleed)


def doc_meta(settings: Settings, title: str, pack: Pack | None = None) -> dict[str, str]:
    """Return a document's PDF metadata: title, author, subject and reproducible date."""
    authors = "、".join(author.name for author in pack.authors) if pack else settings.site_name
    date = settings.source_date.astimezone(dt.UTC)
    return {
        "title": title,
        "author": authors,
        "description": pack.summary if pack else title,
        "date": date.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def environment(root: Path) -> SandboxedEnvironment:
    """Return the autoescaping poster environment: templates/posters over the built-in ones."""
    return _environment(folders(root, "posters"))


@lru_cache(maxsize=4)
def _environment(search: tuple[Path, ...]) -> SandboxedEnvironment:
    # Keyed by the folders, so a templates/posters made while serving is seen.
    return sandbox(search, autoescape=True)


@dataclass(frozen=True)
class Sheet:
    """What a design needs to become a print job, besides its template context."""

    template: str  # the HTML, e.g. poster.html
    stylesheet: str  # its CSS, e.g. poster.css: parsed once per worker, shared by documents
    page: Page
    download: Download  # size, sha256 and pages are filled in once printed
    origin: Mark  # where a too-long text or a refused address is reported
    what: tuple[tuple[str, str], ...] = ()  # K309 arguments naming the text, e.g. a card body
    sizes: tuple[float, ...] = ()  # root font size range (pt): largest, then the floor
    one_page: bool = False
    depends: tuple[Path, ...] = ()  # local files the document loads, e.g. images
    parts: tuple[Part, ...] = ()  # boxes fitted one by one, such as the cards of a sheet


def compose(settings: Settings, cache_dir: Path, sheet: Sheet, **context: Any) -> Job:
    """Fill a template and wrap it with its fonts and cache key as a print job."""
    env = environment(settings.root)
    template = env.get_template(sheet.template)
    css = env.get_template(sheet.stylesheet).render(page=sheet.page, **context)
    marks = {"css": Markup(_FACES_MARK), "stack": Markup(_STACK_MARK)}
    html = template.render(page=sheet.page, fonts=marks, **context)
    # The fonts are chosen later, for all documents of a pack at once (share_fonts).
    unplanned = FontPlan("", settings.font_family, "".join(sorted(set(html + css))), ())
    allowed = tuple(sorted({str(settings.root.resolve()), str(cache_dir.resolve())}))
    return Job(
        key=_job_key(html + css, sheet, (settings.root, cache_dir)),
        html=html,
        css=css,
        fonts=unplanned,
        allowed=allowed,
        sizes=sheet.sizes,
        one_page=sheet.one_page,
        download=sheet.download,
        origin=sheet.origin,
        what=sheet.what,
        parts=sheet.parts,
    )


def share_fonts(jobs: list[Job], settings: Settings, cache_dir: Path) -> list[Job]:
    """Give every document of a pack one font subset, cut to all their characters.

    Loading a new font makes WeasyPrint reconfigure fontconfig and Pango, which costs more
    than laying out the poster; a pack's posters share most characters, so one subset a
    pack is loaded once per worker and stays small. The price: a new character in one card
    re-renders the pack's other documents too.
    """
    groups: dict[str, list[int]] = {}
    for index, job in enumerate(jobs):
        groups.setdefault(job.download.pack, []).append(index)
    shared = list(jobs)
    for group in groups.values():
        chars = "".join(sorted(set().union(*(jobs[i].fonts.chars for i in group))))
        plan = plan_fonts(settings.font_family, chars, cache_dir / "fonts")
        for i in group:
            shared[i] = _with_fonts(jobs[i], plan)
    # By position, not by key: two packs' identical documents share a key (and the cached
    # PDF), but each keeps its own download.
    return shared


def browser_fonts(html: str, stack: str) -> str:
    """Fill a composed document's fonts for a browser: its own fonts, no subset."""
    return html.replace(_FACES_MARK, "").replace(_STACK_MARK, stack)


def _with_fonts(job: Job, plan: FontPlan) -> Job:
    """Fill in a job's fonts; its key now covers them."""
    html = job.html.replace(_FACES_MARK, plan.css).replace(_STACK_MARK, plan.stack)
    key = hashlib.sha256(f"{job.key}|{plan.family}".encode()).hexdigest()
    return dataclasses.replace(job, key=key, html=html, fonts=plan)


@contextmanager
def templates_reported(root: Path) -> Iterator[None]:
    """Turn a mistake in a designer's template into a located problem, not a traceback."""
    try:
        yield
    except jinja2.TemplateError as exc:
        name = getattr(exc, "filename", None) or getattr(exc, "name", None) or "templates"
        mark = Mark(display_name(root, str(name)), getattr(exc, "lineno", None) or 1)
        raise ContentError(
            [problem(mark, "K007", detail=exc.message or type(exc).__name__)]
        ) from None


def _job_key(html: str, sheet: Sheet, folders: tuple[Path, ...]) -> str:
    """Hash everything a PDF is made from: markup, fonts, files it loads and options.

    Folder names are left out, so a checkout anywhere gets the same key (it is also the
    PDF's identifier); the font's file name and size are in the subset's family name.
    """
    for number, folder in enumerate(folders):
        html = html.replace(folder.resolve().as_uri(), f"<folder-{number}>")
    digest = hashlib.sha256(f"{KEY_VERSION}|weasyprint {_weasyprint()}|".encode())
    parts = [part.sizes for part in sheet.parts]
    digest.update(f"{sheet.sizes}|{sheet.one_page}|{sheet.download.title}|{parts}\n".encode())
    digest.update(html.encode("utf-8", "surrogatepass"))
    for path in sheet.depends:
        digest.update(path.read_bytes() if path.is_file() else b"missing:" + bytes(path))
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _weasyprint() -> str:
    """Return the installed WeasyPrint's version, read once (its metadata is parsed)."""
    return version("weasyprint")


def render_markdown(
    text: str, *, folders: tuple[Path, ...] = (), inline: bool = False, pictures: bool = True
) -> tuple[Markup, tuple[Path, ...]]:
    """Render Markdown for print: raw HTML escaped, links as plain text, images as files.

    Relative image paths are looked up in ``folders`` in turn (the card's folder, then its
    pack's); the files found are returned so the cache sees when they change. Without
    ``pictures`` images are left out (a card of a sheet has no room for them). A number
    stays on one line with its unit (10元, 1小时).
    """
    images = _ImageFinder(folders)
    md, paper_tree = _converter(pictures)
    paper_tree.images = images
    html = md.reset().convert(text)
    if inline:
        html = re.sub(r"^<p>(.*)</p>$", r"\1", html.strip(), flags=re.DOTALL)
    pieces = re.split(r"(<[^>]*>)", html)
    html = "".join(p if p.startswith("<") else _units_kept(p) for p in pieces)
    return Markup(html), tuple(images.found)


# A number and the unit after it, which must not be split over two lines: 10元, 1-2小时,
# 30分钟, 5天, 3号楼. Not inside an entity (&#39;) or a Latin word.
_WITH_UNIT = re.compile(
    r"(?<![#&0-9A-Za-z.])[0-9]+(?:\.[0-9]+)?(?:\s*[-~–—到至]\s*[0-9]+(?:\.[0-9]+)?)?\s*"
    r"(?:元|块钱|块|角|分钟|小时|个小时|秒|天|周|个月|月|年|岁|人|位|户|号楼|栋|号|层|楼"
    r"|公里|千米|厘米|毫米|米|公斤|斤|克|毫升|升|次|张|个|件|份|本|瓶|袋|箱|盒|%|％)"
)
_NOWRAP = '<span style="white-space: nowrap">'


def _units_kept(escaped: str) -> str:
    """Keep each number with its unit on one line, in text already escaped for HTML."""
    return _WITH_UNIT.sub(lambda m: f"{_NOWRAP}{m.group(0)}</span>", escaped)


def print_text(text: str) -> Markup:
    """Escape plain text for print, each number kept on one line with its unit."""
    return Markup(_units_kept(str(Markup.escape(text))))


def print_url(url: str) -> Markup:
    """Escape an address for print so that a line may break only after one of its slashes.

    Each piece up to a slash is kept whole: a reader who sees "return-" at the end of a line
    cannot tell the hyphen belongs to the address, and hyphenating it would add one.
    """
    pieces = [piece for piece in re.split(r"(?<=/)(?!/)", url) if piece]
    return Markup("<wbr>").join(Markup(f"{_NOWRAP}{{}}</span>").format(p) for p in pieces)


class _Converters(threading.local):
    """Each thread's Markdown converters for print (kitpress serve may print from two)."""

    def __init__(self) -> None:
        self.made: dict[bool, tuple[markdown.Markdown, _PaperTree]] = {}


_CONVERTERS = _Converters()


def _converter(pictures: bool) -> tuple[markdown.Markdown, _PaperTree]:
    """Return this thread's converter for print and its paper pass, made once."""
    # Making a converter costs more than converting a card; reset() empties it between texts.
    made = _CONVERTERS.made
    if pictures not in made:
        extension = _PrintExtension(pictures)
        md = markdown.Markdown(extensions=["sane_lists", extension])
        made[pictures] = (md, extension.paper_tree)
    return made[pictures]


class _ImageFinder:
    """Point image sources at local files, remembering which it used."""

    def __init__(self, folders: tuple[Path, ...]) -> None:
        self.folders = folders
        self.found: list[Path] = []

    def locate(self, src: str) -> str:
        """Return a file: URL for a relative ``src``; leave other addresses unchanged."""
        parts = urlsplit(src)
        if parts.scheme or parts.netloc or not parts.path:
            return src  # left to the URL fetcher, which refuses anything non-local
        candidates = [(folder / unquote(parts.path)).resolve() for folder in self.folders]
        for candidate in candidates:
            if candidate.is_file():
                self.found.append(candidate)
                return candidate.as_uri()
        # Still an absolute URL, so the fetcher refuses it when it leaves the project
        # whether or not the file exists: WeasyPrint would only log a bare relative one.
        return candidates[0].as_uri() if candidates else src


class _PrintExtension(Extension):
    """Escape raw HTML and adapt links and images to paper."""

    def __init__(self, pictures: bool) -> None:
        super().__init__()
        self.pictures = pictures
        self.paper_tree: _PaperTree  # made with the converter, handed each text's images

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        """Drop the raw-HTML rules and add the paper tree pass."""
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        self.paper_tree = _PaperTree(md, _ImageFinder(()), self.pictures)
        md.treeprocessors.register(self.paper_tree, "kitpress-paper", 15)


class _PaperTree(Treeprocessor):
    """Turn links into plain text and resolve image files."""

    def __init__(self, md: markdown.Markdown, images: _ImageFinder, pictures: bool) -> None:
        super().__init__(md)
        self.images = images
        self.pictures = pictures

    def run(self, root: ET.Element) -> None:
        """Rewrite the tree in place."""
        for element in root.iter():
            if element.tag == "a":
                element.tag = "span"
                element.attrib.clear()
            elif element.tag == "img":
                element.set("src", self.images.locate(element.get("src", "")))
        if not self.pictures:
            _drop_images(root)


def _drop_images(root: ET.Element) -> None:
    """Remove every image, keeping the text that follows it, and paragraphs left empty."""
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag == "img":
                tail = child.tail or ""
                index = list(parent).index(child)
                if index:
                    before = parent[index - 1]
                    before.tail = (before.tail or "") + tail
                else:
                    parent.text = (parent.text or "") + tail
                parent.remove(child)
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag == "p" and not len(child) and not (child.text or "").strip():
                parent.remove(child)
