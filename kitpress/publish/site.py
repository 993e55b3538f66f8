"""Run MkDocs over build/docs and swap the new site in only when it succeeded."""

from __future__ import annotations

import logging
import shutil
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
    """Put the new site in place with renames, so a reader never sees half a site."""
    old = site_dir.with_name(site_dir.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if site_dir.exists():
        site_dir.rename(old)
    staging.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)


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
