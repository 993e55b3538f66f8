"""Files in a pack: refs that stay inside it, and only kinds a browser will not run."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from kitpress.content.svg import check_svg
from kitpress.problems import Mark, Problem, problem


def resolve_ref(pack_dir: Path, ref: str, base: str = "") -> tuple[Path | None, str]:
    """Resolve ``ref`` (relative to ``base`` inside the pack) to a file, or name the problem.

    Returns (path, "") when fine, else (None, code) with K202 (leaves the pack),
    K204 (a symbolic link), K224 (a backslash) or K201 (missing).
    """
    # A web address spells "a b.png" as "a%20b.png"; decoded first, so "%2e%2e/" is ".." too.
    ref = unquote(ref.strip().split("#")[0].split("?")[0])
    if "\\" in ref:  # Windows writes paths so; the web and MkDocs do not read them
        return None, "K224"
    posix = PurePosixPath(ref.replace("\\", "/"))
    if posix.is_absolute() or ref.startswith("~") or (len(ref) > 1 and ref[1] == ":"):
        return None, "K202"
    joined = PurePosixPath(base) / posix
    parts: list[str] = []
    for part in joined.parts:
        if part == "..":
            if not parts:
                return None, "K202"
            parts.pop()
        elif part != ".":
            parts.append(part)
    try:
        current = _walk_down(pack_dir, parts)
    except OSError:  # a name too long for the file system: no such file can exist
        return None, "K201"
    if current is None:
        return None, "K204"
    if not current.is_file():
        return None, "K201"
    if not current.resolve().is_relative_to(pack_dir.resolve()):
        return None, "K202"  # a mount or a linked parent: the file is not where it seems
    if is_hard_link(current):
        return None, "K231"
    return current, ""


def _walk_down(pack_dir: Path, parts: list[str]) -> Path | None:
    """Follow ``parts`` down from ``pack_dir``; None when one of them is a symbolic link."""
    current = pack_dir
    for part in parts:
        current = current / part
        if current.is_symlink():
            return None
    return current


def near_miss(pack_dir: Path, ref: str, base: str = "") -> str:
    """Suggest the pack file that ``ref`` names but for letter case or backslashes."""
    wanted = posixpath.normpath(posixpath.join(base, ref.strip().replace("\\", "/"))).lower()
    for path in walk_files(pack_dir):
        rel = path.relative_to(pack_dir).as_posix()
        if rel.lower() == wanted:
            return posixpath.relpath(rel, base or ".")
    return ""


# Builder-machine litter that is never part of a pack, even when it sits in the folder.
JUNK = frozenset({"Thumbs.db", "desktop.ini", "__pycache__"})


def shipped_files(folder: Path) -> tuple[str, ...]:
    """List the files of a pack that its zip and pages carry, relative to the pack folder.

    Hidden files, editor backups and builder litter stay out, and so does anything reached
    through a symbolic link (reported as K204 anyway).
    """
    base = folder.resolve()
    found = []
    for path in walk_files(folder):
        rel = path.relative_to(folder).as_posix()
        if any(p.startswith(".") or p in JUNK or p.endswith("~") for p in rel.split("/")):
            continue
        if path.resolve().is_relative_to(base):  # else a linked parent folder: elsewhere
            found.append(rel)
    return tuple(found)


def walk_files(folder: Path) -> list[Path]:
    """List the regular files below ``folder`` in a stable order, skipping links of any kind."""
    return [p for p in _regular_files(folder) if not is_hard_link(p) and _stays_in(p, folder)]


def hard_links_below(folder: Path) -> list[Path]:
    """List the files below ``folder`` that are hard links, or whose real path is elsewhere."""
    return [p for p in _regular_files(folder) if is_hard_link(p) or not _stays_in(p, folder)]


def is_hard_link(path: Path) -> bool:
    """Tell whether a file has other names too: its bytes may be any file of the machine."""
    # git stores no hard links, so only a local checkout has them; a link to ~/.ssh/id_rsa
    # would be published like any asset.
    return path.lstat().st_nlink > 1


def _stays_in(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def _regular_files(folder: Path) -> list[Path]:
    return [path for path in _entries(folder) if path.is_file() and not path.is_symlink()]


def odd_files_below(folder: Path) -> list[Path]:
    """List what is below ``folder`` but is neither a folder, a file nor a link (a pipe…)."""
    return [p for p in _entries(folder) if not (p.is_symlink() or p.is_dir() or p.is_file())]


def symlinks_below(folder: Path) -> list[Path]:
    """List every symbolic link below ``folder`` (not followed)."""
    return [path for path in _entries(folder) if path.is_symlink()]


def _entries(folder: Path) -> Iterator[Path]:
    """Yield everything below ``folder`` in sorted order, never entering a linked folder."""
    if not folder.is_dir() or folder.is_symlink():
        return  # a linked folder is reported (K204), never walked: it may be anywhere
    for path in sorted(folder.iterdir()):
        yield path
        if path.is_dir() and not path.is_symlink():
            yield from _entries(path)


IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")
# Files are copied onto the site's own origin: a page, script or Markdown file there would run
# (or be rendered by MkDocs) as part of the site, so only passive kinds are allowed.
ASSET_SUFFIXES = (
    *IMAGE_SUFFIXES,
    ".pdf", ".txt", ".csv", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx",
    ".odt", ".ods", ".odp", ".mp3", ".m4a", ".mp4",
)  # fmt: skip
MB = 1024 * 1024
# Each file goes into the pack's zip, which is made in memory, and onto phones over mobile
# data; a poster needs no picture over a few MB. Checked from the size, before any byte is read.
MAX_FILE_BYTES = 10 * MB
_MAGIC = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"WEBP",),  # bytes 8-12 of a RIFF file
}


def check_assets(folder: Path, rel: str) -> list[Problem]:
    """Report asset files of a kind the site may not serve, and SVGs that could run code."""
    return check_files(folder, rel, "assets")


def check_files(
    folder: Path, rel: str, below: str = "", also: tuple[str, ...] = ()
) -> list[Problem]:
    """Check the kind of every file below ``folder/below`` (content pages may be .md, .yml)."""
    out = [
        problem(Mark(f"{rel}/{p.relative_to(folder).as_posix()}"), "K225", ref=p.name)
        for p in odd_files_below(folder / below)
    ]
    out += [
        problem(Mark(f"{rel}/{ref}"), "K231", ref=ref)
        for p in hard_links_below(folder / below)
        for ref in [p.relative_to(folder).as_posix()]
    ]
    for path in walk_files(folder / below):
        if path.name.startswith(".") or path.suffix in also:
            continue
        ref = path.relative_to(folder).as_posix()
        if (size := path.stat().st_size) > MAX_FILE_BYTES:
            shown = {"size": f"{size / MB:.1f}", "limit": MAX_FILE_BYTES // MB}
            out.append(problem(Mark(f"{rel}/{ref}"), "K232", ref=ref, **shown))
        elif path.suffix.lower() not in ASSET_SUFFIXES:
            kinds = [s.lstrip(".") for s in ASSET_SUFFIXES]
            out.append(problem(Mark(f"{rel}/{ref}"), "K220", ref=ref, choices=kinds))
        elif path.suffix.lower() == ".svg":
            out += check_svg(path, f"{rel}/{ref}", ref)
        elif not _looks_like(path):
            out.append(problem(Mark(f"{rel}/{ref}"), "K226", ref=ref))
    return out


def _looks_like(path: Path) -> bool:
    """Tell whether a picture's first bytes agree with its name (a page named .png does not)."""
    magic = _MAGIC.get(path.suffix.lower())
    if magic is None:
        return True
    with path.open("rb") as file:
        head = file.read(12)
    return any(head.startswith(m) or (m == b"WEBP" and head[8:12] == m) for m in magic)


def is_image(ref: str) -> bool:
    """Tell whether a path names a picture a page can show."""
    return ref.lower().endswith(IMAGE_SUFFIXES)
