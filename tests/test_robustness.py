"""Mangled content never crashes the checker: every mistake becomes a located problem."""

from pathlib import Path

import pytest

from kitpress.content.loader import inspect_project
from kitpress.content.settings import load_settings
from kitpress.problems import Mark, Problem

REPLACEMENTS = [
    "",
    "[1, 2]",
    "{a: b}",
    "~",
    "true",
    "3.5",
    "'",
    "&a x",
    "*nowhere",
    "!!binary aGk=",
    "- x",
]


def _mangled(text: str):
    """Yield variants of a YAML text: each line dropped, or its value replaced.

    Each comes with the 1-based line replaced (0 when a line was dropped).
    """
    lines = text.splitlines()
    for i, line in enumerate(lines):
        yield 0, "\n".join(lines[:i] + lines[i + 1 :])
        if ":" in line:
            key = line.split(":", 1)[0]
            for value in REPLACEMENTS:
                yield i + 1, "\n".join([*lines[:i], f"{key}: {value}", *lines[i + 1 :]])


def _misplaced(root: Path, problems: list[Problem]) -> list[str]:
    """Return the problems whose place is not in a file of the project (line and column)."""
    wrong = []
    for p in problems:
        path = root / p.mark.path
        lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else [""]
        lines = lines or [""]
        inside = path.exists() or path.parent.is_dir()  # a missing pack.yml: its folder
        line_ok = 1 <= p.mark.line <= len(lines)
        if not (inside and line_ok and 1 <= p.mark.col <= len(lines[p.mark.line - 1]) + 1):
            wrong.append(p.format("en"))
    return wrong


@pytest.mark.parametrize("source", ["pack.yml", "cards/01-talk-to-guard.md"])
def test_every_mangling_is_a_problem_at_its_place(make_project, source):
    root = make_project("site")
    target = root / "packs" / "gate-parcels" / source
    rel = target.relative_to(root).as_posix()
    settings = load_settings(root)
    variants = 0
    for line, text in _mangled(target.read_text(encoding="utf-8")):
        target.write_text(text, encoding="utf-8")
        _, problems = inspect_project(root, settings)  # must not raise
        assert _misplaced(root, problems) == [], text
        here = [p for p in problems if p.mark.path == rel]
        if line and here:
            # At the value replaced; a YAML error may only be noticed further down (a
            # nested block after a plain value, a quote left open). Follow-ups come after
            # it; only a problem of the whole file (a missing field) is at its start.
            shown = [p.format("en") for p in here]
            assert any(p.mark.line == line for p in here) or all(
                p.code == "K001" and p.mark.line > line for p in here
            ), shown
            assert all(p.mark.line >= line or p.mark == Mark(rel) for p in here), shown
        variants += 1
    assert variants > 50


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\xff\xfe\x00",
        b"- a\n- b\n",
        b"just text",
        b"title: [\n",
        b"\x00\x01",
        "标题：没有冒号".encode(),
    ],
)
def test_odd_whole_files_are_reported(make_project, data):
    root = make_project("site")
    (root / "packs/gate-parcels/pack.yml").write_bytes(data)
    _, problems = inspect_project(root, load_settings(root))
    assert problems
    assert all(p.mark.path == "packs/gate-parcels/pack.yml" for p in problems)


def test_broken_taxonomy_and_empty_packs_folder(make_project):
    root = make_project("site")
    (root / "content/taxonomy.yml").write_text("scenarios: 5\n", encoding="utf-8")
    (root / "packs" / "empty-folder").mkdir()
    _, problems = inspect_project(root, load_settings(root))
    paths = {p.mark.path for p in problems}
    assert "content/taxonomy.yml" in paths
    assert "packs/empty-folder/pack.yml" in paths


@pytest.mark.parametrize("key", ['""', "''", "? ", '"\u3000title"', '" "'])
@pytest.mark.parametrize("source", ["pack.yml", "cards/01-talk-to-guard.md"])
def test_an_empty_or_blank_key_is_a_problem_at_its_line(make_project, source, key):
    root = make_project("site")
    target = root / "packs" / "gate-parcels" / source
    rel = target.relative_to(root).as_posix()
    lines = target.read_text(encoding="utf-8").splitlines()
    at = 2 if source.endswith(".md") else 1  # after the front matter's opening ---
    target.write_text(
        "\n".join([*lines[:at], f"{key}\n: x" if key == "? " else f"{key}: x", *lines[at:]]) + "\n",
        encoding="utf-8",
    )
    _, problems = inspect_project(root, load_settings(root))  # must not raise
    here = [p for p in problems if p.mark.path == rel]
    assert [p.mark.line for p in here] == [at + 1], [p.format("en") for p in problems]
    assert _misplaced(root, problems) == []
