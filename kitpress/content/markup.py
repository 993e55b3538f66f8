"""Inspect and neutralise the Markdown that contributors write."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

import markdown
from markdown.extensions.fenced_code import FencedBlockPreprocessor

from kitpress.content.document import Document
from kitpress.problems import Mark, Problem, problem

# mkdocs.yml's markdown_extensions plus those MkDocs always adds (toc, tables, fenced_code);
# tests/test_markup.py keeps this list in step with mkdocs.yml.
EXTENSIONS = ("admonition", "attr_list", "md_in_html", "tables", "toc", "fenced_code")
SAFE_SCHEMES = ("http", "https", "mailto", "tel")
# About 40 levels of lists or quotes; no card needs more than a handful, and Python-Markdown
# takes seconds beyond a few hundred and crashes past a thousand.
MAX_DEPTH = 80
# Square brackets open at once in one paragraph: Python-Markdown looks for each one's close
# to the paragraph's end, so 5,000 take seconds to check and to build; a link needs one.
MAX_OPEN_BRACKETS = 50
_MARKUP = re.compile(r"[\[<{&]")  # what every link, image, tag, attribute and entity needs
_NESTING = re.compile(r"(?:[ \t]+|>|[-*+](?=[ \t]))*")  # "------" is a rule, not 6 levels
# Elements Markdown itself makes with these extensions; anything else came from raw HTML.
_ALLOWED = {
    "p", "a", "img", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote", "hr",
    "br", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
    "div", "span", "dl", "dt", "dd", "sup", "sub", "del", "ins", "abbr",
}  # fmt: skip
# Raw HTML is escaped on output anyway; these are reported so a contributor learns why
# their markup vanished, and because a reviewer should never have to spot them by eye.
_DANGER = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "style", "form",
    "input", "button", "textarea", "select", "link", "meta", "svg", "math", "base", "template",
}  # fmt: skip
_BAD_ATTRS = {"style", "srcdoc", "formaction"}
# Attributes Markdown makes, or attr_list may set, on the elements above; any other is refused.
_GLOBAL_ATTRS = {"id", "class", "title", "lang", "dir"}
_TAG_ATTRS = {
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "type"},
    "th": {"align", "colspan", "rowspan", "style"},
    "td": {"align", "colspan", "rowspan", "style"},
}
_TABLE_STYLE = re.compile(r"text-align: (?:left|right|center);")  # the tables extension's
_UNCLOSED = re.compile(r"<[a-zA-Z]")
_URL_ATTRS = {"href", "src", "action", "xlink:href", "data", "poster", "background", "cite"}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
# Browsers drop tabs and line breaks anywhere in a URL and control characters at its ends.
_URL_JUNK = re.compile(r"[\x00-\x20\x7f]+")
_FENCED = FencedBlockPreprocessor.FENCED_BLOCK_RE
_CODE_SPAN = re.compile(r"(`+)[^`\n]+?(?<!`)\1(?!`)")
# "<" starts raw HTML unless it opens an autolink such as <https://example.org>.
_TAG_OPEN = re.compile(r"<(?!https?://[^\s<>]+>)")
_REF_DEFINITION = re.compile(r"^(\s{0,3})\[(?=[^\]]*\]:)")
# The start of the link, image or reference definition whose address is at the end.
_OPENER = re.compile(r"!?\[[^\]\n]*\](?:\(|:)\s*<?\s*$")
_STRICT = str.maketrans({c: "\\" + c for c in "\\`[]{}()!*_#"} | {"<": "&lt;"})


# Keys whose values are addresses or paths, checked strictly where they are read.
_NOT_MARKDOWN = ("url", "src")


@dataclass(frozen=True)
class Finding:
    """Something in Markdown worth reporting, at a 1-based line and column of the text."""

    line: int
    col: int
    code: str
    ref: str = ""
    detail: str = ""


@functools.lru_cache(maxsize=4096)
def scan(text: str) -> tuple[Finding, ...]:
    """Find scripts, unsafe links and attributes, links and images (with their alt)."""
    # Cached: a card's body is scanned for safety and again for the assets it uses.
    depth = _depths(text)
    too_deep = (Finding(depth.index(max(depth)) + 1, 1, "K210"),)
    if max(depth) > MAX_DEPTH:  # rendering time grows steeply with depth: refuse before it
        return too_deep
    if brackets := _too_many_brackets(text):
        return (brackets,)
    if not _MARKUP.search(text):
        return ()  # no tag, link, image, attribute or entity can come from plain text
    try:
        return tuple(_scan(text))
    except TooDeep:
        return too_deep


def _depths(text: str) -> list[int]:
    """Measure each line's run of indentation and list or quote markers, in columns."""
    lines = text.split("\n")  # as editors count lines: not at U+2028
    return [len(_NESTING.match(line.expandtabs(4)).group(0)) for line in lines]  # type: ignore[union-attr]


def _too_many_brackets(text: str) -> Finding | None:
    """Find where more than MAX_OPEN_BRACKETS square brackets are open in one paragraph."""
    opened = 0
    for number, line in enumerate(text.split("\n"), 1):
        opened = opened if line.strip() else 0  # a blank line ends the paragraph
        for col, char in enumerate(line, 1):
            opened = opened + 1 if char == "[" else max(opened - (char == "]"), 0)
            if opened > MAX_OPEN_BRACKETS:
                return Finding(number, col, "K211")
    return None


def _scan(text: str) -> list[Finding]:
    escaped, spans_trusted = _escape(text)
    raw = _raw_findings(text, spans_trusted)
    seen = {(f.line, f.code, f.ref, f.detail) for f in raw}
    rendered = [
        f
        for f in _rendered_findings(text, escaped)
        if (f.line, f.code, f.ref, f.detail) not in seen
    ]
    rendered = list({(f.line, f.col, f.code, f.ref, f.detail): f for f in rendered}.values())
    return sorted(raw + rendered, key=lambda f: (f.line, f.col))


def unsafe_problem(f: Finding, mark: Mark) -> Problem | None:
    """Return the problem a script, an unsafe link or too deep a nesting makes, else None."""
    if f.code not in ("K205", "K206", "K210", "K211", "K227"):
        return None
    detail = f.code in ("K205", "K227")
    return problem(mark, f.code, **({"detail": f.detail} if detail else {"ref": f.ref}))


def text_field_problems(doc: Document) -> list[Problem]:
    """Report unsafe Markdown in every text of a YAML document, at the text's line:col."""
    out = []
    for at, text in _texts(doc.data, ()):
        for f in _field_findings(text):
            mark = doc.mark(*at)
            if found := unsafe_problem(f, mark):
                out.append(found)
            elif f.code == "image":  # a field's text shows on several pages: no pictures
                out.append(problem(mark, "K205", detail=f"![{f.detail}]({f.ref})"))
            elif is_relative(f.ref) and (hint := web_hint(f.ref)):
                out.append(problem(mark, "K119", value=f.ref, hint=hint))
            elif is_relative(f.ref):
                out.append(problem(mark, "K208", ref=f.ref))
    return out


def _field_findings(text: str) -> list[Finding]:
    """Scan a YAML text alone and as a heading, where a trailing "{: …}" sets attributes."""
    found = {(f.code, f.ref, f.detail): f for f in scan(text)}
    if "\n" not in text.strip():
        for f in scan("# " + text.strip()):
            found.setdefault((f.code, f.ref, f.detail), f)
    return list(found.values())


def _texts(value: object, at: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Yield (path, text) for every text value of a YAML document, in order."""
    if isinstance(value, str) and not (at and at[-1] in _NOT_MARKDOWN):
        yield at, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*at, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, (*at, i))


def is_safe_link(ref: str) -> bool:
    """Tell whether a link target is a web, mail or phone address or a relative path."""
    # Browsers read "\\" as "/" in web addresses: "/\\evil.example" leads off the site too.
    url = _URL_JUNK.sub("", html.unescape(ref)).lower().replace("\\", "/")
    scheme = _SCHEME.match(url)
    if scheme is None:
        return not url.startswith("//")  # "//host/x" is another site, without saying how
    web = scheme.group(1) in ("http", "https")
    return scheme.group(1) in SAFE_SCHEMES and (not web or url[scheme.end() :].startswith("//"))


# A web address typed without https://: "mp.weixin.qq.com/s/…", "www.example.org".
_WEB_LIKE = re.compile(
    r"(?:www\.[\w-]+|(?:[\w-]+\.)+(?:com|cn|org|net|io|gov|edu|info|me|cc|co|top|app|dev))"
    r"(?:[:/?#]|$)",
    re.IGNORECASE,
)


def web_hint(ref: str) -> str:
    """Return ``ref`` with https:// in front when it looks like a web address without it."""
    return f"https://{ref.strip()}" if _WEB_LIKE.match(ref.strip()) else ""


def is_relative(ref: str) -> bool:
    """Tell whether a reference points into the pack rather than to the web."""
    low = _URL_JUNK.sub("", html.unescape(ref)).lower()
    return not (low.startswith("#") or low.startswith("//") or _SCHEME.match(low))


class TooDeep(Exception):
    """Markdown nested so deeply (lists in lists in lists…) that rendering it would crash."""


def render(text: str) -> str:
    """Render Markdown to HTML the way the site does (after escaping it as pages.py does)."""
    md = _markdown()
    md.reset()
    try:
        return md.convert(text)
    except RecursionError:
        raise TooDeep from None  # MkDocs would crash on it too: refuse it with a message


@functools.cache
def _markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=list(EXTENSIONS))


def escape_html(text: str) -> str:
    """Escape raw HTML outside code so Markdown cannot inject markup or scripts."""
    return _escape(text)[0]


def _escape(text: str) -> tuple[str, bool]:
    """Escape raw HTML; tell whether code spans could be kept as they were written."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    nice = _outside_fences(text, _escape_outside_code_spans)
    strict = _outside_fences(text, lambda part: _TAG_OPEN.sub("&lt;", part))
    if nice == strict or _tags(render(nice)) == _tags(render(strict)):
        return nice, True
    # Markdown paired the backticks its own way, so raw HTML got through: escape it all.
    return strict, False


@functools.lru_cache(maxsize=4096)
def escape_inline(text: str) -> str:
    """Escape a one-line value from YAML for use inside Markdown."""
    line = _REF_DEFINITION.sub(r"\1\\[", text.replace("\r", " ").replace("\n", " "))
    nice = _escape_outside_code_spans(line, brace=True)
    if not any(f.code in ("K205", "K206", "K227") for f in _rendered_findings(nice, nice)):
        return nice
    return line.translate(_STRICT)  # no links, images, code or attributes at all


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


@dataclass(frozen=True)
class _Tag:
    """One start tag: its name, attributes, source text and 1-based line, 0-based offset."""

    name: str
    attrs: tuple[tuple[str, str], ...]
    text: str = field(compare=False)
    line: int = field(compare=False)
    offset: int = field(compare=False)


class BrowserParser(HTMLParser):
    """An HTMLParser that survives what browsers survive: every scanner of HTML builds on it."""

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        """Read "<![x[" as browsers do, a bogus comment to the next ">" (Python asserts)."""
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            end = self.rawdata.find(">", i)
            return -1 if end < 0 else end + 1


class _TagCollector(BrowserParser):
    """Collect every start tag of an HTML text with where it starts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[_Tag] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, offset = self.getpos()
        pairs = tuple((k, v or "") for k, v in attrs)
        self.found.append(_Tag(tag, pairs, self.get_starttag_text() or "", line, offset))


def _tags(text: str) -> list[_Tag]:
    parser = _TagCollector()
    parser.feed(text)
    # An unclosed "<img onerror=…" at the end is held back as incomplete, yet on a page the
    # browser closes it with the next ">" of the theme: read it as closed here.
    if _UNCLOSED.match(parser.rawdata):
        parser.feed(">")
    parser.close()
    return parser.found


def _raw_findings(text: str, spans_trusted: bool) -> list[Finding]:
    """Report dangerous raw HTML where it was written (escape_html shows it as text)."""
    out = []
    for tag in _tags(_blank_code(text, spans_trusted)):
        low = tag.text.lower()
        if ":" in tag.name:  # <javascript:alert(1)> reads as an autolink in other renderers
            ref = tag.text[1:-1]
            if not is_safe_link(ref):
                out.append(Finding(tag.line, tag.offset + 1, "K206", ref=ref))
            continue
        if tag.name in _DANGER:
            out.append(Finding(tag.line, tag.offset + 1, "K205", detail=f"<{tag.name}>"))
        for name, value, code in _bad_attrs(tag):
            col = tag.offset + max(low.find(name), 0) + 1
            out.append(_attr_finding(tag.line, col, code, name, value))
    return out


def _bad_attrs(tag: _Tag, allowlist: bool = False) -> Iterator[tuple[str, str, str]]:
    """Yield (name, value, code) for each event handler, style or unsafe address of a tag.

    With ``allowlist`` (rendered HTML), any attribute Markdown would not make is K227 too.
    """
    for name, value in tag.attrs:
        if tag.name in ("th", "td") and name == "style" and _TABLE_STYLE.fullmatch(value):
            continue
        if name.startswith("on") or name in _BAD_ATTRS:
            yield name, value, "K205"
        elif name in _URL_ATTRS and not is_safe_link(value):
            yield name, value, "K206"
        elif allowlist and not _attr_allowed(tag.name, name, value):
            yield name, value, "K227"


def _attr_allowed(tag: str, name: str, value: str) -> bool:
    """Tell whether an attribute is on the allowlist (ids starting "__" are the theme's)."""
    if name == "id":
        return not value.startswith("__")
    return name in _GLOBAL_ATTRS or name in _TAG_ATTRS.get(tag, set())


def _attr_finding(line: int, col: int, code: str, name: str, value: str) -> Finding:
    if code == "K206":
        return Finding(line, col, code, ref=value)
    return Finding(line, col, code, detail=f"{name}={value}" if code == "K227" else f"{name}=")


def _blank_code(text: str, spans_trusted: bool) -> str:
    """Blank out fenced code (and code spans), keeping every line and column in place."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blank = _FENCED.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    if not spans_trusted:
        return blank
    return _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), blank)


def _rendered_findings(text: str, escaped: str) -> list[Finding]:
    """Report what ``escaped`` renders to: bad elements, attributes, links and images."""
    locate = _Locator(text)
    tags = _tags(render(escaped))
    out = []
    # A reference definition counts even unused: a page may put another text that uses it.
    for url, _title in _markdown().references.values():
        if not is_safe_link(url):
            line, col = locate.find(url)
            out.append(Finding(line, col, "K206", ref=url))
    for tag in tags:
        if tag.name not in _ALLOWED:
            line, col = locate.find("<" + tag.name)
            out.append(Finding(line, col, "K205", detail=f"<{tag.name}>"))
        for name, value, code in _bad_attrs(tag, allowlist=True):
            line, col = locate.find(value if code == "K206" else name)
            out.append(_attr_finding(line, col, code, name, value))
        attrs = dict(tag.attrs)
        if tag.name == "img" and is_safe_link(attrs.get("src", "")):
            line, col = locate.find(attrs.get("src", ""))
            out.append(Finding(line, col, "image", attrs.get("src", ""), attrs.get("alt", "")))
        elif tag.name == "a" and "href" in attrs and is_safe_link(attrs["href"]):
            line, col = locate.find(attrs["href"])
            out.append(Finding(line, col, "link", ref=attrs["href"]))
    return out


class _Locator:
    """Find where a value from the rendered HTML was written in the Markdown source."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.split("\n")  # as editors count: U+2028 starts no line
        self.cursor = (0, 0)  # tags come in source order: look for each after the last

    def find(self, needle: str) -> tuple[int, int]:
        """Return (line, col) of ``needle``'s next use, or of the link or image it ends."""
        found = self._search(needle, self.cursor) or self._search(needle, (0, 0))
        if not found:
            return 1, 1
        self.cursor = (found[0] - 1, found[2] + 1)
        return found[0], found[1]

    def _search(self, needle: str, cursor: tuple[int, int]) -> tuple[int, int, int] | None:
        """Return (line, col, offset in line) of the first use at or after ``cursor``."""
        if not needle:
            return None
        literal = [needle.lower(), html.escape(needle, quote=False).lower()]
        squeezed = _URL_JUNK.sub("", html.unescape(needle)).lower()
        for index in range(cursor[0], len(self.lines)):
            line = self.lines[index]
            skip = cursor[1] if index == cursor[0] else 0
            hits = [i for i in (line.lower().find(c, skip) for c in literal) if i >= 0]
            if hits:
                return index + 1, self._column(index, min(hits)), min(hits)
            # Ignoring case, entities and whitespace, as browsers read addresses.
            if skip == 0 and squeezed in _URL_JUNK.sub("", html.unescape(line)).lower():
                return index + 1, len(line) - len(line.lstrip()) + 1, len(line)
        return None

    def _column(self, index: int, offset: int) -> int:
        """Return the column of the link or image that ends at ``offset``, else of it."""
        opener = _OPENER.search(self.lines[index], 0, offset)
        return (opener.start() if opener else offset) + 1
