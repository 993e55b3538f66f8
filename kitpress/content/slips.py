"""Find typing slips that YAML reports badly: control characters, full-width colons, odd spaces."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# What PyYAML refuses to read at all (it would name only the first, by its offset).
_CONTROL = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# A key written with a full-width colon, as a Chinese input method types it: "title：…".
_WIDE_COLON = re.compile(r"^ *(?:- +)?[A-Za-z_][A-Za-z0-9_-]*[ \t]*：")
_INDENT = re.compile("^[ \t\u3000\u00a0]*")
ODD_SPACES = "\u3000\u00a0"


@dataclass(frozen=True)
class Slip:
    """A slip at a 1-based line and column of a text, with its problem code and arguments."""

    line: int
    col: int
    code: str
    args: dict[str, str] = field(default_factory=dict)


def find_control_characters(text: str) -> list[Slip]:
    """Find the first control character of every line (tab and line breaks are fine)."""
    out = []
    for number, line in enumerate(_LINE_BREAK.split(text), 1):
        if found := _CONTROL.search(line):
            out.append(Slip(number, found.start() + 1, "K009", {"char": code_point(found[0])}))
    return out


def find_slips(text: str) -> list[Slip]:
    """Find keys followed by a full-width colon and indentation made of unusual spaces.

    Both are fine inside a text, so callers trust them only to explain a syntax error.
    """
    out = []
    for number, line in enumerate(_LINE_BREAK.split(text), 1):
        if found := _WIDE_COLON.match(line):
            out.append(Slip(number, found.end(), "K011"))
        indent = _INDENT.match(line)
        odd = [i for i, c in enumerate(indent[0] if indent else "") if c in ODD_SPACES]
        if odd and line.strip():
            out.append(Slip(number, odd[0] + 1, "K012", {"char": code_point(line[odd[0]])}))
    return out


def split_lines(text: str) -> list[str]:
    """Split a text at every line break YAML knows (it counts lines by them)."""
    return _LINE_BREAK.split(text)


def code_point(char: str) -> str:
    """Name a character by its Unicode code point, as U+3000."""
    return f"U+{ord(char):04X}"
