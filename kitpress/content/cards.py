"""Read the cards of a pack: cards/NN-<slug>.md with front matter and a Markdown body."""

from __future__ import annotations

import re
from pathlib import Path

from kitpress.content.document import (
    KB,
    front_matter_problem,
    parse_yaml,
    read_text,
    split_front_matter,
)
from kitpress.content.fields import Fields
from kitpress.content.files import near_miss, resolve_ref
from kitpress.content.markup import (
    Finding,
    is_relative,
    scan,
    text_field_problems,
    unsafe_problem,
    web_hint,
)
from kitpress.content.quantities import COST, TIME
from kitpress.model import Card, Taxonomy
from kitpress.problems import Mark, Problem, problem

CARD_NAME = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
# A card's page is <pack>/<card>/: these names are the pack's own page and its files.
RESERVED_CARDS = ("index", "assets")
CARD_KEYS = ("title", "summary", "time", "cost", "audiences", "poster", "checkin")
# A card is one poster: the longest that fits is a few KB. Far more is a pasted book, and
# every card is rendered, scanned and laid out several times.
MAX_CARD_BYTES = 200 * KB
MAX_CARDS = 100  # the two-digit numbers 00-99: each card needs its own


def load_cards(
    pack_dir: Path, rel_dir: str, taxonomy: Taxonomy
) -> tuple[tuple[Card, ...], list[Problem]]:
    """Read every card file of a pack, in the order of their numbers."""
    folder = pack_dir / "cards"
    problems: list[Problem] = []
    cards: list[Card] = []
    if not folder.is_dir():
        return (), problems
    count = 0
    for path in sorted(folder.iterdir()):
        rel = f"{rel_dir}/cards/{path.name}"
        name = CARD_NAME.match(path.name)
        if path.name.startswith("."):
            continue  # .gitkeep, .DS_Store: kept by tools, never cards (as in assets/)
        count += bool(name)
        if count > MAX_CARDS:  # the rest stays unread: time and memory stay bounded
            problems.append(problem(Mark(rel), "K235", limit=MAX_CARDS, count=count))
            break
        if path.is_symlink():
            problems.append(problem(Mark(rel), "K204", ref=f"cards/{path.name}"))
        elif name and not path.is_dir() and not path.is_file():
            problems.append(problem(Mark(rel), "K225", ref=path.name))
        elif not name or not path.is_file():
            problems.append(_bad_name(rel, path.name))
        elif name.group(2) in RESERVED_CARDS:
            problems.append(problem(Mark(rel), "K320", name=name.group(2)))
        else:
            order, slug = int(name.group(1)), name.group(2)
            card, found = _load_card(path, rel, order, slug, taxonomy, pack_dir)
            problems += found
            if card:
                cards.append(card)
    problems += _duplicates(cards)
    return tuple(cards), problems


def _bad_name(rel: str, name: str) -> Problem:
    """Refuse a card file name, with an example that keeps its number and a fix when one is sure."""
    number = name[:2] if name[:2].isdigit() else "01"
    fixed = re.sub(r"[\s_]+", "-", name.strip().lower())
    hint = fixed if CARD_NAME.match(fixed) and fixed != name else ""
    return problem(Mark(rel), "K301", name=name, example=f"{number}-door-note.md", hint=hint)


def _load_card(
    path: Path, rel: str, order: int, slug: str, taxonomy: Taxonomy, pack_dir: Path
) -> tuple[Card | None, list[Problem]]:
    """Read one card file; return the card (None if unreadable) and its problems."""
    text, problems = read_text(path, rel, MAX_CARD_BYTES, "K233")
    if text is None:
        return None, problems
    split = split_front_matter(text)
    if split is None:
        return None, [front_matter_problem(text, rel)]
    head, body, body_line = split
    doc, yaml_problems = parse_yaml(head, rel, line_offset=1, empty_ok=True)
    fields = Fields(doc)
    # Front matter YAML could not read has no fields worth checking: its problem says why.
    data = fields.mapping(doc.data, (), CARD_KEYS, ("title",)) if doc.data is not None else {}
    card = Card(
        slug=slug,
        order=order,
        title=fields.text(data, (), "title", limit=40),
        body=body.strip("\n"),
        source=rel,
        summary=fields.text(data, (), "summary", limit=200),
        time=fields.span(data, (), "time", TIME),
        cost=fields.span(data, (), "cost", COST),
        audiences=fields.terms(data, (), "audiences", "audiences", taxonomy),
        poster=fields.flag(data, (), "poster"),
        checkin=fields.text(data, (), "checkin", limit=200),
        body_mark=_body_start(body, body_line, rel),
    )
    problems = yaml_problems + _check_body(body, body_line, rel, pack_dir)
    # summary, checkin… are Markdown on the page
    return card, problems + fields.problems + text_field_problems(doc)


def _body_start(body: str, first_line: int, rel: str) -> Mark:
    """Return where a card's body text starts: its first line that is not blank."""
    lines = body.splitlines()
    blank = next((i for i, line in enumerate(lines) if line.strip()), 0)
    return Mark(rel, first_line + blank)


def _check_body(body: str, first_line: int, rel: str, pack_dir: Path) -> list[Problem]:
    """Report scripts, unsafe links, missing files and images without alt text."""
    out: list[Problem] = []
    for f in scan(body):
        mark = Mark(rel, first_line + f.line - 1, f.col)
        found = unsafe_problem(f, mark)
        out += [found] if found else _ref_problems(f, pack_dir, mark)
    return out


def _ref_problems(f: Finding, pack_dir: Path, mark: Mark) -> list[Problem]:
    """Name what is wrong with one link or image found in a card's body."""
    out = [problem(mark, "K203", ref=f.ref)] if f.code == "image" and not f.detail.strip() else []
    if f.code == "image" and not is_relative(f.ref):
        out.append(problem(mark, "K502", ref=f.ref))  # a web picture: a request from the site
    elif is_relative(f.ref) and _path_part(f.ref):
        code = _target_code(pack_dir, f.ref)
        if code == "K201" and (hint := web_hint(f.ref)):
            out.append(problem(mark, "K119", value=f.ref, hint=hint))
        elif code:
            out.append(problem(mark, code, ref=f.ref, hint=_ref_hint(pack_dir, f.ref, code)))
    return out


def _ref_hint(pack_dir: Path, ref: str, code: str) -> str:
    """Suggest the path a missing card ref meant: assets/x.png written for ../assets/x.png."""
    if code != "K201":
        return ""
    if from_pack(pack_dir, ref):
        return f"../{_path_part(ref)}"
    return near_miss(pack_dir, _path_part(ref), base="cards")


def from_pack(pack_dir: Path, ref: str) -> bool:
    """Tell whether a card's ref names a pack file when read from the pack folder, not cards/."""
    part = _path_part(ref)
    return not part.startswith("../") and resolve_ref(pack_dir, part)[0] is not None


def _path_part(ref: str) -> str:
    return ref.strip().split("#")[0].split("?")[0]


def _target_code(pack_dir: Path, ref: str) -> str:
    """Name the problem with a card's relative link or image, or return ""."""
    path, code = resolve_ref(pack_dir, ref, base="cards")
    if path is None:
        return code
    # pages.py can only point at other cards (cards/NN-name.md) and copied assets/ files.
    target = path.relative_to(pack_dir).as_posix()
    if target.startswith("assets/") or re.fullmatch(r"cards/\d{2}-[a-z0-9-]+\.md", target):
        return ""
    return "K207"


def _duplicates(cards: list[Card]) -> list[Problem]:
    problems = []
    by_order: dict[int, Card] = {}
    by_slug: dict[str, Card] = {}
    for card in cards:
        if card.order in by_order:
            other = by_order[card.order].source
            problems.append(
                problem(Mark(card.source), "K307", order=f"{card.order:02d}", other=other)
            )
        if card.slug in by_slug:
            problems.append(
                problem(Mark(card.source), "K308", name=card.slug, other=by_slug[card.slug].source)
            )
        by_order.setdefault(card.order, card)
        by_slug.setdefault(card.slug, card)
    return problems
