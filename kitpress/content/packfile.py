"""Read and validate a pack.yml into the pieces of a Pack."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from kitpress.content.buildings import find_repeat, parse_buildings
from kitpress.content.fields import EXAMPLES, SEMVER, At, Fields, type_name
from kitpress.content.files import is_image, near_miss, resolve_ref
from kitpress.content.markup import is_relative, web_hint
from kitpress.content.quantities import COST, TIME
from kitpress.model import (
    DIFFICULTIES,
    LICENSES,
    ORIENTATIONS,
    PAPER_SIZES,
    PRINTABLE_KINDS,
    Author,
    Image,
    Material,
    PosterSpec,
    Printable,
    Span,
    Taxonomy,
)
from kitpress.problems import Mark, suggest

Choice = TypeVar("Choice", bound=str)

# A whole web address with a real host name; no spaces or ( ) < > " ' ` that end a link early.
WEB_ADDRESS = re.compile(
    r"https?://(?:[\w-]+\.)+[^\W\d_]{2,}(?::\d{1,5})?(?:[/?#][^\s()<>\"'`\\]*)?", re.IGNORECASE
)
PACK_KEYS = (
    "title", "summary", "license", "version", "updated", "scenarios", "audiences", "time",
    "cost", "difficulty", "authors", "origin", "materials", "steps", "cover", "posters",
    "printables",
)  # fmt: skip
REQUIRED = ("title", "summary", "license", "version", "updated", "scenarios", "authors")
AUTHOR_KEYS = ("name", "circle", "url")
MATERIAL_KEYS = ("name", "quantity", "cost", "optional", "note")
POSTER_KEYS = ("card", "size", "orientation")
PRINTABLE_KEYS = {
    "building-labels": ("kind", "buildings", "per_sign", "title"),
    "card-sheet": ("kind", "title"),
}


@dataclass(frozen=True)
class PackFields:
    """What pack.yml says, validated: a Pack but for its name, cards and files."""

    title: str
    summary: str
    license: str
    version: str
    updated: dt.date | None  # None when missing or wrong: the pack cannot be built
    scenarios: tuple[str, ...]
    audiences: tuple[str, ...]
    time: Span | None
    cost: Span | None
    difficulty: str
    origin: str
    authors: tuple[Author, ...]
    materials: tuple[Material, ...]
    steps: tuple[str, ...]
    cover: Image | None
    posters: tuple[PosterSpec, ...]
    printables: tuple[Printable, ...]
    steps_mark: Mark


def read_pack_fields(fields: Fields, taxonomy: Taxonomy, pack_dir: Path) -> PackFields:
    """Validate the top level of pack.yml (problems go to ``fields``)."""
    scenario = next((t.label for t in taxonomy.scenarios), "")
    examples = {**EXAMPLES, "scenarios": f"scenarios: [{scenario}]"} if scenario else EXAMPLES
    data = fields.mapping(fields.doc.data, (), PACK_KEYS, REQUIRED, examples)
    materials = _materials(fields, data)
    cost = fields.span(data, (), "cost", COST)
    _check_total(fields, cost, materials)
    return PackFields(
        title=fields.text(data, (), "title", limit=40),
        summary=fields.text(data, (), "summary", limit=200),
        license=_license(fields, data),
        version=_version(fields, data),
        updated=fields.date(data, (), "updated"),
        scenarios=fields.terms(data, (), "scenarios", "scenarios", taxonomy, required=True),
        audiences=fields.terms(data, (), "audiences", "audiences", taxonomy),
        time=fields.span(data, (), "time", TIME),
        cost=cost,
        difficulty=_difficulty(fields, data),
        origin=fields.text(data, (), "origin"),
        authors=_authors(fields, data, taxonomy),
        materials=materials,
        steps=tuple(_steps(fields, data)),
        cover=_cover(fields, data, pack_dir),
        posters=_posters(fields, data),
        printables=_printables(fields, data),
        steps_mark=fields.doc.key_mark("steps"),  # with no steps, the poster lists the cards
    )


def _license(fields: Fields, data: dict[str, Any]) -> str:
    value = fields.text(data, (), "license")
    if value and value not in LICENSES:
        hint = suggest(value.upper(), LICENSES)
        fields.report(("license",), "K109", value=value, choices=list(LICENSES), hint=hint)
    return value


def _version(fields: Fields, data: dict[str, Any]) -> str:
    value = data.get("version")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # YAML reads 1.10 as a number: show it as typed, the message says to quote it.
        fields.report(("version",), "K108", value=fields.shown(("version",), value))
        return ""
    text = fields.text(data, (), "version")
    if text and not SEMVER.match(text):
        fields.report(("version",), "K108", value=text)
    return text


def _difficulty(fields: Fields, data: dict[str, Any]) -> str:
    value = fields.text(data, (), "difficulty")
    if value and value not in DIFFICULTIES:
        fields.report(("difficulty",), "K113", value=value, hint=suggest(value, DIFFICULTIES))
    return value


def _authors(fields: Fields, data: dict[str, Any], taxonomy: Taxonomy) -> tuple[Author, ...]:
    authors = []
    circles = [t.label for t in taxonomy.circles]
    for i, item in enumerate(fields.items(data, (), "authors", required=True)):
        at: At = ("authors", i)
        if isinstance(item, str):
            item = {"name": item}
        entry = fields.mapping(item, at, AUTHOR_KEYS, ("name",))
        circle = fields.text(entry, at, "circle")
        term = taxonomy.find("circles", circle) if circle else None
        if circle and term is None:
            fields.report(
                (*at, "circle"),
                "K114",
                value=circle,
                choices=list(circles),
                hint=suggest(circle, circles),
            )
        url = fields.text(entry, at, "url")
        if url and not url.startswith(("https://", "http://")):
            fields.report((*at, "url"), "K119", value=url, hint=web_hint(url))
        elif url and not WEB_ADDRESS.fullmatch(url):
            fields.report((*at, "url"), "K209", value=url)
        name = fields.text(entry, at, "name")
        if name:
            authors.append(Author(name, term.label if term else "", url))
    return tuple(authors)


def _materials(fields: Fields, data: dict[str, Any]) -> tuple[Material, ...]:
    out = []
    for i, item in enumerate(fields.items(data, (), "materials")):
        at: At = ("materials", i)
        entry = fields.mapping(item, at, MATERIAL_KEYS, ("name",))
        name = fields.text(entry, at, "name")
        material = Material(
            name=name,
            quantity=fields.text(entry, at, "quantity"),
            cost=fields.span(entry, at, "cost", COST),
            optional=fields.flag(entry, at, "optional"),
            note=fields.text(entry, at, "note"),
        )
        if name:
            out.append(material)
    return tuple(out)


def _check_total(fields: Fields, cost: Span | None, materials: tuple[Material, ...]) -> None:
    """Warn when the pack's cost is outside what its materials add up to (K410)."""
    costed = [m for m in materials if m.cost]
    if cost is None or not costed:
        return
    needed = [m.cost for m in costed if not m.optional and m.cost]
    low = sum(c.low for c in needed)
    # Materials without a cost may cost anything: then only the lower bound is known.
    high = sum(m.cost.high for m in costed if m.cost) if len(costed) == len(materials) else None
    if cost.high < low or (high is not None and cost.low > high):
        shown = f"{low:g}" if high == low else f"{low:g}-{high or 0:g}"
        total = "at-least" if high is None else shown
        fields.report(("cost",), "K410", value=cost.text, total=total, low=f"{low:g}")


def _steps(fields: Fields, data: dict[str, Any]) -> list[str]:
    steps = []
    for i, item in enumerate(fields.items(data, (), "steps")):
        if isinstance(item, str) and item.strip():
            steps.append(item.strip())
        else:
            fields.wrong_type(("steps", i), item, str)
    return steps


def _cover(fields: Fields, data: dict[str, Any], pack_dir: Path) -> Image | None:
    if "cover" not in data:
        return None
    entry = fields.mapping(data["cover"], ("cover",), ("src", "alt"), ("src",))
    src, alt = fields.text(entry, ("cover",), "src"), fields.text(entry, ("cover",), "alt")
    if src and not alt:
        fields.report(("cover",), "K203", on_key=True, ref=src)
    if src:
        _check_cover_src(fields, src, pack_dir)
    return Image(src, alt) if src and alt else None


def _check_cover_src(fields: Fields, src: str, pack_dir: Path) -> None:
    """Report a cover that is not a picture file inside the pack."""
    if not is_relative(src):  # a picture from the web would be a request from the site
        fields.report(("cover", "src"), "K502", ref=src)
    elif code := resolve_ref(pack_dir, src)[1]:
        fields.report(("cover", "src"), code, ref=src, hint=near_miss(pack_dir, src))
    elif not is_image(src):
        fields.report(("cover", "src"), "K222", ref=src)


def _posters(fields: Fields, data: dict[str, Any]) -> tuple[PosterSpec, ...]:
    out = []
    for i, item in enumerate(fields.items(data, (), "posters")):
        at: At = ("posters", i)
        entry = fields.mapping(item, at, POSTER_KEYS, ())
        size = _choice(fields, entry, at, "size", PAPER_SIZES, "A4")
        orientation = _choice(fields, entry, at, "orientation", ORIENTATIONS, "portrait")
        card = fields.text(entry, at, "card")
        out.append(PosterSpec(card, size, orientation, fields.doc.mark(*at)))
    return tuple(out)


def _choice(
    fields: Fields,
    entry: dict[str, Any],
    at: At,
    key: str,
    choices: tuple[Choice, ...],
    default: Choice,
) -> Choice:
    value = fields.text(entry, at, key) or default
    chosen = next((choice for choice in choices if choice == value), None)
    if chosen is None:
        fields.report(
            (*at, key),
            "K304",
            key=key,
            value=value,
            choices=choices,
            hint=suggest(value, choices),
        )
        return default
    return chosen


def _printables(fields: Fields, data: dict[str, Any]) -> tuple[Printable, ...]:
    out = []
    for i, item in enumerate(fields.items(data, (), "printables")):
        at: At = ("printables", i)
        kind = item.get("kind") if isinstance(item, dict) else None
        if kind is not None and str(kind) not in PRINTABLE_KEYS:
            hint = suggest(str(kind), PRINTABLE_KINDS)
            value = fields.shown((*at, "kind"), kind)
            choices = list(PRINTABLE_KINDS)
            fields.report((*at, "kind"), "K306", value=value, choices=choices, hint=hint)
            continue
        required = ("kind", "buildings") if kind == "building-labels" else ("kind",)
        entry = fields.mapping(item, at, PRINTABLE_KEYS.get(str(kind), ("kind", "title")), required)
        if kind == "building-labels" and "buildings" in entry:
            out += _labels(fields, entry, at)
        elif kind == "card-sheet":
            title = fields.text(entry, at, "title")
            out.append(Printable("card-sheet", title=title, mark=fields.doc.mark(*at)))
    return tuple(out)


def _labels(fields: Fields, entry: dict[str, Any], at: At) -> list[Printable]:
    value = entry["buildings"]
    buildings = parse_buildings(value)
    if buildings is None:
        _report_buildings(fields, (*at, "buildings"), value)
        return []
    per_sign = entry.get("per_sign", 1)
    if isinstance(per_sign, bool) or not isinstance(per_sign, int) or not 1 <= per_sign <= 50:
        # Say "text" for "6" in quotes, and show a number out of range as it was typed.
        got = fields.shown((*at, "per_sign"), per_sign) if type(per_sign) is int else ""
        got = got or type_name(per_sign)
        fields.report((*at, "per_sign"), "K103", key="per_sign", expected="per-sign", got=got)
        per_sign = 1
    title = fields.text(entry, at, "title")
    return [Printable("building-labels", buildings, per_sign, title, fields.doc.mark(*at))]


def _report_buildings(fields: Fields, at: At, value: object) -> None:
    """Say which building is given twice, at its item when it has one, or that it is unreadable."""
    repeat = find_repeat(value)
    if repeat is None:
        fields.report(at, "K305", value=fields.shown(at, value))
    else:
        index, name = repeat
        fields.report((*at, index) if isinstance(value, list) else at, "K123", value=name)
