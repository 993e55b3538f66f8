"""Build the site with Zensical instead of MkDocs: the same build/docs, mkdocs.yml and theme.

Zensical reads mkdocs.yml as MkDocs does, but only with paths relative to the folder of its
configuration, all inside it (absolute ones make it stop). kitpress writes that configuration
into build/ with the overrides of the copy being built; Zensical keeps its cache of rendered
pages in build/.cache, so a rebuild renders only the pages whose Markdown changed. Two
settings differ from MkDocs': the classic variant, and search switched off where no search
plugin is named (Zensical's is on by default), so the theme draws Pagefind's box instead.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from mkdocs.utils.yaml import yaml_load

from kitpress.model import Settings
from kitpress.outputs import CONFIG_FILE

ENGINES = ("mkdocs", "zensical")
ANSI = re.compile(r"\x1b\[[0-9;]*m")
TRACEBACK = "Traceback (most recent call last):"
QUIET = ("Build started", "No issues found")


def zensical_config(settings: Settings, docs_dir: Path, site_dir: Path, **overrides: Any) -> Path:
    """Write the Zensical configuration for one copy of the site; return its path."""
    folder = settings.root / "build"
    raw = (settings.root / CONFIG_FILE).read_bytes()
    config: dict[str, Any] = yaml_load(io.BytesIO(raw)) or {}
    config.update(overrides)
    config["plugins"] = _search_stated(config.get("plugins"))
    config["site_url"] = settings.site_url
    config["docs_dir"] = os.path.relpath(docs_dir, folder)
    config["site_dir"] = os.path.relpath(site_dir, folder)
    theme = config.get("theme")
    if isinstance(theme, dict):
        # Material's look, which kitpress's overrides (copies of Material 9.8's) were made for.
        theme.setdefault("variant", "classic")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = os.path.relpath(settings.root / theme["custom_dir"], folder)
    path = folder / f"zensical-{site_dir.name}.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def run_zensical(settings: Settings, docs_dir: Path, site_dir: Path, **overrides: Any) -> str:
    """Build ``docs_dir`` into ``site_dir`` with Zensical (strict); return its complaint or ''."""
    try:
        config = zensical_config(settings, docs_dir, site_dir, **overrides)
    except yaml.YAMLError as exc:  # a tag only MkDocs' Python can hold, such as !!python/name
        return f"zensical: {CONFIG_FILE}: {exc}"
    command = [sys.executable, "-m", "zensical", "build", "--strict", "-f", config.name]
    done = subprocess.run(command, cwd=config.parent, capture_output=True, text=True, check=False)
    config.unlink()
    if done.returncode != 0 or not (site_dir / "index.html").is_file():
        return "zensical: " + complaint(done.stdout + "\n" + done.stderr)
    if not _searches(overrides.get("plugins", settings.plugins)):
        (site_dir / "search.json").unlink(missing_ok=True)  # switched off, it writes it empty
    return ""


def complaint(output: str) -> str:
    """Return what Zensical said, without colours and with its traceback cut to the message."""
    lines = ANSI.sub("", output).strip().splitlines()
    if TRACEBACK in lines:  # its CLI lets the exception out: keep only the last line's words
        lines = [*lines[: lines.index(TRACEBACK)], lines[-1].partition(": ")[2] or lines[-1]]
    return "\n".join(line for line in lines if line.strip() not in QUIET)


def _search_stated(plugins: Any) -> Any:
    """Return the plugins setting with search switched off where it names none.

    Zensical searches even when no plugin is named: the online site, whose setting kitpress
    took search out of, would show Zensical's search box and fetch search.json on every page.
    MkDocs without a plugins setting searches too, so only a setting present is changed.
    """
    if _searches(plugins):
        return plugins
    off = {"search": {"enabled": False}}
    return {**plugins, **off} if isinstance(plugins, dict) else [*plugins, off]


def _searches(plugins: Any) -> bool:
    """Tell whether a plugins setting searches: it names a search plugin, or it is absent."""
    if plugins is None:
        return True
    names = (
        plugins
        if isinstance(plugins, dict)
        else [next(iter(p)) if isinstance(p, dict) else p for p in plugins]
    )
    return any(name in ("search", "material/search") for name in names)
