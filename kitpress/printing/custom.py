"""The designs of the 打印定制 page: the sign sheets as the browser prints them.

One design source: the browser gets labels.html and labels.css rendered by the same Jinja2
templates the PDFs are, once per paper and layout, with placeholders where a sign's label,
number size, buildings and pick-up point go. The page's script fills them in and leaves out
what the template leaves out for that sign (``.suffix``, ``.listed``, ``.sign-title``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from markupsafe import Markup

from kitpress.model import PaperSize, Settings
from kitpress.printing.designs import Page, environment, paper

PAPERS: tuple[PaperSize, ...] = ("A4", "A3", "A5")
# Filled in by kitpress-print.js; the same names are in the page's <template> elements.
SLOTS = {"label": "@@label@@", "size": "@@size@@", "listed": "@@listed@@", "title": "@@title@@"}
_BODY = re.compile(r"<body>\s*(.*?)\s*</body>", re.S)


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
