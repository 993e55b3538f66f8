"""Parse building numbers such as "1-30", "1-12,15,3A" or [1, 2, "3A"]."""

from __future__ import annotations

import re

MAX_BUILDINGS = 500  # a compound with more signs than this is a typo, not a compound
_ITEM = re.compile(r"^[0-9A-Za-z\u4e00-\u9fff]{1,8}$")


def parse_buildings(value: object) -> tuple[str, ...] | None:
    """Return the building numbers in order, or None when the value cannot be read."""
    items = value if isinstance(value, list) else str(value).replace("，", ",").split(",")
    out: list[str] = []
    for item in items:
        if isinstance(item, (bool, list, dict)) or item is None:
            return None
        part = str(item).strip()
        expanded = _expand(part) if isinstance(item, str) else (part,)
        if expanded is None:
            return None
        out += expanded
    if not out or len(out) > MAX_BUILDINGS or len(set(out)) != len(out):
        return None
    return tuple(out)


def _expand(part: str) -> tuple[str, ...] | None:
    m = re.fullmatch(r"(\d+)\s*[-~～–—到至]\s*(\d+)", part)
    if m:
        low, high = int(m.group(1)), int(m.group(2))
        if high < low or high - low >= MAX_BUILDINGS:
            return None
        return tuple(str(n) for n in range(low, high + 1))
    return (part,) if _ITEM.match(part) else None
