"""Run MkDocs over build/docs and swap the new site in only when it succeeded."""

from __future__ import annotations

import copy
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
from kitpress.publish.incremental import (
    SEARCH_INDEX,
    Sources,
    changed_sources,
    hash_docs,
    hash_folders,
    merge_search_index,
    page_urls,
    prepare,
    untitled_in_nav,
    write_record,
)
from kitpress.publish.zensical import run_zensical
from kitpress.templating import write_theme

# Packages whose version shapes a built site: a new one builds it again, for a dirty build
# would mix pages of two versions (Markdown and its extensions render every page).
VERSIONED = (
    "kitpress",
    "mkdocs",
    "mkdocs-material",
    "zensical",
    "Markdown",
    "pymdown-extensions",
    "Pygments",
    "jieba",
    "pagefind-bin-extended",
)


class SiteError(Exception):
    """MkDocs refused the generated site; the messages say why."""


def build_site(
    settings: Settings,
    docs_dir: Path,
    site_dir: Path,
    finish: Callable[[Path], None] | None = None,
    engine: str = "mkdocs",
    stamp: Path | None = None,
    **overrides: Any,
) -> bool:
    """Build the site with MkDocs (strict) into ``site_dir``, atomically replacing it.

    ``finish`` runs over the new site before it replaces the old one (Pagefind's index);
    it raises SiteError to refuse it. With ``stamp``, the record of what the site in place
    was built from: a site built from the same sources is kept (return False), one whose
    docs changed only in content is built again page by page (publish.incremental).

    The merged theme overrides are written into build/theme first, where mkdocs.yml's
    ``theme.custom_dir`` looks: plain ``mkdocs build`` afterwards finds the same theme.
    ``engine`` "zensical" builds with Zensical instead, from the same files.
    """
    sources = site_sources(settings, docs_dir, engine, overrides)  # writes build/theme
    changed = changed_sources(stamp, sources, site_dir) if stamp else None
    if changed == frozenset():
        return False
    staging = site_dir.with_name(site_dir.name + ".new")
    if staging.exists():
        shutil.rmtree(staging)
    try:
        if (
            changed is None
            or engine == "zensical"
            or not _dirty_build(settings, docs_dir, site_dir, staging, changed, overrides)
        ):
            _whole_build(settings, docs_dir, staging, engine, overrides)
        if finish:
            finish(staging)
    except SiteError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap(staging, site_dir)
    if stamp:
        write_record(stamp, sources, site_dir)
    return True


def _whole_build(
    settings: Settings, docs_dir: Path, staging: Path, engine: str, overrides: Any
) -> None:
    """Build the whole site into a fresh ``staging``."""
    if staging.exists():
        shutil.rmtree(staging)
    if engine == "zensical":
        complaint = run_zensical(settings, docs_dir, staging, **overrides)
        if complaint:
            raise SiteError(complaint)
        return
    _run_mkdocs(_load_config(settings, docs_dir, staging, overrides))


def _dirty_build(
    settings: Settings,
    docs_dir: Path,
    site_dir: Path,
    staging: Path,
    changed: frozenset[str],
    overrides: Any,
) -> bool:
    """Build only the pages of ``changed`` over a copy of the site; False: build it whole."""
    config = _load_config(settings, docs_dir, staging, overrides)
    untitled = untitled_in_nav(config.nav)
    if untitled is None or untitled:
        return False  # MkDocs reads no page left alone, and its own title is in every nav
    urls = config.use_directory_urls
    prepare(site_dir, staging, docs_dir, changed, urls)
    index = staging / SEARCH_INDEX
    before = index.read_bytes() if index.is_file() else None
    _run_mkdocs(config, dirty=True)
    return merge_search_index(staging, before, page_urls(changed, docs_dir, urls))


def _load_config(settings: Settings, docs_dir: Path, staging: Path, overrides: Any) -> Any:
    """Load mkdocs.yml for a strict build of ``docs_dir`` into ``staging``."""
    try:
        return load_config(
            config_file=str(settings.root / CONFIG_FILE),
            docs_dir=str(docs_dir),
            site_dir=str(staging),
            site_url=settings.site_url,
            strict=True,
            **copy.deepcopy(overrides),  # MkDocs pops what it reads: a second load needs them
        )
    except (MkDocsException, SystemExit) as exc:
        raise SiteError(str(exc)) from None


def _run_mkdocs(config: Any, dirty: bool = False) -> None:
    """Build with MkDocs, strict; raise SiteError on refusal."""
    warnings = _capture_warnings()
    builder = logging.getLogger("mkdocs.commands.build")
    builder.addFilter(_not_dirty_warning)
    try:
        mkdocs_build(config, dirty=dirty)
    except (MkDocsException, SystemExit) as exc:
        raise SiteError("\n".join([*warnings.lines, str(exc)]).strip()) from None
    finally:
        logging.getLogger("mkdocs").removeHandler(warnings)
        builder.removeFilter(_not_dirty_warning)


def _not_dirty_warning(record: logging.LogRecord) -> bool:
    """Drop MkDocs' warning that a dirty build may be inaccurate: kitpress makes sure it is not.

    Strict mode would count it as a failure.
    """
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def site_sources(settings: Settings, docs_dir: Path, engine: str, overrides: Any) -> Sources:
    """Return what a copy of the site is built from: docs, theme, mkdocs.yml, versions."""
    settings_text = json.dumps(overrides, sort_keys=True, default=str)
    digest = hashlib.sha256(f"{engine}\0{settings.site_url}\0{settings_text}\0".encode())
    for package in VERSIONED:
        try:
            digest.update(f"{package}={metadata.version(package)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=\0".encode())
    digest.update((settings.root / CONFIG_FILE).read_bytes())
    # kitpress's own files too: a version number does not change while the engine is edited.
    hash_folders(digest, (write_theme(settings.root), Path(__file__).parent.parent))
    return Sources(digest.hexdigest(), hash_docs(docs_dir))


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
