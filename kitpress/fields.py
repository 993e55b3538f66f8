"""Typed field readers that record a located problem for every bad value."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Any

from kitpress.document import Document
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


def type_name(value: object) -> str:
    """Name the type of a YAML value by a key of messages.TYPE_WORDS."""
    return _TYPE_NAMES.get(type(value), type(value).__name__)


class Fields:
    """Read fields of one YAML document, collecting problems instead of raising."""

    def __init__(self, doc: Document, problems: list[Problem]) -> None:
        self.doc = doc
        self.problems = problems

    def report(self, at: At, code: str, on_key: bool = False, **args: object) -> None:
        """Record a problem at the value (or key) found at ``at``."""
        mark = self.doc.key_mark(*at) if on_key else self.doc.mark(*at)
        self.problems.append(problem(mark, code, **args))

    def mapping(
        self, value: object, at: At, allowed: Iterable[str], required: Iterable[str]
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
                self.report(at, "K101", on_key=bool(at), key=_dotted(at, key))
            elif value.get(key) is None:
                self.report((*at, key), "K116", key=_dotted(at, key))
        return {k: v for k, v in value.items() if k in allowed and v is not None}

    def wrong_type(self, at: At, value: object, expected: type) -> None:
        """Record that the value at ``at`` has the wrong type."""
        hint = '"1.0.0"' if isinstance(value, float) and at[-1:] == ("version",) else ""
        self.report(
            at,
            "K103",
            key=_dotted(at),
            expected=_TYPE_NAMES[expected],
            got=type_name(value),
            hint=hint,
        )

    def text(self, data: dict[str, Any], at: At, key: str, limit: int = 0) -> str:
        """Read a text field; numbers are accepted as text, lists and mappings are not."""
        if key not in data:
            return ""
        value = data[key]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
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
            self.wrong_type((*at, key), value, bool)
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
        parse: Callable[[object], Span | None],
        code: str,
    ) -> Span | None:
        """Read a time or cost field through ``parse``."""
        if key not in data:
            return None
        span = parse(data[key])
        if span is None:
            self.report((*at, key), code, value=data[key])
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
            term = taxonomy.find(group, str(value))
            if term is None:
                labels = "、".join(t.label for t in getattr(taxonomy, group))
                hint = suggest(str(value), choices)
                self.report((*at, key, i), "K110", key=key, value=value, choices=labels, hint=hint)
            elif term.id in found:
                self.report((*at, key, i), "K117", key=key, value=value)
            else:
                found.append(term.id)
        return tuple(found)

    def date(self, data: dict[str, Any], at: At, key: str) -> dt.date | None:
        """Read a YYYY-MM-DD date (YAML may already have parsed it)."""
        value = data.get(key)
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.report((*at, key), "K107", value=value)
            return None


def _dotted(at: At, key: str = "") -> str:
    """Name a field the way a volunteer would find it: materials[2].cost."""
    out = ""
    for part in (*at, key) if key else at:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out
