"""Mangled content never crashes the checker: every mistake becomes a located problem."""

import shutil

import pytest
from conftest import FIXTURES, REPO

from kitpress.content.loader import inspect_project
from kitpress.content.settings import load_settings

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
    """Yield variants of a YAML text: each line dropped, or its value replaced."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        yield "\n".join(lines[:i] + lines[i + 1 :])
        if ":" in line:
            key = line.split(":", 1)[0]
            for value in REPLACEMENTS:
                yield "\n".join([*lines[:i], f"{key}: {value}", *lines[i + 1 :]])


@pytest.mark.parametrize("source", ["pack.yml", "cards/01-guard.md"])
def test_no_mangling_of_a_real_pack_raises(tmp_path, source):
    root = tmp_path / "p"
    shutil.copytree(FIXTURES / "site", root)
    shutil.rmtree(root / "packs")
    shutil.copytree(REPO / "packs" / "parcel-sorting", root / "packs" / "parcel-sorting")
    target = root / "packs" / "parcel-sorting" / source
    settings = load_settings(root)
    variants = 0
    for text in _mangled(target.read_text(encoding="utf-8")):
        target.write_text(text, encoding="utf-8")
        _, problems = inspect_project(root, settings)  # must not raise
        assert all(p.mark.path and p.mark.line >= 1 for p in problems)
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
