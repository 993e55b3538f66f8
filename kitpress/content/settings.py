"""Read site-wide settings from mkdocs.yml and the environment."""

from __future__ import annotations

import copy
import datetime as dt
import io
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils.yaml import yaml_load

from kitpress.content.document import MAX_TEXT_BYTES, nesting_problem, syntax_problems, too_large
from kitpress.content.fields import type_name
from kitpress.model import Settings
from kitpress.outputs import CONFIG_FILE
from kitpress.problems import ContentError, Mark, Problem, has_errors, problem, suggest

# The keys kitpress reads below extra: in mkdocs.yml; their defaults are model.Settings'.
KITPRESS_KEYS = ("font_family", "bundle_limit_mb", "edit_branch")
_AT = ("extra", "kitpress")
_KEY = "extra.kitpress"


def find_root(start: Path) -> Path:
    """Return the nearest folder at or above ``start`` that holds mkdocs.yml and packs/."""
    for folder in [start, *start.parents]:
        if (folder / CONFIG_FILE).is_file() and (folder / "packs").is_dir():
            return folder
    return start


def read_config(root: Path) -> tuple[dict[str, Any], Marks]:
    """Load mkdocs.yml as a plain mapping, with where each of its keys and values was written.

    A broken file stops here (ContentError): nothing else can be checked without it.
    """
    path = root / CONFIG_FILE
    if path.is_file() and (size := path.stat().st_size) > MAX_TEXT_BYTES:  # before reading
        raise ContentError([too_large(CONFIG_FILE, size, MAX_TEXT_BYTES)])
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ContentError([problem(Mark(CONFIG_FILE), "K005", detail="no mkdocs.yml")]) from None
    loop = nesting_problem(raw.decode("utf-8", errors="replace"), CONFIG_FILE)
    if loop:  # MkDocs would build a dict that holds itself, or recurse past the stack
        raise ContentError([loop])
    try:
        stream = io.BytesIO(raw)
        stream.name = str(path)  # MkDocs reads INHERIT: relative to the file
        data = yaml_load(stream)
    except Exception as exc:  # any YAML failure is the user's file, not our bug
        cause = exc.__cause__ or exc.__context__  # MkDocs wraps the parser's error
        if isinstance(cause, yaml.MarkedYAMLError):
            text = raw.decode("utf-8", errors="replace")
            raise ContentError(syntax_problems(cause, text, CONFIG_FILE)) from None
        raise ContentError([problem(Mark(CONFIG_FILE), "K001", parser=str(exc))]) from None
    if not isinstance(data, dict):
        raise ContentError([problem(Mark(CONFIG_FILE), "K004", got=type(data).__name__)])
    return data, _marks(raw.decode("utf-8", errors="replace"))


@dataclass(frozen=True)
class Marks:
    """Where the keys and values of mkdocs.yml were written, by key path."""

    values: dict[tuple[str, ...], Mark]
    keys: dict[tuple[str, ...], Mark]

    def value(self, *at: str) -> Mark:
        """Return where the value at ``at`` was written, or its nearest parent."""
        for end in range(len(at), -1, -1):
            if at[:end] in self.values:
                return self.values[at[:end]]
        return Mark(CONFIG_FILE)

    def key(self, *at: str) -> Mark:
        """Return where the key at ``at`` was written, falling back to its value."""
        return self.keys.get(at) or self.value(*at)


def _marks(text: str) -> Marks:
    """Find where each key and value of mkdocs.yml was written (!ENV and other tags too)."""
    marks = Marks({}, {})
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)  # nodes only: no tag is run
    except yaml.YAMLError:
        return marks

    def mark(node: yaml.Node) -> Mark:
        return Mark(CONFIG_FILE, node.start_mark.line + 1, node.start_mark.column + 1)

    def walk(node: yaml.Node, at: tuple[str, ...]) -> None:
        marks.values[at] = mark(node)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    marks.keys[(*at, key.value)] = mark(key)
                    walk(value, (*at, key.value))

    if node is not None:
        walk(node, ())
    return marks


def load_settings(root: Path, site_url: str | None = None) -> Settings:
    """Build the Settings of the project at ``root``, raising ContentError on a bad one."""
    settings, problems = read_settings(root, site_url)
    if has_errors(problems):
        raise ContentError(problems)
    return settings


def read_settings(root: Path, site_url: str | None = None) -> tuple[Settings, list[Problem]]:
    """Read the Settings of the project at ``root``, ``site_url`` overriding mkdocs.yml.

    Only what mkdocs.yml sets is passed on: the defaults are model.Settings' own.
    """
    config, marks = read_config(root)
    given: dict[str, Any] = {}
    url = site_url or config.get("site_url")
    if url:
        given["site_url"] = str(url) if str(url).endswith("/") else f"{url}/"
    for key in ("site_name", "repo_url"):
        if config.get(key):
            given[key] = str(config[key])
    values, problems = _kitpress_settings(config, marks)
    problems += _mkdocs_problems(root, config, marks)
    settings = Settings(
        root=root,
        source_date=source_date(root),
        marks=tuple((key, marks.value(*_AT, key)) for key in KITPRESS_KEYS),
        plugins=config.get("plugins"),
        extra=config.get("extra"),
        **given,
        **values,
    )
    return settings, problems


def _kitpress_settings(
    config: dict[str, Any], marks: Marks
) -> tuple[dict[str, Any], list[Problem]]:
    """Validate extra.kitpress: known keys only, each of its type; return what it sets."""
    extra = config.get("extra")
    if extra is not None and not isinstance(extra, dict):
        got = type_name(extra)
        return {}, [problem(marks.value("extra"), "K103", key="extra", expected="mapping", got=got)]
    section = (extra or {}).get("kitpress")
    if section is None:
        return {}, []
    if not isinstance(section, dict):
        got = type_name(section)
        return {}, [problem(marks.value(*_AT), "K103", key=_KEY, expected="mapping", got=got)]
    values: dict[str, Any] = {}
    problems = []
    for key, value in section.items():
        name, at = f"{_KEY}.{key}", (*_AT, str(key))
        if key not in KITPRESS_KEYS:
            hint = suggest(str(key), KITPRESS_KEYS)
            problems.append(problem(marks.key(*at), "K102", key=name, hint=hint))
        elif value is None or value == "":
            continue  # written but empty: the default stands
        elif key == "bundle_limit_mb":
            limit, found = _limit(value, name, marks.value(*at))
            problems += found
            values.update({key: limit} if limit else {})
        elif not isinstance(value, str):
            got = type_name(value)
            problems.append(problem(marks.value(*at), "K103", key=name, expected="text", got=got))
        else:
            values[key] = value
    return values, problems


def _mkdocs_problems(root: Path, config: dict[str, Any], marks: Marks) -> list[Problem]:
    """Validate mkdocs.yml as MkDocs will when it builds (strictly: a warning fails it too).

    build/docs and build/theme exist only once a build wrote them, and kitpress chooses them:
    an empty folder stands in, so only what the writer chose is judged.
    """
    with tempfile.TemporaryDirectory() as tmp:
        docs = Path(tmp) / "docs"
        docs.mkdir()
        # A copy: MkDocs fills in the plugins' settings in place, and a build reads them.
        data = {**copy.deepcopy(config), "docs_dir": str(docs), "site_dir": str(Path(tmp) / "site")}
        if isinstance(data.get("theme"), dict):
            data["theme"] = {k: v for k, v in data["theme"].items() if k != "custom_dir"}
        mkdocs = MkDocsConfig(config_file_path=str(root / CONFIG_FILE))
        mkdocs.load_dict(data)
        try:
            failed, warned = mkdocs.validate()
        except Exception as exc:  # a plugin's own check of the user's values, not our bug
            failed, warned = [("plugins", exc)], []
    found = [problem(marks.value(str(k)), "K132", key=k, detail=v) for k, v in failed]
    return found + [problem(marks.key(str(k)), "K132", key=k, detail=v) for k, v in warned]


def _limit(value: object, name: str, mark: Mark) -> tuple[float, list[Problem]]:
    """Read bundle_limit_mb: a number of megabytes above 0."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return 0.0, [problem(mark, "K103", key=name, expected="number", got=type_name(value))]
    try:
        limit = float(value)
    except OverflowError:  # an int past any float: as refused as .inf
        limit = float("inf")
    if not 0 < limit < float("inf"):
        return 0.0, [problem(mark, "K131", key=name, value=value)]
    return limit, []


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
