"""The designs of the 打印定制 page: sign sheets and posters as the browser prints them.

One design source: the browser gets labels.html/labels.css and poster.html/poster.css
rendered by the same Jinja2 templates the PDFs are, with placeholders where the reader's
words go. For signs, once per paper and layout: a sign's label, number size, buildings and
pick-up point; the page's script fills them in and leaves out what the template leaves out
for that sign (``.suffix``, ``.listed``, ``.sign-title``). For posters, one row of the
compound's own lines (``.local-row``, copied per line) and the group's code, with and without.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from markupsafe import Markup

from kitpress.model import Pack, PaperSize, Settings
from kitpress.outputs import plan_posters
from kitpress.printing.designs import Page, browser_fonts, environment, paper
from kitpress.printing.plan import poster_variants

PAPERS: tuple[PaperSize, ...] = ("A4", "A3", "A5")
# Filled in by kitpress-print.js; the same names are in the page's <template> elements.
SLOTS = {"label": "@@label@@", "size": "@@size@@", "listed": "@@listed@@", "title": "@@title@@"}
POSTER_SLOTS = {
    "local": [("@@local_label@@", "@@local_value@@")],
    "group_code": "@@group_code@@",
    "group_label": "@@group_label@@",
}
_BODY = re.compile(r"<body>\s*(.*?)\s*</body>", re.S)
_STYLE = re.compile(r"<style>\s*(.*?)\s*</style>", re.S)
# A card's own pictures are files of the project, which the site does not serve at that path.
_PROJECT_IMAGE = re.compile(r"<img\b[^>]*\bsrc=\"file:[^\"]*\"[^>]*>")


@dataclass(frozen=True)
class SignSheet:
    """One paper and layout of building signs, as markup with slots and its stylesheet."""

    size: PaperSize
    per_page: Literal[1, 2]
    page: Page
    html: str  # one <section class="sheet">, holding per_page signs
    css: str


def sign_sheets(settings: Settings) -> tuple[SignSheet, ...]:
    """Render the sign sheet of every paper, two signs to a portrait page and one landscape."""
    return tuple(_sign_sheet(settings, size, per_page) for size in PAPERS for per_page in (2, 1))


def _sign_sheet(settings: Settings, size: PaperSize, per_page: Literal[1, 2]) -> SignSheet:
    """Render one paper's sheet with slots for every sign's words."""
    page = paper(size, "portrait" if per_page == 2 else "landscape")
    env = environment(settings.root)
    sign = {"label": SLOTS["label"], "size": SLOTS["size"], "listed": SLOTS["listed"]}
    context = {
        "page": page,
        "per_page": per_page,
        "pages": [[sign | {"named": False}] * per_page],
        "title": SLOTS["title"],
        "doc": {"title": "", "author": "", "description": "", "date": ""},
        "fonts": {"css": Markup(""), "stack": Markup(_stack(settings))},
    }
    html = env.get_template("labels.html").render(**context)
    found = _BODY.search(html)
    css = env.get_template("labels.css").render(**context)
    body = found.group(1) if found else ""
    font = f"html {{ font-family: {_stack(settings)}; }}\n"
    return SignSheet(size, per_page, page, _compact(body), _compact(font + css))


def _stack(settings: Settings) -> str:
    """Return the CSS font family of the browser's print: the poster font, then any sans."""
    return f'"{settings.font_family}", sans-serif'


def _compact(text: str) -> str:
    """Drop blank lines: the markup goes into a Markdown page, where one would end it."""
    return "\n".join(line for line in text.splitlines() if line.strip())


@dataclass(frozen=True)
class PosterDesign:
    """One poster of a pack with slots for a compound's lines, without and with a group code."""

    name: str  # the download's title and paper, for the form's list
    path: str  # the ready-made PDF
    page: Page
    sizes: tuple[float, ...]  # root font size (pt): largest, floor, as the PDF is fitted
    html: str
    css: str
    group_html: str
    group_css: str


def poster_designs(settings: Settings, pack: Pack, cache_dir: Path) -> tuple[PosterDesign, ...]:
    """Render each poster of ``pack`` for the browser, the compound's slots filled with marks."""
    designs = []
    for planned in plan_posters(pack)[0]:
        plain = dict(POSTER_SLOTS, group_code="", group_label="")
        owns = (plain, POSTER_SLOTS)
        job, group = poster_variants(settings, pack, planned, cache_dir, False, owns)
        page = paper(planned.spec.size, planned.spec.orientation)
        name = f"{job.download.title}（{job.download.paper}）"
        html, css = _browser_poster(settings, job.html, job.css)
        group_html, group_css = _browser_poster(settings, group.html, group.css)
        designs.append(
            PosterDesign(name, planned.path, page, job.sizes, html, css, group_html, group_css)
        )
    return tuple(designs)


def _browser_poster(settings: Settings, html: str, css: str) -> tuple[str, str]:
    """Return a poster's body and its whole stylesheet, in the browser's fonts."""
    html = browser_fonts(html, _stack(settings))
    body, style = _BODY.search(html), _STYLE.search(html)
    markup = _PROJECT_IMAGE.sub("", body.group(1) if body else "")
    return _compact(markup), _compact((style.group(1) if style else "") + "\n" + css)
