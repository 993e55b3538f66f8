"""Run MkDocs over build/docs and swap the new site in only when it succeeded."""

from __future__ import annotations

import ctypes
import errno
import functools
import logging
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jieba
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from kitpress.model import Settings
from kitpress.outputs import CONFIG_FILE
from kitpress.templating import write_theme


class SiteError(Exception):
    """MkDocs refused the generated site; the messages say why."""


def build_site(
    settings: Settings,
    docs_dir: Path,
    site_dir: Path,
    finish: Callable[[Path], None] | None = None,
    **overrides: Any,
) -> None:
    """Build the site with MkDocs (strict) into ``site_dir``, atomically replacing it.

    ``finish`` runs over the new site before it replaces the old one (Pagefind's index);
    it raises SiteError to refuse it.

    The merged theme overrides are written into build/theme first, where mkdocs.yml's
    ``theme.custom_dir`` looks: plain ``mkdocs build`` afterwards finds the same theme.
    """
    staging = site_dir.with_name(site_dir.name + ".new")
    if staging.exists():
        shutil.rmtree(staging)
    write_theme(settings.root)  # mkdocs.yml's theme.custom_dir names it
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
        if finish:
            finish(staging)
    except (MkDocsException, SystemExit, SiteError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise SiteError("\n".join([*warnings.lines, str(exc)]).strip()) from None
    finally:
        logging.getLogger("mkdocs").removeHandler(warnings)
    _swap(staging, site_dir)


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
