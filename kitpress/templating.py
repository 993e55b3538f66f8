"""Templates: the designs kitpress ships, overridden file by file by the project's templates/.

One lookup rule for every kind of template (``pages``, ``posters``, ``theme``): a file in the
project's ``templates/KIND/`` wins over the built-in ``kitpress/templates/KIND/`` file of the
same name; every other file comes from kitpress. Printing and publishing both use it, so it
lives in a base module.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from jinja2 import FileSystemLoader, StrictUndefined, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

Kind = Literal["pages", "posters", "theme"]
# Package data: installed with the wheel, so a non-editable install has its templates too.
BUILTIN = Path(__file__).resolve().parent / "templates"
PROJECT = "templates"  # the project's overrides, beside mkdocs.yml
# Where the build writes the merged theme overrides; mkdocs.yml's theme.custom_dir names it,
# so plain `mkdocs build` after `kitpress build` finds the same theme.
THEME_DIR = "build/theme"
WORDS_FILE = "words.yml"  # the words kitpress itself publishes (titles, zip notes)
_PLACEHOLDER = re.compile(r"\{([a-z]+)\}")


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


def words(root: Path) -> dict[str, str]:
    """Return the published words: kitpress's words.yml, overridden key by key by the project's.

    A broken project file raises a TemplateSyntaxError, which templates_reported locates.
    """
    found = _read_words(BUILTIN / WORDS_FILE)
    own = root / PROJECT / WORDS_FILE
    if own.is_file() and not own.is_symlink():
        found |= _read_words(own)
    return found


def word(found: Mapping[str, str], key: str, **values: object) -> str:
    """Fill the word ``key``'s {placeholders} (plain names only: the text comes from a PR)."""
    return _PLACEHOLDER.sub(lambda m: str(values.get(m[1], m[0])), found[key])


def _read_words(path: Path) -> dict[str, str]:
    """Read one words file: a mapping of names to texts, nothing else (cached by stamp)."""
    stat = path.stat()
    return dict(_parse_words(str(path), stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=8)
def _parse_words(name: str, stamp: int, size: int) -> tuple[tuple[str, str], ...]:
    """Parse the words file ``name`` as it was at ``stamp`` and ``size``."""
    path = Path(name)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        raise TemplateSyntaxError("name: text", line, filename=str(path)) from None
    except (yaml.YAMLError, UnicodeDecodeError):
        raise TemplateSyntaxError("name: text (UTF-8)", 1, filename=str(path)) from None
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise TemplateSyntaxError("name: text", 1, filename=str(path))
    return tuple(data.items())
