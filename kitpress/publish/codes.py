"""The 问题代码 page's entries: every problem code, from the catalog and data/codes.yml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from kitpress.messages import MESSAGES

DEFAULT_FILE = "packs/gate-parcels/pack.yml"
# What an entry of data/codes.yml may say (its header explains each key).
KEYS = frozenset(
    {"means", "fix", "file", "right", "wrong", "at", "wrong_file", "copy", "setup", "remove"}
    | {"repeat", "encoding", "also", "posters", "check", "because"}
)
_FENCES = {".yml": "yaml", ".yaml": "yaml", ".md": "markdown", ".svg": "xml", ".j2": "jinja"}
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


@dataclass(frozen=True)
class Code:
    """One code as the page shows it."""

    code: str
    warning: bool
    message: str  # the catalog's Chinese text, each value left out as …
    means: str
    fix: str
    where: str  # the file the examples are typed in; empty for a command
    wrong_where: str
    fence: str  # the code block's language
    wrong: str
    right: str
    note: str  # how the wrong file differs beyond its text: its encoding, or repeats


@cache
def codebook() -> dict[str, dict[str, Any]]:
    """Return data/codes.yml's entries by code, as written."""
    text = resources.files("kitpress").joinpath("data/codes.yml").read_text(encoding="utf-8")
    data: dict[str, dict[str, Any]] = yaml.safe_load(text)
    return data


def codes() -> tuple[Code, ...]:
    """Return every catalog code that has an entry, in code order."""
    book = codebook()
    return tuple(_code(code, book[code]) for code in sorted(MESSAGES) if code in book)


def visible(text: str) -> str:
    """Show invisible characters (Tab, control characters) as their Unicode pictures."""
    return "".join(chr(0x2400 + ord(c)) if ord(c) < 0x20 and c != "\n" else c for c in text)


def _code(code: str, entry: dict[str, Any]) -> Code:
    """Make the page's view of one entry."""
    checked = entry.get("check", True)
    where = entry.get("file", DEFAULT_FILE if checked else "")
    suffix = "." + where.rsplit(".", 1)[-1] if "." in where.rsplit("/", 1)[-1] else ""
    return Code(
        code=code,
        warning=code.startswith("K4"),
        message=_PLACEHOLDER.sub("…", MESSAGES[code][0]),
        means=entry["means"],
        fix=entry["fix"],
        where=where,
        wrong_where=entry.get("wrong_file", where),
        fence=_FENCES.get(suffix, "text"),
        wrong=visible(entry.get("wrong", "")).rstrip("\n"),
        right=visible(entry.get("right", "")).rstrip("\n"),
        note=_note(entry),
    )


def _note(entry: dict[str, Any]) -> str:
    """Say what the wrong example's text alone does not show."""
    if "encoding" in entry:
        return f"，用 {entry['encoding'].upper()} 编码保存"
    if int(entry.get("repeat", 1)) > 1:
        return f"，同样的内容重复 {entry['repeat']} 遍"
    return ""
