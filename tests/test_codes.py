"""The 问题代码 page: every code has an entry, and every example shows what it says it shows.

Each runnable example of kitpress/data/codes.yml is typed into a copy of tests/fixtures/site:
the wrong one must give exactly its code (and the ones it lists under also), the right one
must give no error and not that code.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from conftest import copy_project
from PIL import Image

from kitpress.build import CheckOptions, check
from kitpress.messages import MESSAGES
from kitpress.problems import has_errors
from kitpress.publish.codes import DEFAULT_FILE, KEYS, codebook, codes, visible

BOOK = codebook()
RUNNABLE = [code for code, entry in BOOK.items() if entry.get("check", True)]


def png() -> bytes:
    """Return a small real PNG."""
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, "PNG")
    return out.getvalue()


def write(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` at ``path`` ("<png>" is a picture)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if text == "<png>":
        path.write_bytes(png())
    else:
        path.write_bytes(text.encode(encoding))


def typed(tmp_path: Path, code: str, wrong: bool) -> Path:
    """Return a copy of the site fixture with the entry's wrong or right example typed in."""
    entry = BOOK[code]
    root = copy_project("site", tmp_path / ("wrong" if wrong else "right"))
    for name, text in entry.get("setup", {}).items():
        write(root / name, text)
    target = root / entry.get("file", DEFAULT_FILE)
    text = entry.get("wrong", "") * entry.get("repeat", 1) if wrong else entry.get("right", "")
    encoding = entry.get("encoding", "utf-8") if wrong else "utf-8"
    if target.is_file() and ("at" in entry or "wrong_file" not in entry):
        old = target.read_text(encoding="utf-8")
        at = entry.get("at", entry.get("right"))
        assert at is not None and at in old, f"{code}: {at!r} is not in {target.name}"
        write(target, old.replace(at, text, 1), encoding)
    elif not target.exists():
        write(target, text, encoding)
    if wrong:
        for name in entry.get("remove", []):
            shutil.rmtree(root / name) if (root / name).is_dir() else (root / name).unlink()
        if "wrong_file" in entry:
            moved = root / entry["wrong_file"]
            moved.parent.mkdir(parents=True, exist_ok=True)
            if entry.get("copy"):
                shutil.copytree(target, moved)
            else:
                target.rename(moved)
    return root


def found(root: Path, code: str) -> list:
    """Check the project as the entry asks (with poster layout or not)."""
    return check(root, CheckOptions(posters=bool(BOOK[code].get("posters"))))


def test_every_code_of_the_catalog_has_an_entry_and_nothing_else_does():
    assert list(BOOK) == sorted(BOOK), "entries go in code order"
    assert set(BOOK) == set(MESSAGES)


@pytest.mark.parametrize("code", list(BOOK))
def test_every_entry_is_complete(code):
    entry = BOOK[code]
    assert set(entry) <= KEYS, set(entry) - KEYS
    assert entry["means"].strip() and entry["fix"].strip()
    assert entry.get("right") is not None and entry.get("wrong") is not None
    assert entry.get("check", True) or entry.get("because"), "say why it is not run"
    assert set(entry.get("also", [])) <= set(MESSAGES)


@pytest.mark.parametrize("code", RUNNABLE)
def test_the_wrong_example_gives_its_code_and_the_right_one_does_not(tmp_path, code):
    wrong = found(typed(tmp_path, code, wrong=True), code)
    assert {p.code for p in wrong} == {code, *BOOK[code].get("also", [])}, [
        p.format("en") for p in wrong
    ]
    right = found(typed(tmp_path, code, wrong=False), code)
    assert code not in {p.code for p in right}, [p.format("en") for p in right]
    assert not has_errors(right), [p.format("en") for p in right]


def test_invisible_characters_are_shown():
    assert visible("a\tb\x07\nc") == "a␉b␇\nc"


def test_the_page_has_an_anchor_per_code(make_project):
    from kitpress.build import BuildOptions, build

    root = make_project("site")
    build(root, BuildOptions(offline=False))
    page = (root / "build" / "docs" / "codes" / "index.md").read_text(encoding="utf-8")
    for entry in codes():
        assert f"## {entry.code} {{#{entry.code}}}\n" in page
    html = (root / "build" / "site" / "codes" / "index.html").read_text(encoding="utf-8")
    for code in MESSAGES:
        assert f'id="{code}"' in html, code
    assert "difficulty：容易" in page and "“…” 应该是…，这里是…" in page
    assert "title: ␇门口的快递分楼摆放" in page  # K009's control character, made visible


def test_what_the_wrong_text_does_not_show_is_said():
    shown = {c.code: c for c in codes()}
    assert shown["K003"].note == "，用 GBK 编码保存"
    assert shown["K309"].note == "，同样的内容重复 40 遍"
    assert shown["K105"].wrong_where == "packs/Gate_Parcels"
    assert shown["K601"].where == "" and shown["K601"].fence == "text"
