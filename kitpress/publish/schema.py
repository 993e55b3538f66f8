"""The JSON Schemas of pack.yml and of card front matter, with this project's taxonomy."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from kitpress.model import Taxonomy, Term

PACK_SCHEMA = "pack.schema.json"
CARD_SCHEMA = "card.schema.json"
# Where check, build and new write them in a project: editors read them from there, offline.
FOLDER = "build/schema"
# The definitions both schemas share, kept in the pack schema's file.
_SHARED = ("time", "cost", "audience")


def schemas(taxonomy: Taxonomy) -> dict[str, dict[str, Any]]:
    """Return both schemas by file name, their term lists taken from ``taxonomy``."""
    pack = _load(PACK_SCHEMA)
    defs = pack["$defs"]
    for name, terms in (
        ("scenario", taxonomy.scenarios),
        ("audience", taxonomy.audiences),
        ("circle", taxonomy.circles),
    ):
        defs[name] = _terms(defs[name]["description"], terms)
    card = _load(CARD_SCHEMA)
    card["$defs"] = {name: defs[name] for name in _SHARED}
    return {PACK_SCHEMA: pack, CARD_SCHEMA: card}


def write_schemas(taxonomy: Taxonomy, folder: Path) -> None:
    """Write both schemas into ``folder``, leaving files that are already the same."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, schema in schemas(taxonomy).items():
        text = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


def _terms(description: str, terms: tuple[Term, ...]) -> dict[str, Any]:
    """Return a definition accepting each term's label or id, the labels offered first."""
    choices = [t.label for t in terms] + [t.id for t in terms if t.id != t.label]
    listed = "、".join(t.label for t in terms)
    return {
        "enum": list(dict.fromkeys(choices)),
        "description": f"{description}可选：{listed}。" if listed else description,
        "examples": [t.label for t in terms[:2]],
    }


def _load(name: str) -> dict[str, Any]:
    """Read one of the built-in schemas."""
    text = resources.files("kitpress").joinpath(f"data/{name}").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data
