"""Notice, cheaply and without new dependencies, when serve's source files change."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

WATCHED = ("packs", "content", "templates", "mkdocs.yml")
POLL_SECONDS = 0.25  # a save is noticed within this (a scan of 1,000 cards takes ~10 ms)
SHARE = 0.05  # of one core at most: a slower disk or a bigger project polls less often
QUIET_SECONDS = 0.1  # a burst of saves (an editor's temporary file and rename) builds once
MOST_SECONDS = 1.0  # a burst that goes on (a git checkout) is built by then anyway
# Files an editor writes beside the real one while you type: vim's swap files and its
# "4913" write test, Emacs' locks, backups. Watching them would rebuild without a save.
IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".swo", ".tmp")
IGNORED_NAMES = ("4913",)

Stamps = dict[str, tuple[int, int]]


def snapshot(root: Path) -> Stamps:
    """Return the modification time and size of every watched file."""
    stamps: Stamps = {}
    for name in WATCHED:
        _scan(os.path.join(root, name), stamps, set())
    return stamps


def _scan(path: str, stamps: Stamps, seen: set[tuple[int, int]]) -> None:
    """Add the files under ``path`` (or ``path`` itself) to ``stamps``; follow links once."""
    try:
        here = os.stat(path)
        if (here.st_dev, here.st_ino) in seen:  # a link back up the tree
            return
        entries = os.scandir(path)  # opened last: nothing can fail before it is closed
    except NotADirectoryError:
        _stamp(path, stamps)
        return
    except OSError:  # gone, or unreadable: nothing to watch there
        return
    seen.add((here.st_dev, here.st_ino))
    with entries:
        for entry in entries:
            if _ignored(entry.name):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                continue
            if is_dir:
                _scan(entry.path, stamps, seen)
            else:
                _stamp(entry.path, stamps)


def _stamp(path: str, stamps: Stamps) -> None:
    """Record one file's modification time and size, if it still exists."""
    try:
        info = os.stat(path)
    except OSError:
        return
    stamps[path] = (info.st_mtime_ns, info.st_size)


def _ignored(name: str) -> bool:
    """Tell whether ``name`` is an editor's scratch file rather than a source."""
    return name.endswith(IGNORED_SUFFIXES) or name.startswith(".#") or name in IGNORED_NAMES


def wait_for_change(root: Path, seen: Stamps, stop: threading.Event) -> Stamps | None:
    """Wait until the watched files differ from ``seen`` and settle; None once ``stop`` is set."""
    interval = POLL_SECONDS
    while not stop.wait(interval):
        started = time.monotonic()
        now = snapshot(root)
        interval = max(POLL_SECONDS, (time.monotonic() - started) / SHARE)
        if now != seen:
            return _settled(root, now, stop)
    return None


def _settled(root: Path, now: Stamps, stop: threading.Event) -> Stamps | None:
    """Wait until a burst of saves is over (or has gone on too long); return the last snapshot."""
    deadline = time.monotonic() + MOST_SECONDS
    while not stop.wait(QUIET_SECONDS):
        later = snapshot(root)
        if later == now or time.monotonic() >= deadline:
            return later
        now = later
    return None
