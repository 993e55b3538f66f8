"""Escape a value for the place it lands in a page: element text, attribute, front matter, URL.

Every value that publish/ writes into a page goes through one of these. Markdown text itself
is escaped by ``content.markup`` (check must see exactly what a page will render).
"""

from __future__ import annotations

import html
import json
import re
from typing import Any
from urllib.parse import quote

import yaml

# Material prints page.meta.title and page.meta.description into <title> and <meta content>
# without escaping them (MkDocs' Jinja has no autoescape): front matter values must arrive as
# HTML already. The keys a page's own front matter may set; anything else is left out.
FRONT_MATTER_KEYS = ("title", "description", "edit_url", "hide", "search", "status", "icon")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*\n", re.S)


def html_text(value: object) -> str:
    """Escape a value for element text or a quoted attribute value."""
    return html.escape(str(value), quote=True)


def html_attr(value: object) -> str:
    """Escape a value for a double-quoted HTML attribute inside generated Markdown."""
    return html_text(value)


def front_matter_value(value: object) -> str:
    """Quote a value for a front matter line that the theme prints as HTML."""
    # JSON strings are YAML; the HTML escape inside keeps "</title>" text when printed.
    return json.dumps(html_text(value), ensure_ascii=False)


def json_text(value: object) -> str:
    """Encode a value as JSON that is safe inside an HTML <script> element too."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def url(value: object) -> str:
    """Percent-encode a web address so nothing in it can end a Markdown link early."""
    return quote(str(value), safe=":/?#[]@!$&*+,;=%~")


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Split a content page into the front matter keys the theme may read and the rest.

    Front matter that is not a plain mapping is dropped whole: MkDocs' own YAML loader
    knows tags (!ENV…) that a safe loader does not, so it cannot be checked.
    """
    found = _FRONT_MATTER.match(text)
    if not found:
        return {}, text
    try:
        loaded = yaml.safe_load(found.group(1) or "")
    except yaml.YAMLError:
        loaded = None
    meta = loaded if isinstance(loaded, dict) else {}
    return {k: v for k, v in meta.items() if k in FRONT_MATTER_KEYS}, text[found.end() :]


def front_matter(meta: dict[str, Any]) -> str:
    """Write front matter with every text in it HTML-escaped ("" for none)."""
    if not meta:
        return ""
    return "---\n" + "".join(f"{key}: {_value(item)}\n" for key, item in meta.items()) + "---\n\n"


def _value(value: object) -> str:
    """Write a front matter value as JSON (which is YAML), every string in it escaped."""
    return json.dumps(_escaped(value), ensure_ascii=False)


def _escaped(value: object) -> object:
    if isinstance(value, dict):
        return {html_text(k): _escaped(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, bool | int | float) or value is None:
        return value
    return html_text(value)
