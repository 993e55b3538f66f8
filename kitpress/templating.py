"""Templates: the designs kitpress ships, overridden file by file by the project's templates/.

One lookup rule for every kind of template (``pages``, ``posters``, ``theme``): a file in the
project's ``templates/KIND/`` wins over the built-in ``kitpress/templates/KIND/`` file of the
same name; every other file comes from kitpress. Printing and publishing both use it, so it
lives in a base module.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Literal

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

Kind = Literal["pages", "posters", "theme"]
# Package data: installed with the wheel, so a non-editable install has its templates too.
BUILTIN = Path(__file__).resolve().parent / "templates"
PROJECT = "templates"  # the project's overrides, beside mkdocs.yml
# Where the build writes the merged theme overrides; mkdocs.yml's theme.custom_dir names it,
# so plain `mkdocs build` after `kitpress build` finds the same theme.
THEME_DIR = "build/theme"


def folders(root: Path, kind: Kind) -> tuple[Path, ...]:
    """Return where templates of ``kind`` are looked up, the project's own folder first."""
    own = root / PROJECT / kind
    return (own, BUILTIN / kind) if own.is_dir() else (BUILTIN / kind,)


def sandbox(search: tuple[Path, ...], *, autoescape: bool) -> SandboxedEnvironment:
    """Return a sandboxed Jinja2 environment over ``search``: templates come from pull requests."""
    return SandboxedEnvironment(
        loader=FileSystemLoader(search, followlinks=False),
        autoescape=autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def merged_files(root: Path, kind: Kind) -> dict[str, Path]:
    """Map every template file of ``kind`` (relative POSIX name) to the file that wins."""
    found: dict[str, Path] = {}
    for folder in reversed(folders(root, kind)):  # built-in first, the project's overwrite
        for path in sorted(folder.rglob("*")):
            # Never a symlink: it could point anywhere on the machine that builds.
            if path.is_file() and not path.is_symlink():
                found[path.relative_to(folder).as_posix()] = path
    return found


def write_theme(root: Path) -> Path:
    """Write the merged theme overrides into build/theme, afresh, and return that folder."""
    out = root / THEME_DIR
    if out.exists():
        shutil.rmtree(out)
    for name, path in merged_files(root, "theme").items():
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    out.mkdir(parents=True, exist_ok=True)
    return out


def display_name(root: Path, name: str) -> str:
    """Name a template file as problems do: relative to the project, or kitpress/templates/…."""
    path = Path(name).resolve()
    for base in (root.resolve(), BUILTIN.parent.parent):
        if path.is_relative_to(base):
            return path.relative_to(base).as_posix()
    return name
