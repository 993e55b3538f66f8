"""Read site-wide settings from mkdocs.yml and the environment."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path
from typing import Any

from mkdocs.utils.yaml import yaml_load

from kitpress.model import Settings
from kitpress.outputs import CONFIG_FILE
from kitpress.problems import ContentError, Mark, problem


def find_root(start: Path) -> Path:
    """Return the nearest folder at or above ``start`` that holds mkdocs.yml and packs/."""
    for folder in [start, *start.parents]:
        if (folder / CONFIG_FILE).is_file() and (folder / "packs").is_dir():
            return folder
    return start


def read_config(root: Path) -> dict[str, Any]:
    """Load mkdocs.yml as a plain mapping, reporting a broken file as a content problem."""
    path = root / CONFIG_FILE
    try:
        with path.open("rb") as fh:
            data = yaml_load(fh)
    except FileNotFoundError:
        raise ContentError([problem(Mark(CONFIG_FILE), "K005", detail="no mkdocs.yml")]) from None
    except Exception as exc:  # any YAML failure is the user's file, not our bug
        mark = getattr(exc, "problem_mark", None)
        where = Mark(CONFIG_FILE, mark.line + 1, mark.column + 1) if mark else Mark(CONFIG_FILE)
        raise ContentError([problem(where, "K001", detail=str(exc).splitlines()[0])]) from None
    if not isinstance(data, dict):
        raise ContentError([problem(Mark(CONFIG_FILE), "K004", got=type(data).__name__)])
    return data


def load_settings(root: Path, site_url: str | None = None) -> Settings:
    """Build the Settings of the project at ``root``, ``site_url`` overriding mkdocs.yml."""
    config = read_config(root)
    extra = (config.get("extra") or {}).get("kitpress") or {}
    url = site_url or str(config.get("site_url") or "http://localhost:8000/")
    return Settings(
        root=root,
        site_name=str(config.get("site_name") or "kitpress"),
        site_url=url if url.endswith("/") else url + "/",
        repo_url=str(config.get("repo_url") or ""),
        edit_branch=str(extra.get("edit_branch") or "main"),
        font_family=str(extra.get("font_family") or "Noto Sans CJK SC"),
        bundle_limit_mb=float(extra.get("bundle_limit_mb") or 50),
        source_date=source_date(root),
    )


def source_date(root: Path) -> dt.datetime:
    """Return SOURCE_DATE_EPOCH, else the last commit's date, else a fixed date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        try:
            out = subprocess.run(
                ["git", "-C", str(root), "log", "-1", "--format=%ct"],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            )
            epoch = out.stdout.strip()
        except (OSError, subprocess.SubprocessError):
            epoch = ""
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
