"""Load and validate every pack of a project into the immutable model."""

from __future__ import annotations

import datetime as dt
import posixpath
from pathlib import Path
from urllib.parse import unquote

from kitpress.content.cards import from_pack, load_cards
from kitpress.content.document import Document, parse_yaml, read_text
from kitpress.content.fields import Fields
from kitpress.content.files import (
    check_assets,
    check_files,
    hard_links_below,
    shipped_files,
    symlinks_below,
    walk_files,
)
from kitpress.content.markup import is_relative, scan, text_field_problems, unsafe_problem
from kitpress.content.packfile import PackFields, read_pack_fields
from kitpress.content.taxonomy import load_taxonomy
from kitpress.model import Card, Pack, Project, Settings, Taxonomy
from kitpress.outputs import generated_pages
from kitpress.problems import Mark, Problem, problem, sort_problems, suggest

PACK_ENTRIES = ("pack.yml", "cards", "assets")


def inspect_project(root: Path, settings: Settings) -> tuple[Project, list[Problem]]:
    """Load the project and return it with all problems found, errors and warnings.

    Names are not judged here: outputs.plan_site does that for check, build and new alike.
    """
    taxonomy, problems = load_taxonomy(root)
    packs: list[Pack] = []
    names: list[str] = []
    folders = sorted((root / "packs").iterdir()) if (root / "packs").is_dir() else []
    for folder in folders:
        rel = f"packs/{folder.name}"
        if folder.is_symlink():
            problems.append(problem(Mark(rel), "K204", ref=rel))
            continue
        if not folder.is_dir():
            continue
        names.append(folder.name)
        pack, found = _load_pack(folder, rel, taxonomy)
        problems += found
        if pack:
            packs.append(pack)
    problems += _check_content(root)
    content = root / "content"
    files = tuple(
        path.relative_to(content).as_posix()
        for path in walk_files(content)
        if path.relative_to(content).as_posix() != "taxonomy.yml"
    )
    project = Project(settings, taxonomy, tuple(packs), tuple(names), page_names(content), files)
    return project, sort_problems(problems + _page_links(root, project))


def page_names(content: Path) -> tuple[str, ...]:
    """Name the site addresses content/ takes: about for about.md, and each folder."""
    if not content.is_dir():
        return ()
    entries = sorted(content.iterdir())
    pages = [p.stem for p in entries if p.suffix == ".md" and p.is_file()]
    return tuple(pages + [p.name for p in entries if p.is_dir() and not p.is_symlink()])


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


def _page_links(root: Path, project: Project) -> list[Problem]:
    """Report links in content/'s pages to pages the site will not have (MkDocs refuses them).

    A pack removed or renamed leaves such links behind; only links to .md pages are judged.
    """
    pages = [f for f in project.content_files if f.endswith(".md")]
    known = generated_pages(project) | set(pages)
    out = []
    for page in pages:
        rel = f"content/{page}"
        text, _ = read_text(root / rel, rel)  # an unreadable page is reported already
        for f in scan(text or ""):
            target = unquote(f.ref.split("#")[0].split("?")[0]) if f.code == "link" else ""
            if not target.endswith(".md") or not is_relative(f.ref):
                continue
            found = posixpath.normpath(posixpath.join(posixpath.dirname(page), target))
            if found not in known:
                # Compared without index.md, which every folder's page shares.
                folders = {k.removesuffix("index.md"): k for k in known}
                close = suggest(found.removesuffix("index.md"), folders)
                near = folders[close] if close else ""
                hint = posixpath.relpath(near, posixpath.dirname(page) or ".") if near else ""
                out.append(problem(Mark(rel, f.line, f.col), "K201", ref=f.ref, hint=hint))
    return out


def _load_pack(folder: Path, rel: str, taxonomy: Taxonomy) -> tuple[Pack | None, list[Problem]]:
    """Read one pack folder; return the pack (None if it cannot be built) and its problems."""
    source = f"{rel}/pack.yml"
    problems = [
        problem(Mark(f"{rel}/{ref}"), "K204", ref=ref)
        for ref in (link.relative_to(folder).as_posix() for link in symlinks_below(folder))
    ]
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
        return None, [*problems, problem(Mark(source), "K201", ref="pack.yml")]
    text, read_problems = read_text(folder / "pack.yml", source)
    problems += read_problems
    if text is None:
        return None, problems
    doc, yaml_problems = parse_yaml(text, source)
    problems += yaml_problems
    if doc.data is None and yaml_problems:
        return None, problems
    fields = Fields(doc)
    values = read_pack_fields(fields, taxonomy, folder)
    problems += fields.problems + text_field_problems(doc)
    problems += _check_cards(doc, values, cards, source)
    problems += _unused_assets(values, cards, folder, rel)
    if values.updated is None:
        return None, problems
    return _pack(folder, source, cards, values, values.updated), problems


def _pack(
    folder: Path, source: str, cards: tuple[Card, ...], f: PackFields, updated: dt.date
) -> Pack:
    """Put a pack's validated fields, cards and files together."""
    return Pack(
        slug=folder.name,
        title=f.title,
        summary=f.summary,
        license=f.license,
        version=f.version,
        updated=updated,
        scenarios=f.scenarios,
        authors=f.authors,
        source=source,
        audiences=f.audiences,
        time=f.time,
        cost=f.cost,
        difficulty=f.difficulty,
        origin=f.origin,
        materials=f.materials,
        steps=f.steps,
        cover=f.cover,
        posters=f.posters,
        printables=f.printables,
        cards=cards,
        steps_mark=f.steps_mark,
        files=shipped_files(folder),
    )


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


def _check_cards(
    doc: Document, values: PackFields, cards: tuple[Card, ...], source: str
) -> list[Problem]:
    """Report posters that name a missing card, and a pack with no cards at all."""
    out = []
    names = [c.slug for c in cards]
    slugs = {c.slug for c in cards} | {f"{c.order:02d}-{c.slug}" for c in cards}
    for i, spec in enumerate(values.posters):
        if spec.card and spec.card not in slugs:
            mark = doc.mark("posters", i, "card")
            out.append(problem(mark, "K303", card=spec.card, choices=names))
    if not cards:
        out.append(problem(Mark(source), "K402"))
    return out


def _unused_assets(
    values: PackFields, cards: tuple[Card, ...], folder: Path, rel: str
) -> list[Problem]:
    """Warn about files in assets/ that nothing in the pack refers to."""
    used = {posixpath.normpath(values.cover.src)} if values.cover else set()
    texts = [("cards", c.body) for c in cards] + [("", s) for s in values.steps]
    for base, text in texts:
        for f in scan(text):
            if not f.ref:
                continue
            # "assets/x.png" in a card is reported with its fix (../assets/x.png), not as unused
            base_of = "" if base and from_pack(folder, f.ref) else base
            used.add(posixpath.normpath(posixpath.join(base_of, unquote(f.ref))))
    out = []
    for path in walk_files(folder / "assets"):
        ref = path.relative_to(folder).as_posix()
        if ref not in used and not path.name.startswith("."):
            out.append(problem(Mark(f"{rel}/{ref}"), "K403", ref=ref))
    return out
