"""Run MkDocs over build/docs and swap the new site in only when it succeeded."""

from __future__ import annotations

import ctypes
import errno
import functools
import hashlib
import json
import logging
import os
import shutil
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import jieba
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from kitpress.model import Settings
from kitpress.outputs import CONFIG_FILE
from kitpress.publish.archive import file_sha256
from kitpress.publish.zensical import run_zensical
from kitpress.templating import write_theme

# Packages whose version shapes a built site: a new one builds it again.
VERSIONED = ("kitpress", "mkdocs", "mkdocs-material", "zensical", "jieba", "pagefind-bin-extended")


class SiteError(Exception):
    """MkDocs refused the generated site; the messages say why."""


def build_site(
    settings: Settings,
    docs_dir: Path,
    site_dir: Path,
    finish: Callable[[Path], None] | None = None,
    engine: str = "mkdocs",
    **overrides: Any,
) -> None:
    """Build the site with MkDocs (strict) into ``site_dir``, atomically replacing it.

    ``finish`` runs over the new site before it replaces the old one (Pagefind's index);
    it raises SiteError to refuse it.

    The merged theme overrides are written into build/theme first, where mkdocs.yml's
    ``theme.custom_dir`` looks: plain ``mkdocs build`` afterwards finds the same theme.
    ``engine`` "zensical" builds with Zensical instead, from the same files.
    """
    staging = site_dir.with_name(site_dir.name + ".new")
    if staging.exists():
        shutil.rmtree(staging)
    write_theme(settings.root)  # mkdocs.yml's theme.custom_dir names it
    run = _run_zensical if engine == "zensical" else _run_mkdocs
    try:
        run(settings, docs_dir, staging, overrides)
        if finish:
            finish(staging)
    except SiteError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap(staging, site_dir)


def _run_mkdocs(settings: Settings, docs_dir: Path, staging: Path, overrides: Any) -> None:
    """Build ``docs_dir`` into ``staging`` with MkDocs, strict; raise SiteError on refusal."""
    warnings = _capture_warnings()
    try:
        config = load_config(
            config_file=str(settings.root / CONFIG_FILE),
            docs_dir=str(docs_dir),
            site_dir=str(staging),
            site_url=settings.site_url,
            strict=True,
            **overrides,
        )
        mkdocs_build(config)
    except (MkDocsException, SystemExit) as exc:
        raise SiteError("\n".join([*warnings.lines, str(exc)]).strip()) from None
    finally:
        logging.getLogger("mkdocs").removeHandler(warnings)


def _run_zensical(settings: Settings, docs_dir: Path, staging: Path, overrides: Any) -> None:
    """Build ``docs_dir`` into ``staging`` with Zensical, strict; raise SiteError on refusal."""
    complaint = run_zensical(settings, docs_dir, staging, **overrides)
    if complaint:
        raise SiteError(complaint)


def inputs_key(settings: Settings, docs_dir: Path, engine: str, copy: str) -> str:
    """Hash everything a copy of the site is built from: docs, theme, mkdocs.yml, versions."""
    digest = hashlib.sha256(f"{copy}\0{engine}\0{settings.site_url}\0".encode())
    for package in VERSIONED:
        try:
            digest.update(f"{package}={metadata.version(package)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=\0".encode())
    digest.update((settings.root / CONFIG_FILE).read_bytes())
    # kitpress's own files too: a version number does not change while the engine is edited.
    for folder in (docs_dir, write_theme(settings.root), Path(__file__).parent.parent):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix != ".pyc":
                name = path.relative_to(folder).as_posix()
                digest.update(f"\0{name}\0{file_sha256(path)}".encode())
    return digest.hexdigest()


def _listing(folder: Path) -> dict[str, list[int]]:
    """Return each file below ``folder`` with its size and modification time (ns)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            info = path.stat()
            out[path.relative_to(folder).as_posix()] = [info.st_size, info.st_mtime_ns]
    return out


def is_current(stamp: Path, inputs: str, site_dir: Path) -> bool:
    """Tell whether ``site_dir`` was built from ``inputs`` and nothing touched it since."""
    try:
        record = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(record, dict) or record.get("inputs") != inputs:
        return False
    return site_dir.is_dir() and record.get("files") == _listing(site_dir)


def write_stamp(stamp: Path, inputs: str, site_dir: Path) -> None:
    """Record that ``site_dir``, as it is now, was built from ``inputs``."""
    stamp.parent.mkdir(parents=True, exist_ok=True)
    record = {"inputs": inputs, "files": _listing(site_dir)}
    stamp.write_text(json.dumps(record), encoding="utf-8")


def _swap(staging: Path, site_dir: Path) -> None:
    """Put the new site in place in one step, so a reader (or a kill) never sees half a site.

    Linux swaps the two folders atomically (renameat2 RENAME_EXCHANGE): at every instant
    ``site_dir`` is the whole old site or the whole new one. Elsewhere two renames leave a
    moment with ``site_dir`` missing; a build stopped there leaves ``site.old``, which
    ``recover_site`` puts back before the next build (under the build lock).
    """
    if not site_dir.exists():
        staging.rename(site_dir)
    elif _exchange(staging, site_dir):
        shutil.rmtree(staging)  # the previous site, now under the staging name
    else:
        old = site_dir.with_name(site_dir.name + ".old")
        if old.exists():
            shutil.rmtree(old)
        site_dir.rename(old)
        staging.rename(site_dir)
        shutil.rmtree(old, ignore_errors=True)


def recover_site(site_dir: Path) -> None:
    """Put back the previous site if a build was stopped between the two renames of a swap."""
    old = site_dir.with_name(site_dir.name + ".old")
    if not site_dir.exists() and old.is_dir():
        old.rename(site_dir)
    elif old.exists():  # stopped after the second rename: the old copy is litter
        shutil.rmtree(old, ignore_errors=True)


_AT_FDCWD, _RENAME_EXCHANGE = -100, 2
_UNSUPPORTED = frozenset({errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP})


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; return False where the system or file system cannot."""
    call = _renameat2()
    if call is None:
        return False
    if call(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(b))


@functools.cache
def _renameat2() -> Any:
    """Return libc's renameat2 (glibc 2.28+, Linux 3.15+), or None where there is none."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        call = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    call.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    call.restype = ctypes.c_int
    return call


class _Lines(logging.Handler):
    """Keep MkDocs' warnings so a failed build can show them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname}: {record.getMessage()}")


def _capture_warnings() -> _Lines:
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.WARNING)  # MkDocs' INFO chatter is not for volunteers
    logger.propagate = False
    handler = _Lines()
    logger.addHandler(handler)
    jieba.setLogLevel(logging.WARNING)  # its "Building prefix dict" lines are noise here
    return handler
