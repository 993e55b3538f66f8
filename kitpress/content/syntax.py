"""Name the slip behind a YAML syntax error by looking at the lines, not the parser's words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kitpress.content.slips import ODD_SPACES, Slip, code_point, find_slips, split_lines

# A key typed without the space YAML needs after its colon: "title:独居". Web addresses
# (https://…) and mailto:/tel: links are values that rightly hold a colon.
KEY_NO_SPACE = re.compile(r"([a-z_][a-z0-9_]*):(?!//)([^ \t\r\n])")
_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_KEY_WIDE_COLON = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*[ \t]*：")
_ITEM = re.compile(r"-(?: +|$)")
_KEY = re.compile(
    r"""(?:[^\s#'"\[\]{}:,&*!|>%@`-][^:#]*?|-[^\s:#][^:#]*?|"[^"]*"|'[^']*')[ \t]*:(?:[ \t]|$)"""
)
_BLOCK = re.compile(r"(?:^|[:-])[ \t]+[|>][-+0-9]*[ \t]*(?:#.*)?$")
# The text of a quoted scalar up to its closing quote: \" escapes in "…", '' in '…'.
_DOUBLE = re.compile(r'(?:[^"\\]|\\.)*"', re.DOTALL)
_SINGLE = re.compile(r"(?:[^']|'')*'", re.DOTALL)
_CN_QUOTES = {"“": "”", "‘": "’"}


@dataclass(frozen=True)
class Error:
    """What the parser said, 1-based: where it stopped and where what it was reading began."""

    line: int
    col: int
    context: str = ""  # "while scanning a quoted scalar", or ""
    context_line: int = 0
    context_col: int = 0


def explain(text: str, error: Error) -> list[Slip]:
    """Name the slips that explain a syntax error, or one plain K001 at its place."""
    lines = split_lines(text)
    if error.context.startswith("while scanning a quoted scalar") and error.context_line:
        return [_unclosed_quote(lines, error)]
    if error.context.startswith("while parsing a flow") and error.context_line:
        return [_unclosed_bracket(lines, error)]
    typed = [s for s in find_slips(text) + typing_slips(lines) if s.line <= error.line + 1]
    # Chinese quotes are fine around a Chinese text: they explain only the line that broke.
    typed = [s for s in typed if s.code != "K019" or s.line == error.line]
    if typed:
        return sorted(typed, key=lambda s: (s.line, s.col))
    shape = _first_shape_slip(lines)
    if shape and shape.line <= error.line:
        return [shape]
    if colon := _colon_in_value(lines, error):
        return [colon]
    if odd := _stray_character(lines, error) or _special_start(lines, error):
        return [odd]
    return [Slip(error.line, error.col, "K001")]


def _stray_character(lines: list[str], error: Error) -> Slip | None:
    """Report a character the parser stopped at: a tab, a list after a colon, an extra ]."""
    line = lines[error.line - 1] if error.line <= len(lines) else ""
    char = line[error.col - 1 : error.col]
    start = _content_start(line)
    key = _KEY.match(line[start:])
    if char == "\t":
        return Slip(error.line, error.col, "K013")
    if char == "-" and key and error.col - 1 >= start + key.end():
        return Slip(error.line, error.col, "K031", {"key": key.group(0).rstrip(" \t:")})
    if char in ("]", "}"):
        return Slip(
            error.line, error.col, "K030", {"char": char, "opening": "[{"["]}".index(char)]}
        )
    before = line[: error.col - 1].rstrip(" ")
    if char and before[-1:] in ("'", '"') and before.count(before[-1]) >= 2:
        return Slip(error.line, error.col, "K032", {"quote": before[-1]})
    return None


def _special_start(lines: list[str], error: Error) -> Slip | None:
    """Report a value starting with a character YAML keeps for itself: @, `, |text."""
    line = lines[error.line - 1] if error.line <= len(lines) else ""
    start = _content_start(line)
    key = _KEY.match(line[start:])
    at = start + key.end() if key else start
    at += len(line[at:]) - len(line[at:].lstrip(" "))
    value = line[at:].rstrip()
    block = error.context.startswith("while scanning a block scalar")
    special = value[:1] in ("@", "`") or (block and value[:1] in ("|", ">") and value[1:].strip())
    if special and '"' not in value:
        return Slip(error.line, at + 1, "K029", {"char": value[0], "value": value})
    return None


def _colon_in_value(lines: list[str], error: Error) -> Slip | None:
    """Report "summary: 注意: 不要挡路": a colon and a space inside a value read as a new key."""
    if error.line > len(lines):
        return None
    line = lines[error.line - 1]
    start = _content_start(line)
    key = _KEY.match(line[start:])
    if not key or line[error.col - 1 : error.col] != ":" or error.col - 1 < start + key.end():
        return None
    name = key.group(0).rstrip(" \t:")
    value = line[start + key.end() :].strip()
    return Slip(error.line, error.col, "K027", {"key": name, "value": value})


def _unclosed_quote(lines: list[str], error: Error) -> Slip:
    """Point after the text an opening quote started: the closing one is missing there."""
    line = lines[error.context_line - 1]
    quote = line[error.context_col - 1 : error.context_col] or '"'
    return Slip(error.context_line, len(line.rstrip()) + 1, "K020", {"quote": quote})


def _unclosed_bracket(lines: list[str], error: Error) -> Slip:
    """Point after the last line a [ or { could have run to: its closing bracket is missing."""
    before = [*lines[: error.line - 1], lines[error.line - 1][: error.col - 1]]
    opening = _last_open_bracket(before if error.line <= len(lines) else lines)
    closing = "]" if opening == "[" else "}"
    if error.line <= len(lines) and lines[error.line - 1][error.col - 1 : error.col] in ("]", "}"):
        return Slip(error.line, error.col, "K021", {"opening": opening, "closing": closing})
    last = next(
        (n for n in range(min(error.line - 1, len(lines)), 0, -1) if lines[n - 1].strip()),
        error.context_line,
    )
    end = len(lines[last - 1].rstrip()) + 1
    return Slip(last, end, "K021", {"opening": opening, "closing": closing})


def _last_open_bracket(lines: list[str]) -> str:
    """Return the innermost [ or { still open at the end of ``lines`` (quotes left out)."""
    text = re.sub(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\n]|\'\')*\'', "", "\n".join(lines))
    open_ = []
    for char in text:
        if char in "[{":
            open_.append(char)
        elif char in "]}" and open_:
            open_.pop()
    return open_[-1] if open_ else "["


def typing_slips(lines: list[str]) -> list[Slip]:
    """Find keys without a space after their colon, Chinese quotes and tabs that start a line."""
    out = []
    for number, (line, _) in enumerate(_content_lines(lines), 1):
        if line is None:
            continue
        start = _content_start(line)
        rest = line[start:]
        tab = line[: start + 1].find("\t")
        if tab >= 0:
            out.append(Slip(number, tab + 1, "K013"))
            continue
        value = rest.split(":", 1)[1].lstrip(" ") if _KEY.match(rest) else rest
        at = len(line) - len(value)
        if value[:1] in _CN_QUOTES:
            out.append(_quote_slip(number, at + 1, value))
        elif value[:1] in ("'", '"') and _runs_on(lines, number - 1, at):
            out.append(Slip(number, len(line.rstrip()) + 1, "K020", {"quote": value[0]}))
        elif slip := no_space_slip(rest, number, start + 1):
            out.append(slip)
    return out


def _runs_on(lines: list[str], index: int, at: int) -> bool:
    """Tell whether the quote opening at lines[index][at] is closed only by a later value's quote.

    A quoted text may go on over several lines, but then its closing quote ends a line;
    a "closing" quote with more text after it is really the next value's opening one.
    """
    quote = lines[index][at]
    text = "\n".join(lines[index:])[at + 1 :]
    close = (_DOUBLE if quote == '"' else _SINGLE).match(text)
    if close is None:
        return True
    before, after = close.group(0), text[close.end() :].split("\n", 1)[0].strip()
    return "\n" in before and bool(after) and not after.startswith("#")


def no_space_slip(text: str, line: int, col: int) -> Slip | None:
    """Report "title:独居" typed at ``line``/``col``: a key whose colon has no space after it."""
    found = KEY_NO_SPACE.match(text)
    if not found or found.group(1).lower() in _SCHEMES:
        return None
    colon = col + found.end(1)
    if found.group(2) in ODD_SPACES:
        return Slip(line, colon + 1, "K012", {"char": code_point(found.group(2))})
    return Slip(line, colon, "K018", {"key": found.group(1), "value": text[found.end(1) + 1 :]})


def key_slip(text: str, line: int, col: int) -> Slip | None:
    """Report a text at the start of a line that was meant as a key: "src：a.png", "src:a.png"."""
    if wide := _KEY_WIDE_COLON.match(text):
        return Slip(line, col + wide.end() - 1, "K011")
    return no_space_slip(text, line, col)


def _quote_slip(line: int, col: int, value: str) -> Slip:
    """Report a value typed inside Chinese quotes, with the ASCII-quoted form to write."""
    inner = value[1:]
    end = inner.rfind(_CN_QUOTES[value[0]])
    inner = inner[:end] if end >= 0 else inner.rstrip()
    return Slip(line, col, "K019", {"value": inner})


def quote_slip(value: str) -> str | None:
    """Return the text inside “…” or ‘…’ when a whole value is wrapped in Chinese quotes."""
    if len(value) < 2 or value[0] not in _CN_QUOTES or value[-1] != _CN_QUOTES[value[0]]:
        return None
    inner = value[1:-1]
    return None if any(q in inner for q in "“”‘’") else inner


@dataclass
class _Level:
    indent: int
    kind: str  # "map" or "seq"
    line: int


def _first_shape_slip(lines: list[str]) -> Slip | None:
    """Find the first line whose indentation or kind does not fit the lines above it."""
    levels: list[_Level] = []
    opens = True  # the line before ends with a colon, so a deeper block may start
    content = _content_lines(lines)
    for number, (line, indent) in enumerate(content, 1):
        if line is None:
            continue
        kind, parts = _kind(line)
        if not levels and kind == "text":
            return Slip(number, indent + 1, "K026")  # a file starts with a key or an item
        slip = _fit(levels, indent, kind, opens, number)
        if slip and slip.code == "K022":
            return _value_above(lines, content, slip, kind) or slip
        if slip:
            return slip
        if kind == "text":
            continue  # a long text going on from the line above
        _push(levels, parts, number)
        opens = parts[-1][2]
    return None


def _value_above(
    lines: list[str], content: list[tuple[str | None, int]], slip: Slip, kind: str
) -> Slip | None:
    """Blame the value above a deeper block: "authors: 甲" then "  - name: 甲" below it.

    One line indented too far is that line's slip; a list, or several lines, indented
    under a key that already has a value means the value should not be there.
    """
    after = [indent for line, indent in content[slip.line :] if line is not None][:1]
    got = int(slip.args["got"])
    if kind != "seq" and not (after and after[0] >= got):
        return None
    above = int(slip.args["line"])
    line = lines[above - 1]
    start = _content_start(line)
    key = _KEY.match(line[start:])
    if not key:
        return None
    name = key.group(0).rstrip(" \t:")
    return Slip(above, start + key.end() + 1, "K028", {"key": name.strip("'\"")})


def _fit(levels: list[_Level], indent: int, kind: str, opens: bool, number: int) -> Slip | None:
    """Check one line against the open levels, closing the ones it leaves."""
    if not levels:
        return None
    top = levels[-1]
    if indent > top.indent:
        if opens or kind == "text":
            return None
        return Slip(number, 1, "K022", _where(indent, top))
    if opens and kind == "seq" and indent == top.indent and top.kind == "map":
        return None  # "key:" then "- item" at the key's own indentation
    deeper = top
    while levels and levels[-1].indent > indent:
        deeper = levels.pop()
    compact = len(levels) > 1 and levels[-2].indent == indent == levels[-1].indent
    if compact and levels[-1].kind == "seq" and kind == "map":
        levels.pop()  # a list written at its key's indentation ends here
    if not levels or levels[-1].indent != indent:
        return Slip(number, 1, "K023", _where(indent, deeper))
    level = levels[-1]
    if kind == "text":
        return Slip(number, indent + 1, "K026")
    if level.kind != kind:
        return Slip(number, indent + 1, "K024" if kind == "seq" else "K025", _where(indent, level))
    return None


def _where(indent: int, level: _Level) -> dict[str, str]:
    """Name a line's indentation and the line above it should line up with."""
    return {"got": str(indent), "want": str(level.indent), "line": str(level.line)}


def _push(levels: list[_Level], parts: list[tuple[int, str, bool]], number: int) -> None:
    """Open the levels one line starts: "- name: x" opens a list and a mapping inside it."""
    for col, kind, _ in parts:
        if levels and levels[-1].indent == col and levels[-1].kind == kind:
            levels[-1].line = number
        elif not levels or col > levels[-1].indent or kind != levels[-1].kind:
            levels.append(_Level(col, kind, number))


def _kind(line: str) -> tuple[str, list[tuple[int, str, bool]]]:
    """Say what a line is (seq, map or text) and which levels it opens at which columns."""
    parts: list[tuple[int, str, bool]] = []
    col = len(line) - len(line.lstrip(" "))
    rest = line[col:]
    while item := _ITEM.match(rest):
        parts.append((col, "seq", not rest[item.end() :].strip()))
        col, rest = col + item.end(), rest[item.end() :]
    if _KEY.match(rest):
        value = rest.split(":", 1)[1].strip()
        parts.append((col, "map", not value or value.startswith("#")))
    if not parts:
        return "text", [(col, "text", False)]
    return parts[0][1], parts


def _content_lines(lines: list[str]) -> list[tuple[str | None, int]]:
    """Give each line with its indentation; None for blank lines, comments and block texts."""
    out: list[tuple[str | None, int]] = []
    block = -1  # inside a | or > text: lines indented deeper than this belong to it
    for line in lines:
        stripped = line.strip(" ")
        indent = len(line) - len(line.lstrip(" "))
        if block >= 0 and (not stripped or indent > block):
            out.append((None, indent))
            continue
        block = -1
        if not stripped or stripped.startswith("#"):
            out.append((None, indent))
            continue
        if _BLOCK.search(stripped):
            block = indent
        out.append((line, indent))
    return out


def _content_start(line: str) -> int:
    """Return the index where a line's content starts, after its indentation and dashes."""
    at = len(line) - len(line.lstrip(" \t"))
    while item := _ITEM.match(line[at:]):
        at += item.end()
    return at
