"""One build at a time per project: an advisory lock on build/.lock."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from kitpress.problems import UsageError
from kitpress.publish.site import recover_site

LOCK_FILE = ".lock"


@contextlib.contextmanager
def build_lock(out: Path, wait: bool = False) -> Iterator[None]:
    """Hold the lock on ``out`` (build/) while a build writes there.

    A second build fails at once with K236 naming the first one's process, or, with
    ``wait``, waits for it (serve's rebuilds). The kernel drops the lock when its process
    ends, killed or not, so a stale lock file never blocks anyone.
    """
    out.mkdir(parents=True, exist_ok=True)
    fd = os.open(out / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            raise UsageError("K236", path=out.name + "/", pid=holder) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        recover_site(out / "site")  # a build stopped mid-swap left the previous site aside
        recover_site(out / "offline")
        yield
    finally:
        os.close(fd)  # closing releases the lock
