"""Typed field readers that record a located problem for every bad value."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from kitpress.content.document import Document
from kitpress.content.quantities import Measure
from kitpress.content.syntax import quote_slip
from kitpress.model import Span, Taxonomy
from kitpress.problems import Problem, problem, suggest

At = tuple[str | int, ...]
_TYPE_NAMES = {
    str: "text",
    list: "list",
    dict: "mapping",
    bool: "bool",
    int: "int",
    type(None): "nothing",
    float: "number",
    dt.date: "date",
}
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Separators a writer may put between list items inside one text: "小区门禁、社区工作者".
_LIST_SEPARATORS = re.compile(r"\s*[，、,;；]\s*")
# A line to copy for each required field, shown when it is missing (K101).
EXAMPLES = {
    "title": "title: 给快递员的门禁说明",
    "summary": "summary: 一句话说明这个资源包帮谁、做什么。",
    "license": "license: CC-BY-4.0",
    "version": 'version: "1.0.0"',
    "updated": "updated: 2020-03-01",
    "scenarios": "scenarios: [小区门禁]",
    "authors": "authors: [街坊互助小组]",
    "name": "name: 街坊互助小组",
    "src": "src: assets/cover.jpg",
    "kind": "kind: card-sheet",
    "buildings": 'buildings: "1-12"',
}
_FLAG_WORDS = {"yes": "true", "no": "false", "on": "true", "off": "false"}


def type_name(value: object) -> str:
    """Name the type of a YAML value by a key of messages.TYPE_WORDS."""
    return _TYPE_NAMES.get(type(value), type(value).__name__)


class Fields:
    """Read fields of one YAML document, collecting its problems instead of raising.

    Whoever makes a Fields returns its ``problems`` with what it read: the list belongs to
    this one document, never to a caller.
    """

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.problems: list[Problem] = []

    def report(self, at: At, code: str, on_key: bool = False, **args: object) -> None:
        """Record a problem at the value (or key) found at ``at``."""
        mark = self.doc.key_mark(*at) if on_key else self.doc.mark(*at)
        self.problems.append(problem(mark, code, **args))

    def mapping(
        self,
        value: object,
        at: At,
        allowed: Iterable[str],
        required: Iterable[str],
        examples: Mapping[str, str] = EXAMPLES,
    ) -> dict[str, Any]:
        """Check that ``value`` is a mapping with only ``allowed`` keys and all ``required``."""
        if not isinstance(value, dict):
            self.wrong_type(at, value, dict)
            return {}
        allowed = list(allowed)
        for key in value:
            if key not in allowed:
                self.report((*at, key), "K102", on_key=True, key=key, hint=suggest(key, allowed))
        for key in required:
            if value.get(key) is None and key not in value:
                example = examples.get(key, f"{key}: …")
                self.report(at, "K101", on_key=bool(at), key=_dotted(at, key), example=example)
            elif value.get(key) is None and not self.refused((*at, key)):
                self.report((*at, key), "K116", key=_dotted(at, key))
        return {k: v for k, v in value.items() if k in allowed and v is not None}

    def shown(self, at: At, value: object) -> str:
        """Show the value at ``at`` as the writer typed it, never as a Python repr."""
        if isinstance(value, list):
            return "[" + ", ".join(self.shown((*at, i), v) for i, v in enumerate(value)) + "]"
        if isinstance(value, dict):
            return (
                "{" + ", ".join(f"{k}: {self.shown((*at, k), v)}" for k, v in value.items()) + "}"
            )
        return self.doc.typed(*at) or ("" if value is None else str(value))

    def refused(self, at: At) -> bool:
        """Tell whether the value at ``at`` was already refused (a YAML tag): it is no gap."""
        return tuple(at) in self.doc.refused

    def wrong_type(self, at: At, value: object, expected: type, hint: str = "") -> None:
        """Record that the value at ``at`` has the wrong type."""
        self.report(
            at,
            "K103",
            key=_dotted(at),
            expected=_TYPE_NAMES[expected],
            got=type_name(value),
            hint=hint,
        )

    def text(self, data: dict[str, Any], at: At, key: str, limit: int = 0) -> str:
        """Read a text field; numbers and dates are taken as typed, lists and mappings are not."""
        if key not in data:
            return ""
        value = data[key]
        if isinstance(value, (int, float, dt.date)) and not isinstance(value, bool):
            value = self.shown((*at, key), value)  # 1.10 and 2020-03-24 as typed
        if not isinstance(value, str):
            self.wrong_type((*at, key), value, str)
            return ""
        value = value.strip()
        if not value:
            self.report((*at, key), "K116", key=_dotted(at, key))
        if limit and len(value) > limit:
            self.report((*at, key), "K104", key=_dotted(at, key), length=len(value), limit=limit)
        return value

    def flag(self, data: dict[str, Any], at: At, key: str) -> bool:
        """Read a true/false field."""
        value = data.get(key, False)
        if not isinstance(value, bool):
            hint = _FLAG_WORDS.get(value.lower(), "") if isinstance(value, str) else ""
            self.wrong_type((*at, key), value, bool, hint)
            return False
        return value

    def items(self, data: dict[str, Any], at: At, key: str, required: bool = False) -> list[Any]:
        """Read a list field; a single value is taken as a list of one."""
        if key not in data:
            return []
        value = data[key]
        if not isinstance(value, list):
            # "scenarios: 小区门禁" means a list of one; anything else is a mistake.
            value = [value] if isinstance(value, str) else None
            if value is None:
                self.wrong_type((*at, key), data[key], list)
                return []
        if required and not value:
            self.report((*at, key), "K115", key=_dotted(at, key))
        return value

    def span(
        self,
        data: dict[str, Any],
        at: At,
        key: str,
        measure: Measure,
    ) -> Span | None:
        """Read a time or cost field, a text such as 1-2小时 within the measure's bounds."""
        if key not in data:
            return None
        value = data[key]
        if isinstance(value, (list, dict, bool)):
            self.wrong_type((*at, key), value, str)
            return None
        text = self.shown((*at, key), value)
        span = measure.parse(text)
        if span is None and (inner := self.chinese_quoted((*at, key), text, measure.parse)):
            return measure.parse(inner)
        if span is None:
            self.report((*at, key), measure.unreadable, value=text)
        elif not measure.fits(span):
            self.report((*at, key), measure.out_of_range, value=text, limit=measure.limit)
            return None
        return span

    def terms(
        self,
        data: dict[str, Any],
        at: At,
        key: str,
        group: str,
        taxonomy: Taxonomy,
        required: bool = False,
    ) -> tuple[str, ...]:
        """Read a list of taxonomy values (id or label) and return their ids."""
        found: list[str] = []
        choices = [t.label for t in getattr(taxonomy, group)] + [
            t.id for t in getattr(taxonomy, group)
        ]
        for i, value in enumerate(self.items(data, at, key, required)):
            if value is None:
                self.report((*at, key, i), "K116", key=_dotted(at, key, i))
                continue
            text = self.shown((*at, key, i), value)
            term = taxonomy.find(group, text)
            if term is None and (
                inner := self.chinese_quoted((*at, key, i), text, lambda t: taxonomy.find(group, t))
            ):
                term = taxonomy.find(group, inner)
            if term is None:
                labels = [t.label for t in getattr(taxonomy, group)]
                hint = _list_hint(text, lambda part: taxonomy.find(group, part) is not None)
                hint = hint or suggest(text, choices)
                self.report((*at, key, i), "K110", key=key, value=text, choices=labels, hint=hint)
            elif term.id in found:
                self.report((*at, key, i), "K117", key=key, value=text)
            else:
                found.append(term.id)
        return tuple(found)

    def chinese_quoted(self, at: At, text: str, reads: Callable[[str], object]) -> str:
        """Report “5元” whose inside reads, and return that inside ("" when it does not)."""
        inner = quote_slip(text)
        if inner is None or reads(inner) is None:
            return ""
        self.report(at, "K019", value=inner)
        return inner

    def date(self, data: dict[str, Any], at: At, key: str) -> dt.date | None:
        """Read a past YYYY-MM-DD date (YAML has parsed every date that exists)."""
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, str):  # "2020-03-24" in quotes
            value = _iso_date(value.strip())
        if not isinstance(value, dt.date):
            self.report((*at, key), "K107", value=self.shown((*at, key), data[key]))
            return None
        # The real date, not SOURCE_DATE_EPOCH: a pack "updated" in the future would stay on
        # top of the newest packs. A day's grace covers writers ahead of UTC.
        if value > dt.date.today() + dt.timedelta(days=1):
            self.report((*at, key), "K120", value=self.shown((*at, key), value))
            return None
        return value


def _iso_date(text: str) -> dt.date | None:
    """Read exactly YYYY-MM-DD (fromisoformat alone would take 20200324 too)."""
    try:
        return dt.date.fromisoformat(text) if _DATE.match(text) else None
    except ValueError:
        return None


def _list_hint(text: str, known: Callable[[str], bool]) -> str:
    """Suggest a list when a text is known terms with separators: [小区门禁, 社区工作者]."""
    parts = [part for part in _LIST_SEPARATORS.split(text) if part]
    return "[" + ", ".join(parts) + "]" if len(parts) > 1 and all(map(known, parts)) else ""


def _dotted(at: At, *keys: str | int) -> str:
    """Name a field the way a volunteer would find it: materials[2].cost."""
    out = ""
    for part in (*at, *keys):
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out
