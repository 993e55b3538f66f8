"""Parse the human forms of time and cost that volunteers write."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kitpress.model import Span

MAX_DAYS = 366  # a pack is something a neighbourhood does, not a project of years
MAX_YUAN = 100_000  # far above any pack's cost; more is a slip of the keyboard

_NUM = r"(\d+(?:\.\d+)?)"
_RANGE = re.compile(rf"^{_NUM}\s*(?:[-~～–—到至]\s*{_NUM})?\s*(.*)$")
_TIME_UNITS = {
    "分钟": 1,
    "分": 1,
    "min": 1,
    "小时": 60,
    "个小时": 60,
    "h": 60,
    "天": 1440,
    "日": 1440,
    "周": 10080,
    "星期": 10080,
}
_WORDS: dict[str, tuple[float, float]] = {
    "半小时": (30, 30),
    "半天": (720, 720),
    "一小时": (60, 60),
    "一天": (1440, 1440),
}
_FREE = {"免费", "不花钱", "无"}


def parse_time(text: object) -> Span | None:
    """Parse "30分钟", "1-2小时", "半小时", "14天" into minutes; None if unreadable."""
    value = str(text).strip()
    if value in _WORDS:
        low, high = _WORDS[value]
        return Span(value, low, high)
    found = _RANGE.match(value)
    if not found or found.group(3).strip() not in _TIME_UNITS:
        return None
    unit = _TIME_UNITS[found.group(3).strip()]
    low = float(found.group(1))
    high = float(found.group(2) or low)
    if high < low:
        return None
    return Span(value, low * unit, high * unit)


def parse_cost(text: object) -> Span | None:
    """Parse "0元", "免费", "10元", "10-20元" into yuan; None if unreadable.

    A bare number can only mean yuan: 5 reads as 5元, and is shown so.
    """
    value = str(text).strip()
    if value in _FREE:
        return Span(value, 0, 0)
    found = _RANGE.match(value)
    if found and not found.group(3).strip():
        value += "元"
    elif not found or found.group(3).strip() not in ("元", "块", "块钱", "元左右"):
        return None
    low = float(found.group(1))
    high = float(found.group(2) or low)
    if high < low:
        return None
    return Span(value, low, high)


@dataclass(frozen=True)
class Measure:
    """How to read one kind of quantity, and the problem codes for text that is not one."""

    parse: Callable[[object], Span | None]
    fits: Callable[[Span], bool]
    unreadable: str
    out_of_range: str
    limit: int  # named in the out-of-range message, in days or yuan


TIME = Measure(
    parse_time, lambda s: 0 < s.low <= s.high <= MAX_DAYS * 1440, "K111", "K121", MAX_DAYS
)
COST = Measure(parse_cost, lambda s: s.high <= MAX_YUAN, "K112", "K122", MAX_YUAN)
