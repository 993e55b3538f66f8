"""Rebuild only what an edit touched: MkDocs' dirty build over a copy of the site in place.

Each copy of the site records what it was built from (build/cache/site.json, offline.json):
a key of everything but the docs (mkdocs.yml, theme, versions, kitpress itself, the copy's
settings) and each docs file's hash. When only the contents of docs files changed, the next
build starts from a copy of the site in place, removes the outputs of the changed files and
runs MkDocs with ``dirty=True``, which builds a page only when its output is missing or older
than its source; every source is dated 1970 first, so exactly the changed ones are built.
Pages take nothing from one another but navigation titles, which mkdocs.yml names: a changed
page that gives the navigation its own title builds the whole site again, as does a file
added or removed, or a site touched since it was built. The result is the same bytes as a
whole build (tests/test_incremental.py), search index included (``merge_search_index``).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File

from kitpress.publish.archive import file_sha256

SOURCE_TIME = 1  # 1970-01-01T00:00:01: older than any output, so MkDocs skips it
SEARCH_INDEX = "search/search_index.json"
SEARCH_SCRIPT = "search/search_index.js"  # Material's offline plugin: the index as a script


@dataclass(frozen=True)
class Sources:
    """What one copy of the site is built from."""

    base: str  # hash of mkdocs.yml, theme, versions, kitpress and the copy's settings
    docs: dict[str, str]  # each docs file (POSIX, relative) and its SHA-256


def hash_docs(docs_dir: Path) -> dict[str, str]:
    """Return every file below ``docs_dir`` with its SHA-256."""
    return {
        path.relative_to(docs_dir).as_posix(): file_sha256(path)
        for path in sorted(docs_dir.rglob("*"))
        if path.is_file()
    }


def hash_folders(digest: Any, folders: Iterable[Path]) -> None:
    """Feed every file's name and hash below ``folders`` into ``digest``."""
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix != ".pyc":
                name = path.relative_to(folder).as_posix()
                digest.update(f"\0{name}\0{file_sha256(path)}".encode())


def listing(folder: Path) -> dict[str, list[int]]:
    """Return each file below ``folder`` with its size and modification time (ns)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            info = path.stat()
            out[path.relative_to(folder).as_posix()] = [info.st_size, info.st_mtime_ns]
    return out


def read_record(stamp: Path) -> dict[str, Any] | None:
    """Return what ``stamp`` says a copy was built from, or None when it says nothing usable."""
    try:
        record = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    fields = {"base": str, "docs": dict, "files": dict}
    if not isinstance(record, dict) or not all(
        isinstance(record.get(name), kind) for name, kind in fields.items()
    ):
        return None
    return record


def write_record(stamp: Path, sources: Sources, site_dir: Path) -> None:
    """Record that ``site_dir``, as it is now, was built from ``sources``."""
    stamp.parent.mkdir(parents=True, exist_ok=True)
    record = {"base": sources.base, "docs": sources.docs, "files": listing(site_dir)}
    stamp.write_text(json.dumps(record), encoding="utf-8")


def changed_sources(stamp: Path, sources: Sources, site_dir: Path) -> frozenset[str] | None:
    """Return the docs files changed since ``site_dir`` was built; None: build it whole.

    An empty set means the site in place was built from these very sources.
    """
    record = read_record(stamp)
    if (
        record is None
        or record["base"] != sources.base
        or record["docs"].keys() != sources.docs.keys()
    ):
        return None
    if not site_dir.is_dir() or record["files"] != listing(site_dir):
        return None  # touched since: only a whole build is sure to mend it
    return frozenset(
        name for name, digest in sources.docs.items() if record["docs"][name] != digest
    )


def untitled_in_nav(nav: Any) -> set[str] | None:
    """Return the pages mkdocs.yml's nav names without a title; None: it has no nav."""
    if nav is None:
        return None
    return set(_untitled(nav))


def _untitled(nav: Any) -> Iterator[str]:
    """Yield the page names a nav setting gives no title of their own."""
    for item in nav if isinstance(nav, list) else [nav]:
        if isinstance(item, dict):  # {title: page} or {title: [section]}
            for value in item.values():
                if isinstance(value, list):
                    yield from _untitled(value)
        elif isinstance(item, str):
            yield item


def prepare(
    site_dir: Path, staging: Path, docs_dir: Path, changed: frozenset[str], directory_urls: bool
) -> None:
    """Make ``staging`` the site in place less the pages of ``changed``; date sources 1970.

    Files of the docs other than pages (PDFs, zips, pictures) are hard links, to the site in
    place when unchanged, to the new docs file when changed: dated as their sources, MkDocs
    leaves them alone, and a zip of 100 MB is not copied again. Everything else is copied, for
    MkDocs rewrites files in place.
    """
    docs = {p.relative_to(docs_dir).as_posix(): p for p in docs_dir.rglob("*") if p.is_file()}
    for path in docs.values():
        os.utime(path, (SOURCE_TIME, SOURCE_TIME))
    kept = {name for name in docs if name not in changed and not name.endswith(".md")}
    for path in sorted(site_dir.rglob("*")):
        rel = path.relative_to(site_dir).as_posix()
        if path.is_dir():
            (staging / rel).mkdir(parents=True, exist_ok=True)
        elif rel not in changed:
            _link(path, staging / rel, rel in kept)
    for name in changed:
        output = Path(File(name, str(docs_dir), str(staging), directory_urls).abs_dest_path)
        output.unlink(missing_ok=True)
        if not name.endswith(".md"):
            _link(docs[name], output, True)


def _link(source: Path, target: Path, shared: bool) -> None:
    """Hard-link ``source`` at ``target`` when it may be ``shared``, else copy it, times kept."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        if not shared:
            raise OSError  # a file MkDocs may rewrite in place: a copy of its own
        os.link(source, target)
    except OSError:  # or links are not allowed here
        shutil.copy2(source, target)  # with its time: as new as its source, or newer


def page_urls(names: Iterable[str], docs_dir: Path, directory_urls: bool) -> set[str]:
    """Return the URLs of the Markdown pages among ``names``."""
    return {
        File(name, str(docs_dir), "", directory_urls).url for name in names if name.endswith(".md")
    }


def merge_search_index(site_dir: Path, before: bytes | None, rebuilt: set[str]) -> bool:
    """Put the entries of the pages rebuilt back among those of the index ``before``.

    A dirty build indexes only the pages it built. Each page's entries take the place of its
    old ones, in the order of a whole build. Return False when the two cannot be matched
    (a page newly in or out of the search): the caller builds the site whole.
    """
    path = site_dir / SEARCH_INDEX
    if not path.is_file():
        return before is None
    if before is None:
        return False
    old, new = json.loads(before), json.loads(path.read_bytes())
    fresh = _by_page(new["docs"])
    if set(fresh) != rebuilt or not rebuilt <= set(_by_page(old["docs"])):
        return False
    merged = [
        entry for url, entries in _by_page(old["docs"]).items() for entry in fresh.get(url, entries)
    ]
    data = json.dumps({**new, "docs": merged}, separators=(",", ":"), default=str)
    path.write_text(data, encoding="utf-8")
    script = site_dir / SEARCH_SCRIPT
    if script.is_file():
        script.write_text(f"var __index = {data}", encoding="utf-8")
    return True


def _by_page(entries: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Group search entries by the page they are on, in their order."""
    pages: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        pages.setdefault(entry["location"].split("#")[0], []).append(entry)
    return pages
