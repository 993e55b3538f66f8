"""Fonts: the CJK family is found, cut down with HarfBuzz, and WeasyPrint subsets it again."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
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


def test_weasyprint_subsets_with_harfbuzz_not_fonttools(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # WeasyPrint 70 (weasyprint/pdf/fonts.py, Font.subset) takes the HarfBuzz path when
    # libharfbuzz-subset loaded and HarfBuzz >= 4.1.0, else falls back to fontTools.
    from weasyprint.pdf import fonts as pdf_fonts
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    from kitpress.printing.pdf import render

    assert harfbuzz_subset is not None
    assert harfbuzz.hb_version_atleast(4, 1, 0)
    calls: list[str] = []
    original = pdf_fonts.Font._harfbuzz_subset

    def spy(self: Any, *args: Any) -> Any:
        calls.append(self.family)
        return original(self, *args)

    def refuse(self: Any, *args: Any) -> None:
        raise AssertionError("WeasyPrint fell back to fontTools subsetting")

    monkeypatch.setattr(pdf_fonts.Font, "_harfbuzz_subset", spy)
    monkeypatch.setattr(pdf_fonts.Font, "_fonttools_subset", refuse)
    settings = Settings(root=tmp_path, site_name="测试", site_url="https://x.cn/")
    download = Download("labels.pdf", "building-labels", "楼号牌", 0, "")
    job = labels_job(
        settings, tmp_path / "cache", ("1", "2"), 1, download=download, origin=Mark("x")
    )
    (job,) = share_fonts([job], settings, tmp_path / "cache")
    result = render(job)
    assert result.pdf.startswith(b"%PDF")
    assert calls and all(family.startswith("kp-") for family in calls)
