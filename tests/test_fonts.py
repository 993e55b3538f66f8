"""Fonts: the CJK family is found, cut down with HarfBuzz, and WeasyPrint subsets it again."""

from __future__ import annotations

import io
import re
import zlib
from pathlib import Path

from conftest import no_logged_warnings
from fontTools.ttLib import TTFont

from kitpress.model import Download, Settings
from kitpress.printing.designs import share_fonts
from kitpress.printing.fonts import BASE_CHARS, find_faces, plan_fonts, subset_face, write_subsets
from kitpress.printing.labels import labels_job
from kitpress.problems import Mark

FAMILY = "Noto Sans CJK SC"
TEXT = "返程锦囊：出发前看一遍"


def test_default_family_has_regular_and_bold_faces() -> None:
    faces = find_faces(FAMILY)
    assert [face.weight for face in faces] == [400, 700]
    for face in faces:
        assert face.path.is_file() and face.path.suffix in (".ttc", ".otf", ".ttf")
        assert face.name.startswith(f"{face.path.name}#{face.index}:")


def test_missing_family_gives_no_faces() -> None:
    assert find_faces("No Such Family 12345") == ()


def test_subset_holds_exactly_the_asked_characters() -> None:
    face = find_faces(FAMILY)[0]
    data = subset_face(face.path, face.index, TEXT)
    font = TTFont(io.BytesIO(data))
    assert set(font.getBestCmap()) == {ord(char) for char in TEXT}
    assert font["maxp"].numGlyphs < 100  # renumbered: not all 65,535 glyph ids kept
    assert len(data) < 20_000


def test_plan_is_named_by_its_characters_and_font(tmp_path: Path) -> None:
    plan = plan_fonts(FAMILY, TEXT, tmp_path)
    assert plan == plan_fonts(FAMILY, TEXT, tmp_path)
    assert plan.family != plan_fonts(FAMILY, TEXT + "多", tmp_path).family
    assert set(plan.chars) == set(TEXT) | BASE_CHARS
    assert plan.stack.startswith(f'"{plan.family}", "{FAMILY}"')
    assert plan.css.count("@font-face") == 2 and "file://" in plan.css


def test_write_subsets_writes_each_weight_once(tmp_path: Path) -> None:
    plan = plan_fonts(FAMILY, TEXT, tmp_path / "fonts")
    write_subsets(plan)
    outs = [out for _face, out in plan.files]
    assert all(out.is_file() for out in outs)
    stamps = [out.stat().st_mtime_ns for out in outs]
    write_subsets(plan)
    assert [out.stat().st_mtime_ns for out in outs] == stamps


def test_missing_family_plans_no_subset(tmp_path: Path) -> None:
    plan = plan_fonts("No Such Family 12345", TEXT, tmp_path)
    assert plan.files == () and plan.css == ""
    assert plan.stack == '"No Such Family 12345", sans-serif'


def embedded_fonts(pdf: bytes) -> list[TTFont]:
    """Return the font programs embedded in a PDF (OpenType and TrueType streams)."""
    fonts = []
    for found in re.finditer(rb"<<([^<>]*)>>\s*stream\r?\n", pdf):
        raw = pdf[found.end() : pdf.index(b"endstream", found.end())]
        data = zlib.decompress(raw) if b"/FlateDecode" in found.group(1) else raw
        if data[:4] in (b"OTTO", b"\x00\x01\x00\x00", b"true"):
            fonts.append(TTFont(io.BytesIO(data)))
    return fonts


def test_weasyprint_subsets_with_harfbuzz_not_fonttools(tmp_path: Path) -> None:
    # WeasyPrint 70 subsets with HarfBuzz when libharfbuzz-subset >= 4.1.0 is loaded, and
    # otherwise warns "Using fontTools instead of HarfBuzz-Subset"; render relays warnings.
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    from kitpress.printing.pdf import render

    assert harfbuzz_subset is not None
    assert harfbuzz.hb_version_atleast(4, 1, 0)
    settings = Settings(root=tmp_path, site_name="测试", site_url="https://x.cn/")
    download = Download("labels.pdf", "building-labels", "楼号牌", 0, "")
    job = labels_job(
        settings, tmp_path / "cache", ("1", "2"), 1, download=download, origin=Mark("x")
    )
    (job,) = share_fonts([job], settings, tmp_path / "cache")
    with no_logged_warnings():
        result = render(job)
    assert result.pdf.startswith(b"%PDF") and result.warnings == ()
    fonts = embedded_fonts(result.pdf)
    # Both weights, each cut to the document's characters (the face has 65,535 glyphs).
    names = sorted(str(font["name"].getDebugName(4)) for font in fonts)
    assert names == [FAMILY, f"{FAMILY} Bold"]
    assert all(font["maxp"].numGlyphs < 300 for font in fonts)
    assert len(result.pdf) < 20_000
