"""Check that files a pack refers to exist and stay inside the pack folder."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from urllib.parse import unquote


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
    current = pack_dir
    for part in parts:
        current = current / part
        if current.is_symlink():
            return None, "K204"
    if not current.is_file():
        return None, "K201"
    return current, ""


def near_miss(pack_dir: Path, ref: str, base: str = "") -> str:
    """Suggest the pack file that ``ref`` names but for letter case or backslashes."""
    wanted = posixpath.normpath(posixpath.join(base, ref.strip().replace("\\", "/"))).lower()
    for path in walk_files(pack_dir):
        rel = path.relative_to(pack_dir).as_posix()
        if rel.lower() == wanted:
            return posixpath.relpath(rel, base or ".")
    return ""


def walk_files(folder: Path) -> list[Path]:
    """List the regular files below ``folder`` in a stable order, skipping symlinks."""
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
