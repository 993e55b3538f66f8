"""Zip each pack with its sources, PDFs, license, README and manifest into downloads/."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, Template
from jinja2.sandbox import SandboxedEnvironment

from kitpress.model import LICENSES, Download, Pack, Project
from kitpress.outputs import DOWNLOADS, SUMS_PATH, bundle_path, pack_path
from kitpress.problems import ContentError, Mark, Problem, problem
from kitpress.publish.archive import Entry, cached_zip, file_sha256, place, safe_name
from kitpress.publish.pages import human_size
from kitpress.templating import word, words

BUNDLE_KINDS = ("bundle", "site-bundle")
MB = 1024 * 1024


@dataclass(frozen=True)
class Item:
    """One file of a bundle: its path inside the bundle folder, bytes and a short note."""

    name: str
    data: bytes
    note: str


def make_bundles(
    project: Project,
    downloads: tuple[Download, ...],
    pdfs: Mapping[str, bytes],
    docs_dir: Path,
    cache_dir: Path,
) -> tuple[Download, ...]:
    """Zip each pack into ``docs_dir/downloads/<slug>.zip``; ``pdfs`` holds the printed bytes.

    Every pack over the size limit is reported at once (ContentError).
    """
    made: list[Download] = []
    problems: list[Problem] = []
    for pack in project.packs:
        bundle, found = _bundle(project, pack, downloads, pdfs, docs_dir, cache_dir)
        made.append(bundle)
        problems += found
    if problems:
        raise ContentError(problems)
    return tuple(made)


def _bundle(
    project: Project,
    pack: Pack,
    downloads: tuple[Download, ...],
    pdfs: Mapping[str, bytes],
    docs_dir: Path,
    cache: Path,
) -> tuple[Download, list[Problem]]:
    """Make (or reuse) one pack's zip, place it in the docs and describe it."""
    items = pack_items(project, pack, downloads, pdfs)
    entries = [Entry(f"{pack.slug}/{item.name}", item.data) for item in items]
    zipped = cached_zip(entries, project.settings.source_date, cache / "bundles" / pack.slug)
    size = zipped.stat().st_size
    path = bundle_path(pack)
    problems = size_problems(pack, size, project.settings.bundle_limit_mb)
    if not problems:  # a zip over the limit is never offered
        place(zipped, docs_dir / path)
    title = word(words(project.settings.root), "bundle-title", pack=pack.title)
    made = Download(path, "bundle", title, size, file_sha256(zipped), pack=pack.slug)
    return made, problems


def pack_items(
    project: Project,
    pack: Pack,
    downloads: tuple[Download, ...],
    pdfs: Mapping[str, bytes],
    in_folder: bool = False,
) -> list[Item]:
    """List every file of a pack's bundle: sources, PDFs, LICENSE, README and manifest.

    ``in_folder`` lays them out as the pack's folder in the everything zip's offline copy
    (``downloads/<slug>/``): each PDF where the site keeps it, not below ``pdf/``.
    """
    folder = project.settings.root / pack.folder
    found = words(project.settings.root)
    items = [
        Item(
            f"source/{safe_name(rel)}", (folder / rel).read_bytes(), _source_note(pack, rel, found)
        )
        for rel in pack.files
    ]
    items += [
        _pdf_item(pack, d, pdfs[d.path], found, in_folder)
        for d in downloads
        if _is_pack_file(d, pack)
    ]
    items.append(Item("LICENSE", license_text(pack.license).encode(), found["note-license"]))
    readme = _pack_readme(project, pack, items, downloads, in_folder)
    meta: dict[str, object] = {
        "pack": pack.slug,
        "title": pack.title,
        "version": pack.version,
        "license": pack.license,
        "url": project.settings.page_url(pack_path(pack)),
    }
    return with_readme(items, readme, meta, project.settings.source_date, found)


def with_readme(
    items: list[Item],
    readme: str,
    meta: dict[str, object],
    built: dt.datetime,
    found: Mapping[str, str],
) -> list[Item]:
    """Add README.md and a manifest.json that lists every other file with size and hash."""
    items = [*items, Item("README.md", readme.encode(), found["note-readme"])]
    files = [
        {"path": i.name, "size": len(i.data), "sha256": hashlib.sha256(i.data).hexdigest()}
        for i in sorted(items, key=lambda i: i.name)
    ]
    manifest = {**meta, "build_date": iso_date(built), "files": files}
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    return [*items, Item("manifest.json", text.encode(), found["note-manifest"])]


def listing(items: Iterable[Item], found: Mapping[str, str]) -> list[dict[str, str]]:
    """Describe files for a README table, README and manifest included (sizes unknown)."""
    named = [{"name": i.name, "note": i.note, "size": human_size(len(i.data))} for i in items]
    named += [
        {"name": "README.md", "note": found["note-readme"], "size": "—"},
        {"name": "manifest.json", "note": found["note-manifest"], "size": "—"},
    ]
    return sorted(named, key=lambda f: f["name"])


def _pack_readme(
    project: Project,
    pack: Pack,
    items: list[Item],
    downloads: tuple[Download, ...],
    in_folder: bool,
) -> str:
    """Render the Chinese README of a pack's bundle (or of its folder in the offline copy)."""
    pdfs = [
        {
            "name": _pdf_name(pack, d, in_folder),
            "title": d.title,
            "paper": d.paper,
            "pages": d.pages,
        }
        for d in downloads
        if _is_pack_file(d, pack)
    ]
    label, deed = LICENSES[pack.license]
    return render_readme(
        "pack.md.j2",
        pack=pack,
        url=project.settings.page_url(pack_path(pack)),
        built=project.settings.source_date.date().isoformat(),
        files=listing(items, words(project.settings.root)),
        pdfs=pdfs,
        license_label=label,
        license_url=deed,
        license_summary=words(project.settings.root).get(f"license-{pack.license}", ""),
        credit="、".join(a.name for a in pack.authors),
        repo_url=project.settings.repo_url,
        in_folder=in_folder,
    )


def read_tree(folder: Path) -> list[tuple[str, bytes]]:
    """Read the files a build wrote below ``folder`` (the offline copy), in a stable order."""
    found = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        hidden = any(part.startswith(".") for part in rel.split("/"))
        if path.is_file() and not path.is_symlink() and not hidden:
            found.append((safe_name(rel), path.read_bytes()))
    return found


def size_problems(pack: Pack, size: int, limit_mb: float) -> list[Problem]:
    """Report a pack whose zip is over the size limit (K501), else nothing."""
    if size <= limit_mb * MB:
        return []
    mark = Mark(f"{pack.folder}/pack.yml")
    return [problem(mark, "K501", size=_megabytes(size), limit=f"{limit_mb:g}")]


def _megabytes(size: int) -> str:
    """Format a byte count in MB with enough digits to differ from a small limit."""
    value = size / MB
    return f"{value:.2f}" if value >= 1 else f"{value:.3g}"


def write_checksums(docs_dir: Path, downloads: Iterable[Download]) -> Path:
    """Write ``downloads/SHA256SUMS`` for every download, in ``sha256sum -c`` format."""
    prefix = f"{DOWNLOADS}/"
    # Every download already carries its checksum: no need to read the files again.
    sums = {d.path: d.sha256 for d in downloads if d.path.startswith(prefix)}
    lines = [f"{sums[p]}  {p.removeprefix(prefix)}" for p in sorted(sums)]
    out = docs_dir / SUMS_PATH
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)  # may be a hard link into the other copy's docs
    out.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return out


def license_text(license_id: str) -> str:
    """Return the full legal text of a license kitpress knows."""
    if license_id not in LICENSES:
        raise ValueError(f"no license text for {license_id}")
    data = resources.files("kitpress").joinpath("data", "licenses", f"{license_id}.txt")
    return data.read_text(encoding="utf-8")


def render_readme(template: str, **values: Any) -> str:
    """Render a README template from kitpress/data/readme."""
    return _readme_template(template).render(**values)


@functools.cache
def _readme_template(name: str) -> Template:
    """Compile a README template once a process: a build writes one README a pack."""
    text = resources.files("kitpress").joinpath("data", "readme", name).read_text("utf-8")
    return _environment().from_string(text)


def iso_date(when: dt.datetime) -> str:
    """Format a build date as ISO 8601 in UTC."""
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@functools.cache
def _environment() -> SandboxedEnvironment:
    """Make the Jinja2 environment for README text (plain Markdown, never HTML)."""
    return SandboxedEnvironment(
        autoescape=False,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _is_pack_file(download: Download, pack: Pack) -> bool:
    """Tell whether a download is one of the pack's posters or sheets."""
    return download.pack == pack.slug and download.kind not in BUNDLE_KINDS


def pack_folder(pack: Pack) -> str:
    """Return the site folder of a pack's PDFs, which holds all its files in the offline copy."""
    return f"{DOWNLOADS}/{pack.slug}"


def _pdf_name(pack: Pack, download: Download, in_folder: bool = False) -> str:
    """Name a poster or sheet inside the bundle: pdf/ plus its path below downloads/<slug>/.

    In the pack's folder of the offline copy the PDF is where the site keeps it: no pdf/.
    """
    prefix = f"{pack_folder(pack)}/"
    rel = download.path.removeprefix(prefix)
    name = rel if download.path.startswith(prefix) else rel.split("/")[-1]
    return safe_name(name if in_folder else f"pdf/{name}")


def _pdf_item(
    pack: Pack, download: Download, pdf: bytes, found: Mapping[str, str], in_folder: bool
) -> Item:
    """Put a printed poster or sheet in the bundle, noted with its title, paper and pages."""
    note = download.title
    if download.paper:
        note += word(found, "note-paper", paper=download.paper)
    if download.pages:
        note += word(found, "note-pages", pages=download.pages)
    return Item(_pdf_name(pack, download, in_folder), pdf, note)


def _source_note(pack: Pack, rel: str, found: Mapping[str, str]) -> str:
    """Say in a few words what a source file of the pack is."""
    if rel == "pack.yml":
        return found["note-pack"]
    if rel.startswith("cards/") and rel.endswith(".md"):
        card = pack.card(rel.removeprefix("cards/").removesuffix(".md"))
        return word(found, "note-card", title=card.title) if card else found["note-cards"]
    if rel.startswith("assets/"):
        return found["note-assets"]
    return found["note-other"]
