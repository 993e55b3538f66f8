"""Parse building numbers such as "1-30", "1-12,15,3A" or [1, 2, "3A"]."""

from __future__ import annotations

import re

MAX_BUILDINGS = 500  # a neighbourhood, not a city: more is surely a typo like 1-10000
_RANGE_MARKS = "-~～–—至到"
_RANGE = re.compile(rf"^([0-9]{{1,4}})[{_RANGE_MARKS}]([0-9]{{1,4}})$")
_SPACED_RANGE = re.compile(rf"\s*([{_RANGE_MARKS}])\s*")
_SEPARATORS = re.compile(r"[,，、;；\s]+")
_SUFFIX = re.compile(r"(号楼|号|栋|幢)$")
_TOKEN = re.compile(r"^[0-9A-Z\u4e00-\u9fff]{1,8}$")
# Full-width ASCII (１２, Ａ, ，) as Chinese input methods type it, and the ideographic space.
# The 打印定制 page's script (theme/assets/kitpress-print.js) reads buildings the same way.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def parse_buildings(value: object) -> tuple[str, ...] | None:
    """Read building numbers: "1-30", "1-12,15,3A" or a list like [1, 2, "3A"].

    Ranges expand in order, letters are upper-cased and a trailing 号楼/栋/幢 is dropped
    (the sign prints its own). Returns None when anything is unreadable or repeated.
    """
    found = [name for _, name in _expand_items(value) or []]
    if len(set(found)) != len(found):
        return None  # a number given twice is a typo more often than not
    return tuple(found) if 0 < len(found) <= MAX_BUILDINGS else None


def find_repeat(value: object) -> tuple[int, str] | None:
    """Return the list position and name of the first building given twice, if any."""
    seen: set[str] = set()
    for index, name in _expand_items(value) or []:
        if name in seen:
            return index, name
        seen.add(name)
    return None


def _expand_items(value: object) -> list[tuple[int, str]] | None:
    """Expand every item to (its position, building name); None if any is unreadable."""
    if isinstance(value, bool) or value is None:
        return None
    items = value if isinstance(value, list | tuple) else [value]
    found: list[tuple[int, str]] = []
    for index, item in enumerate(items):
        if isinstance(item, bool) or not isinstance(item, int | str):
            return None
        text = _SPACED_RANGE.sub(r"\1", str(item).translate(_HALF_WIDTH).strip())
        for token in filter(None, _SEPARATORS.split(text)):
            expanded = _expand(token)
            if expanded is None:
                return None
            found += [(index, name) for name in expanded]
    return found


def _expand(token: str) -> list[str] | None:
    """Expand one token: a number, a range of numbers, or a name like 3A."""
    token = _SUFFIX.sub("", token.upper())
    if found := _RANGE.match(token):
        low, high = int(found.group(1)), int(found.group(2))
        ok = low <= high and high - low < MAX_BUILDINGS
        return [str(number) for number in range(low, high + 1)] if ok else None
    return [token] if _TOKEN.match(token) else None
