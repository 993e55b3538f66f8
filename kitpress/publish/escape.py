"""Escape what contributors wrote for the pages the site renders: the one place for it.

Card bodies keep their Markdown but lose raw HTML; one-line YAML values lose anything that
could make a link, image, attribute or tag they did not mean. content/markup.py checks texts
by rendering them escaped the same way; tests/test_escape.py keeps the two in step.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import quote

import markdown
from markdown.extensions.fenced_code import FencedBlockPreprocessor

# mkdocs.yml's markdown_extensions plus those MkDocs always adds; as content/markup.py renders.
EXTENSIONS = ("admonition", "attr_list", "md_in_html", "tables", "toc", "fenced_code")
SAFE_SCHEMES = ("http", "https", "mailto", "tel")
_FENCED = FencedBlockPreprocessor.FENCED_BLOCK_RE
_CODE_SPAN = re.compile(r"(`+)[^`\n]+?(?<!`)\1(?!`)")
# "<" starts raw HTML unless it opens an autolink such as <https://example.org>.
_TAG_OPEN = re.compile(r"<(?!https?://[^\s<>]+>)")
_REF_DEFINITION = re.compile(r"^(\s{0,3})\[(?=[^\]]*\]:)")
_STRICT = str.maketrans({c: "\\" + c for c in "\\`[]{}()!*_#"} | {"<": "&lt;"})
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
_URL_JUNK = re.compile(r"[\x00-\x20\x7f]+")  # browsers drop these in and around addresses
# Elements Markdown itself makes with these extensions; anything else came from raw HTML.
_ALLOWED = {
    "p", "a", "img", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote", "hr",
    "br", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
    "div", "span", "dl", "dt", "dd", "sup", "sub", "del", "ins", "abbr",
}  # fmt: skip
_URL_ATTRS = {"href", "src", "action", "xlink:href", "data", "poster", "background", "cite"}


def escape_html(text: str) -> str:
    """Escape raw HTML outside code so Markdown cannot inject markup or scripts."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    nice = _outside_fences(text, _escape_outside_code_spans)
    strict = _outside_fences(text, lambda part: _TAG_OPEN.sub("&lt;", part))
    if nice == strict or _tags(_render(nice)) == _tags(_render(strict)):
        return nice
    # Markdown paired the backticks its own way, so raw HTML got through: escape it all.
    return strict


@functools.lru_cache(maxsize=4096)
def escape_inline(text: str) -> str:
    """Escape a one-line value from YAML for use inside Markdown."""
    line = _REF_DEFINITION.sub(r"\1\\[", text.replace("\r", " ").replace("\n", " "))
    nice = _escape_outside_code_spans(line, brace=True)
    if _harmless(nice):
        return nice
    return line.translate(_STRICT)  # no links, images, code or attributes at all


def yaml_string(value: object) -> str:
    """Quote a value for a YAML front matter line (JSON strings are valid YAML)."""
    return json.dumps(str(value), ensure_ascii=False)


def attribute(value: object) -> str:
    """Escape a value for an HTML attribute inside generated Markdown."""
    text = str(value)
    return (
        text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )


def url(value: object) -> str:
    """Percent-encode a web address so nothing in it can end a Markdown link early."""
    return quote(str(value), safe=":/?#[]@!$&*+,;=%~")


def is_relative(ref: str) -> bool:
    """Tell whether a reference points into the pack rather than to the web."""
    low = _URL_JUNK.sub("", html.unescape(ref)).lower()
    return not (low.startswith("#") or low.startswith("//") or _SCHEME.match(low))


def is_safe_link(ref: str) -> bool:
    """Tell whether a link target is a web, mail or phone address or a relative path."""
    # Browsers read "\\" as "/" in web addresses: "/\\evil.example" leads off the site too.
    address = _URL_JUNK.sub("", html.unescape(ref)).lower().replace("\\", "/")
    scheme = _SCHEME.match(address)
    if scheme is None:
        return not address.startswith("//")  # "//host/x" is another site, without saying how
    web = scheme.group(1) in ("http", "https")
    rest = address[scheme.end() :]
    return scheme.group(1) in SAFE_SCHEMES and (not web or rest.startswith("//"))


def _harmless(text: str) -> bool:
    """Tell whether escaped Markdown renders to Markdown's own elements and safe links only."""
    md = _markdown()
    md.reset()
    rendered = md.convert(text)
    if any(not is_safe_link(address) for address, _title in md.references.values()):
        return False
    for name, attrs in _tags(rendered):
        if name not in _ALLOWED:
            return False
        for key, value in attrs:
            if key.startswith("on") or key in ("style", "srcdoc", "formaction"):
                return False
            if key in _URL_ATTRS and not is_safe_link(value):
                return False
    return True


def _outside_fences(text: str, escape: Callable[[str], str]) -> str:
    """Apply ``escape`` to the text outside the fenced code blocks Markdown will see."""
    out: list[str] = []
    pos = 0
    for m in _FENCED.finditer(text):
        out += [escape(text[pos : m.start()]), m.group(0)]
        pos = m.end()
    return "".join([*out, escape(text[pos:])])


def _escape_outside_code_spans(text: str, brace: bool = False) -> str:
    out = []
    for line in text.split("\n"):
        parts = _CODE_SPAN.split(line)
        spans = [m.group(0) for m in _CODE_SPAN.finditer(line)]
        escaped = [_TAG_OPEN.sub("&lt;", p) for p in parts[::2]]
        if brace:  # attr_list reads "{: onclick=… }" after any text; "\{" is a plain brace
            escaped = [p.replace("{", "\\{") for p in escaped]
        line_out = escaped[0]
        for span, rest in zip(spans, escaped[1:], strict=True):
            line_out += span + rest
        out.append(line_out)
    return "\n".join(out)


def _render(text: str) -> str:
    md = _markdown()
    md.reset()
    return md.convert(text)


@functools.cache
def _markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=list(EXTENSIONS))


class _TagCollector(HTMLParser):
    """Collect every start tag of an HTML text, with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, tuple[tuple[str, str], ...]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, tuple((k, v or "") for k, v in attrs)))


def _tags(text: str) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    parser = _TagCollector()
    parser.feed(text)
    parser.close()
    return parser.found
