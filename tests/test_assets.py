"""Tests for the kinds of files a pack may ship: nothing a browser would run on the site."""

import os
from pathlib import Path

import pytest

from kitpress.content.files import check_assets, is_image

PNG = b"\x89PNG\r\n\x1a\n"


def pack_with(tmp_path: Path, name: str, data: bytes) -> Path:
    folder = tmp_path / "gate"
    (folder / "assets").mkdir(parents=True)
    (folder / "assets" / name).write_bytes(data)
    return folder


@pytest.mark.parametrize(
    "name",
    ["evil.html", "page.HTM", "run.js", "notes.md", "style.css", "x.xhtml", "app.wasm", "noext"],
)
def test_active_or_unknown_kinds_are_refused(tmp_path: Path, name: str) -> None:
    folder = pack_with(tmp_path, name, b"<script>alert(1)</script>")
    [found] = check_assets(folder, "packs/gate")
    assert (found.code, found.mark.path) == ("K220", f"packs/gate/assets/{name}")
    assert "png" in found.message()


@pytest.mark.parametrize("name", ["photo.JPG", "sheet.pdf", "list.csv", "map.svg", ".DS_Store"])
def test_passive_kinds_pass(tmp_path: Path, name: str) -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="4" height="4"/></svg>'
    data = {"map.svg": svg, "photo.JPG": b"\xff\xd8\xff\xe0"}.get(name, PNG)
    folder = pack_with(tmp_path, name, data)
    assert check_assets(folder, "packs/gate") == []


@pytest.mark.parametrize(
    ("payload", "detail"),
    [
        ("<script>alert(1)</script>", "<script"),
        ('<rect onload="alert(1)"/>', "onload="),
        ('<a href="javascript:alert(1)"><rect/></a>', "javascript:"),
        ('<image href="https://tracker.example/p.png"/>', 'href="https:'),
        ("<foreignObject><p>hi</p></foreignObject>", "<foreignObject"),
        ('<style>@import "x.css";</style>', "@import"),
    ],
)
def test_svg_that_runs_or_loads_is_refused_at_its_line(
    tmp_path: Path, payload: str, detail: str
) -> None:
    svg = f'<svg xmlns="http://www.w3.org/2000/svg">\n  <g>\n    {payload}\n  </g>\n</svg>'
    folder = pack_with(tmp_path, "icon.svg", svg.encode())
    [found] = check_assets(folder, "packs/gate")
    col = svg.splitlines()[2].index(detail) + 1
    assert (found.code, found.mark.line, found.mark.col) == ("K221", 3, col)
    assert dict(found.args)["detail"] == detail


def test_a_linked_assets_folder_is_not_walked(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.html").write_text("x", encoding="utf-8")
    folder = tmp_path / "gate"
    folder.mkdir()
    (folder / "assets").symlink_to(outside)
    assert check_assets(folder, "packs/gate") == []


def test_is_image() -> None:
    assert is_image("assets/Cover.JPG") and is_image("a.webp")
    assert not is_image("pack.yml") and not is_image("assets/cover.jpg.html")


def test_a_picture_whose_bytes_are_not_that_picture_is_refused(tmp_path: Path) -> None:
    folder = pack_with(tmp_path, "cover.png", b"<html><script>alert(1)</script>")
    (folder / "assets" / "real.webp").write_bytes(b"RIFF\x00\x00\x00\x00WEBPVP8 ")
    [found] = check_assets(folder, "packs/gate")
    assert (found.code, found.mark.path) == ("K226", "packs/gate/assets/cover.png")


def test_a_pipe_in_assets_is_named(tmp_path: Path) -> None:
    folder = pack_with(tmp_path, "real.png", PNG)
    os.mkfifo(folder / "assets" / "pipe.png")
    [found] = check_assets(folder, "packs/gate")
    assert (found.code, found.mark.path) == ("K225", "packs/gate/assets/pipe.png")
