"""Load and validate every pack of a project into the immutable model."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote

from kitpress.content.cards import load_cards
from kitpress.content.document import parse_yaml, read_text
from kitpress.content.fields import Fields
from kitpress.content.files import (
    check_assets,
    check_files,
    hard_links_below,
    symlinks_below,
    walk_files,
)
from kitpress.content.markup import scan, text_field_problems, unsafe_problem
from kitpress.content.packfile import read_pack_fields
from kitpress.content.taxonomy import load_taxonomy
from kitpress.model import Pack, Project, Settings, Taxonomy
from kitpress.outputs import RESERVED, SLUG
from kitpress.problems import (
    Mark,
    Problem,
    problem,
    sort_problems,
    suggest,
)

PACK_ENTRIES = ("pack.yml", "cards", "assets")


def inspect_project(root: Path, settings: Settings) -> tuple[Project, list[Problem]]:
    """Load the project and return it with all problems found, errors and warnings."""
    taxonomy, problems = load_taxonomy(root)
    packs: list[Pack] = []
    taken = RESERVED | {p.stem for p in (root / "content").glob("*.md")}
    folders = sorted((root / "packs").iterdir()) if (root / "packs").is_dir() else []
    owners = _first_of_each_name([f for f in folders if f.is_dir()])
    for folder in folders:
        rel = f"packs/{folder.name}"
        if folder.is_symlink():
            problems.append(problem(Mark(rel), "K204", ref=rel))
            continue
        if not folder.is_dir():
            continue
        problems += _check_slug(folder.name, rel, taken, owners)
        pack = _load_pack(folder, rel, taxonomy, problems)
        if pack:
            packs.append(pack)
    problems += _check_content(root)
    return Project(settings, taxonomy, tuple(packs)), sort_problems(problems)


def _check_content(root: Path) -> list[Problem]:
    """Report scripts and unsafe links in the site's own pages and files kinds in content/."""
    out = check_files(root / "content", "content", also=(".md", ".yml"))
    for path in walk_files(root / "content"):
        if path.suffix != ".md":
            continue
        rel = path.relative_to(root).as_posix()
        text, read_problems = read_text(path, rel)
        out += read_problems
        found = (unsafe_problem(f, Mark(rel, f.line, f.col)) for f in scan(text or ""))
        out += [p for p in found if p]
    return out


def _check_slug(slug: str, rel: str, taken: set[str], owners: dict[str, str]) -> list[Problem]:
    mark = Mark(f"{rel}/pack.yml")
    out = []
    if not SLUG.match(slug):
        out.append(problem(mark, "K105", slug=slug))
    elif slug in taken:
        out.append(problem(mark, "K118", slug=slug))
    if owners.get(slug.lower(), rel) != rel:
        out.append(problem(mark, "K106", slug=slug, other=owners[slug.lower()]))
    return out


def _first_of_each_name(folders: list[Path]) -> dict[str, str]:
    """Map each lower-cased pack name to the folder that keeps it: the all-lowercase one."""
    # Folders differing only in case clash on macOS and Windows; blame the one that differs.
    kept: dict[str, str] = {}
    for folder in sorted(folders, key=lambda f: (f.name != f.name.lower(), f.name)):
        kept.setdefault(folder.name.lower(), f"packs/{folder.name}")
    return kept


def _load_pack(folder: Path, rel: str, taxonomy: Taxonomy, problems: list[Problem]) -> Pack | None:
    source = f"{rel}/pack.yml"
    for link in symlinks_below(folder):
        ref = link.relative_to(folder).as_posix()
        problems.append(problem(Mark(f"{rel}/{ref}"), "K204", ref=ref))
    problems += _stray_entries(folder, rel)
    problems += check_assets(folder, rel)
    for path in hard_links_below(folder):  # pack.yml and cards; assets/ are checked above
        ref = path.relative_to(folder).as_posix()
        if not ref.startswith("assets/"):
            problems.append(problem(Mark(f"{rel}/{ref}"), "K231", ref=ref))
    # Cards are read even when pack.yml is broken, so every problem shows at once.
    cards, card_problems = load_cards(folder, rel, taxonomy)
    problems += card_problems
    if not (folder / "pack.yml").is_file():
        problems.append(problem(Mark(source), "K201", ref="pack.yml"))
        return None
    text, read_problems = read_text(folder / "pack.yml", source)
    problems += read_problems
    if text is None:
        return None
    doc, yaml_problems = parse_yaml(text, source)
    problems += yaml_problems
    if doc.data is None and yaml_problems:
        return None
    fields = Fields(doc, problems)
    values = read_pack_fields(fields, taxonomy, folder)
    problems += text_field_problems(doc)
    pack = Pack(slug=folder.name, source=source, cards=cards, **values)
    problems += _check_cards(pack, fields)
    problems += _unused_assets(pack, folder)
    return pack if pack.updated else None


def _stray_entries(folder: Path, rel: str) -> list[Problem]:
    """Report files and folders in a pack that kitpress would silently leave out."""
    out = []
    for path in sorted(folder.iterdir()):
        if path.name in PACK_ENTRIES or path.name.startswith("."):
            continue
        hint = suggest(path.name.lower(), PACK_ENTRIES)
        if not hint and path.suffix == ".md":
            hint = f"cards/{path.name}"  # a card written beside pack.yml instead of in cards/
        out.append(problem(Mark(f"{rel}/{path.name}"), "K223", ref=path.name, hint=hint))
    return out


def _check_cards(pack: Pack, fields: Fields) -> list[Problem]:
    """Report posters that name a missing card, and a pack with no cards at all."""
    out = []
    names = [c.slug for c in pack.cards]
    for i, spec in enumerate(pack.posters):
        if spec.card and pack.card(spec.card) is None:
            out.append(
                problem(
                    fields.doc.mark("posters", i, "card"), "K303", card=spec.card, choices=names
                )
            )
    if not pack.cards:
        out.append(problem(Mark(pack.source), "K402"))
    return out


def _unused_assets(pack: Pack, folder: Path) -> list[Problem]:
    """Warn about files in assets/ that nothing in the pack refers to."""
    used = {posixpath.normpath(pack.cover.src)} if pack.cover else set()
    texts = [("cards", c.body) for c in pack.cards] + [("", s) for s in pack.steps]
    for base, text in texts:
        used |= {
            posixpath.normpath(posixpath.join(base, unquote(f.ref))) for f in scan(text) if f.ref
        }
    out = []
    for path in walk_files(folder / "assets"):
        ref = path.relative_to(folder).as_posix()
        if ref not in used and not path.name.startswith("."):
            out.append(problem(Mark(f"{pack.folder}/{ref}"), "K403", ref=ref))
    return out
