"""Tests for the kinds of files a pack may ship: nothing a browser would run on the site."""

import os
from pathlib import Path

import pytest
from conftest import unquoted_cjk

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


SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ("<script>alert(1)</script>", "K221"),
        ('<rect onload="alert(1)"/>', "K221"),
        ('<a href="javascript:alert(1)"><rect/></a>', "K221"),
        ('<use href="https://tracker.example/p.svg#x"/>', "K221"),
        ('<use xlink:href="&#106;avascript:alert(1)"/>', "K221"),
        ('<use href="data:image/svg+xml,&lt;svg onload=alert(1)&gt;"/>', "K221"),
        ("<foreignObject><p>hi</p></foreignObject>", "K221"),
        ('<style>@import "x.css";</style>', "K221"),
        ('<style>rect { fill: url("https://e.org/x") }</style>', "K221"),
        ('<rect style="fill:u\\rl(https://e.org/x)"/>', "K221"),
        ('<rect fill="url(//e.org/x#g)"/>', "K221"),
        ('<s:script xmlns:s="http://www.w3.org/2000/svg">alert(1)</s:script>', "K221"),
        ('<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>', "K221"),
        ('<animate attributeName="href" values="&#x6a;avascript:alert(1)"/>', "K221"),
        ('<set attributeName="onmouseover" to="alert(1)"/>', "K221"),
        ('<image href="cover.png"/>', "K221"),
        ('<math xmlns="http://www.w3.org/1998/Math/MathML"/>', "K230"),
        ('<rect data-x="1"/>', "K230"),
        ('<rect ev:event="click" xmlns:ev="http://www.w3.org/2001/xml-events"/>', "K230"),
    ],
)
def test_svg_off_the_allowlist_is_refused_at_its_line(
    tmp_path: Path, payload: str, code: str
) -> None:
    svg = f"{SVG_OPEN}\n  <g>\n    {payload}\n  </g>\n</svg>"
    folder = pack_with(tmp_path, "icon.svg", svg.encode())
    [found] = check_assets(folder, "packs/gate")
    assert (found.code, found.mark.line, found.mark.col) == (code, 3, 5)
    assert found.message()


def test_a_utf16_svg_is_read_in_its_own_encoding(tmp_path: Path) -> None:
    svg = '<?xml version="1.0" encoding="UTF-16"?>\n<svg xmlns="http://www.w3.org/2000/svg">'
    svg += "<script>alert(1)</script></svg>"
    folder = pack_with(tmp_path, "icon.svg", svg.encode("utf-16"))
    [found] = check_assets(folder, "packs/gate")
    assert (found.code, found.mark.line) == ("K221", 2)
    folder = pack_with(
        tmp_path / "b",
        "icon.svg",
        svg.replace("<script>alert(1)</script>", "<rect/>").encode("utf-16"),
    )
    assert check_assets(folder, "packs/gate") == []


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (
            b'<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
            "K229",
        ),
        (
            b'<!DOCTYPE svg SYSTEM "http://e.org/x.dtd"><svg xmlns="http://www.w3.org/2000/svg"/>',
            "K229",
        ),
        (
            b'<?xml-stylesheet href="https://e.org/x.xsl"?><svg xmlns="http://www.w3.org/2000/svg"/>',
            "K221",
        ),
        (b'<?xml version="1.0" encoding="x-nonsense"?><svg/>', "K228"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>', "K228"),
        (b"<html><script>alert(1)</script></html>", "K230"),
    ],
)
def test_svg_that_is_not_plain_xml_is_refused(tmp_path: Path, data: bytes, code: str) -> None:
    [found] = check_assets(pack_with(tmp_path, "icon.svg", data), "packs/gate")
    assert found.code == code
    assert found.message()


def test_an_inkscape_drawing_passes(tmp_path: Path) -> None:
    svg = (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"'
        ' xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" width="10mm" height="10mm"'
        ' viewBox="0 0 10 10" inkscape:version="1.2">\n'
        '<sodipodi:namedview id="nv" pagecolor="#fff"/>\n<defs><linearGradient id="g">'
        '<stop offset="0" style="stop-color:#000"/></linearGradient></defs>\n'
        '<g inkscape:label="Layer 1" inkscape:groupmode="layer"><rect width="4" height="4" '
        'style="fill:url(#g);stroke:#000" xml:space="preserve"/><use xlink:href="#g" '
        'xmlns:xlink="http://www.w3.org/1999/xlink"/><text x="1" y="1">楼</text></g></svg>'
    )
    assert check_assets(pack_with(tmp_path, "icon.svg", svg.encode()), "packs/gate") == []


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


@pytest.mark.parametrize(
    ("svg", "detail"),
    [
        (b"<svg><rect/></svg>", '<svg xmlns="">'),
        (
            f'{SVG_OPEN}<h:b xmlns:h="http://www.w3.org/1999/xhtml"/></svg>'.encode(),
            '<b xmlns="http://www.w3.org/1999/xhtml">',
        ),
    ],
)
def test_an_element_outside_svg_is_named_with_its_namespace_in_any_language(
    tmp_path: Path, svg: bytes, detail: str
) -> None:
    [found] = check_assets(pack_with(tmp_path, "icon.svg", svg), "packs/gate")
    assert dict(found.args)["detail"] == detail
    assert detail in found.message("en") and detail in found.message("zh")
    assert unquoted_cjk(found.format("en")) == []


def test_a_hard_link_in_assets_is_refused_and_never_copied(tmp_path: Path) -> None:
    from kitpress.content.files import walk_files

    secret = tmp_path / "id_rsa"
    secret.write_bytes(PNG)
    folder = pack_with(tmp_path, "ok.png", PNG)
    os.link(secret, folder / "assets" / "key.png")
    [found] = check_assets(folder, "packs/gate")
    assert (found.code, found.mark.path) == ("K231", "packs/gate/assets/key.png")
    assert "硬链接" in found.message()
    assert walk_files(folder / "assets") == [folder / "assets" / "ok.png"]


def test_a_hard_linked_card_or_pack_file_is_refused(make_project) -> None:
    from kitpress.build import CheckOptions, check

    root = make_project("site")
    card = root / "packs" / "gate-parcels" / "cards" / "01-talk-to-guard.md"
    outside = root.parent / "elsewhere.md"
    card.rename(outside)
    os.link(outside, card)
    found = [p for p in check(root, CheckOptions(posters=False)) if p.code == "K231"]
    assert [p.mark.path for p in found] == ["packs/gate-parcels/cards/01-talk-to-guard.md"]


def test_a_reference_to_a_hard_link_is_refused(tmp_path: Path) -> None:
    from kitpress.content.files import resolve_ref

    folder = pack_with(tmp_path, "ok.png", PNG)
    os.link(folder / "assets" / "ok.png", folder / "assets" / "twin.png")
    assert resolve_ref(folder, "assets/twin.png") == (None, "K231")
