"""Inspect and neutralise the Markdown that contributors write."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# Raw HTML is escaped on output anyway; these are reported so a contributor learns why
# their markup vanished, and because a reviewer should never have to spot them by eye.
_DANGER = re.compile(
    r"<\s*(script|iframe|object|embed|style|form|input|link|meta|svg|base)\b|\bon[a-z]+\s*=\s*[\"']",
    re.IGNORECASE,
)
_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_SAFE_SCHEMES = ("http://", "https://", "mailto:")
_FENCE = re.compile(r"^(\s*)(```|~~~)")
# "<" starts raw HTML unless it opens an autolink such as <https://example.org>.
_TAG_OPEN = re.compile(r"<(?!https?://[^\s>]+>)")


@dataclass(frozen=True)
class Finding:
    """Something in Markdown worth reporting, at a 1-based line and column of the text."""

    line: int
    col: int
    code: str
    ref: str = ""
    detail: str = ""


def scan(text: str) -> Iterator[Finding]:
    """Find scripts, unsafe links and images (with or without alt) in Markdown text."""
    for number, line in _prose_lines(text):
        for m in _DANGER.finditer(line):
            yield Finding(number, m.start() + 1, "K205", detail=m.group(0).strip())
        for m in _IMAGE.finditer(line):
            yield Finding(number, m.start() + 1, "image", ref=m.group(2), detail=m.group(1))
        for m in _LINK.finditer(line):
            yield Finding(number, m.start() + 1, "link", ref=m.group(1))


def is_safe_link(ref: str) -> bool:
    """Tell whether a link target is a web address, mail address or relative path."""
    low = ref.strip().lower()
    if low.startswith(_SAFE_SCHEMES) or low.startswith("#"):
        return True
    return ":" not in low.split("/")[0]


def is_relative(ref: str) -> bool:
    """Tell whether a reference points into the pack rather than to the web."""
    low = ref.strip().lower()
    return not (low.startswith(_SAFE_SCHEMES) or low.startswith("#") or low.startswith("data:"))


def escape_html(text: str) -> str:
    """Escape raw HTML outside code so Markdown cannot inject markup or scripts."""
    out: list[str] = []
    fence = ""
    for line in text.splitlines(keepends=True):
        m = _FENCE.match(line)
        if fence:
            out.append(line)
            if m and m.group(2) == fence:
                fence = ""
            continue
        if m:
            fence = m.group(2)
            out.append(line)
            continue
        out.append(_escape_outside_code_spans(line))
    return "".join(out)


def escape_inline(text: str) -> str:
    """Escape a one-line value from YAML for use inside Markdown."""
    return _escape_outside_code_spans(text.replace("\n", " "))


def _escape_outside_code_spans(line: str) -> str:
    parts = re.split(r"(`+[^`]*`+)", line)
    return "".join(p if i % 2 else _TAG_OPEN.sub("&lt;", p) for i, p in enumerate(parts))


def _prose_lines(text: str) -> Iterator[tuple[int, str]]:
    """Yield numbered lines outside fenced code blocks, code spans blanked out."""
    fence = ""
    for number, line in enumerate(text.splitlines(), start=1):
        m = _FENCE.match(line)
        if fence:
            if m and m.group(2) == fence:
                fence = ""
            continue
        if m:
            fence = m.group(2)
            continue
        yield number, re.sub(r"`+[^`]*`+", lambda s: " " * len(s.group(0)), line)
