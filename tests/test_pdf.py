"""The WeasyPrint side: only local files are loaded, text shrinks to fit, logs are kept."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from kitpress.model import Download
from kitpress.printing.fonts import plan_fonts
from kitpress.printing.jobs import Job, Part
from kitpress.printing.pdf import Refused, SafeFetcher, render
from kitpress.problems import Mark

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010800000000"
    "3a7e9b550000000a49444154789c63600000000200015d0fdb670000000049454e44ae426082"
)


def make_job(
    tmp_path: Path, body: str, *, sizes: tuple[float, ...] = (), one_page: bool = False
) -> Job:
    """Wrap ``body`` in a minimal A6 page as a job that may read files in ``tmp_path``."""
    html = (
        '<html lang="zh-CN"><head><style>@page { size: 105mm 148mm; margin: 10mm }'
        "html { font-family: 'Noto Sans CJK SC'; font-size: 14pt }</style></head>"
        f"<body>{body}</body></html>"
    )
    return Job(
        key="0" * 64,
        html=html,
        css="",
        fonts=plan_fonts("No Such Family", "", tmp_path / "fonts"),
        allowed=(str(tmp_path.resolve()),),
        sizes=sizes,
        one_page=one_page,
        download=Download("x.pdf", "poster", "x", 0, ""),
        origin=Mark("packs/x/pack.yml"),
    )


def test_fetcher_allows_data_and_files_inside_the_allowed_folders(tmp_path: Path) -> None:
    inside = tmp_path / "assets" / "a.png"
    inside.parent.mkdir()
    inside.write_bytes(PNG)
    fetcher = SafeFetcher((str(tmp_path),))
    assert fetcher.permits("data:image/png;base64,AAAA")
    assert fetcher.permits(inside.as_uri())
    assert fetcher.fetch(inside.as_uri()).read() == PNG


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/a.png",
        "http://127.0.0.1:9/a.png",
        "ftp://example.com/a.png",
        "file:///etc/hostname",
        "file://otherhost/share/a.png",
        "javascript:alert(1)",
    ],
)
def test_fetcher_refuses_network_and_files_elsewhere(tmp_path: Path, url: str) -> None:
    fetcher = SafeFetcher((str(tmp_path),))
    assert not fetcher.permits(url)
    with pytest.raises(Refused) as caught:
        fetcher.fetch(url)
    assert caught.value.url == url


def test_fetcher_refuses_escapes_by_dotdot_and_symlink(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    outside = tmp_path / "secret.png"
    outside.write_bytes(PNG)
    os.symlink(outside, root / "link.png")
    fetcher = SafeFetcher((str(root),))
    assert not fetcher.permits((root / "link.png").as_uri())
    assert not fetcher.permits(root.as_uri() + "/../secret.png")


def test_a_refused_stylesheet_stops_the_render(tmp_path: Path) -> None:
    job = make_job(tmp_path, '<link rel="stylesheet" href="https://example.com/x.css"><p>字</p>')
    result = render(job)
    assert (result.refused, result.pdf) == ("https://example.com/x.css", b"")


def test_local_image_renders_without_warnings(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(PNG)
    result = render(make_job(tmp_path, f'<img src="{(tmp_path / "a.png").as_uri()}" alt="点">'))
    assert result.pdf.startswith(b"%PDF") and result.warnings == ()


def test_missing_image_is_reported_as_a_weasyprint_warning(tmp_path: Path) -> None:
    result = render(make_job(tmp_path, f'<img src="{(tmp_path / "nope.png").as_uri()}" alt="点">'))
    assert result.warnings and result.warnings[0].startswith("WeasyPrint: ")


def test_text_shrinks_until_one_page(tmp_path: Path) -> None:
    body = "<p>" + "邻居互助，" * 150 + "</p>"
    assert render(make_job(tmp_path, body)).pages > 1
    result = render(make_job(tmp_path, body, sizes=(14, 12, 10, 8, 6), one_page=True))
    assert (result.pages, result.overflow) == (1, 0)


def test_text_too_long_at_the_smallest_size_overflows(tmp_path: Path) -> None:
    body = "<p>" + "邻居互助，" * 600 + "</p>"
    result = render(make_job(tmp_path, body, sizes=(14, 12), one_page=True))
    assert result.pdf == b"" and result.overflow >= 100  # a whole page more, at least


def _glyph_height(pdf: bytes) -> float:
    """Return the height of the first character's box on page one, in points."""

    with pdfium.PdfDocument(pdf) as document:
        _, bottom, _, top = document[0].get_textpage().get_charbox(0)
    return float(top - bottom)


def test_short_text_grows_to_be_read_from_afar(tmp_path: Path) -> None:
    fixed = render(make_job(tmp_path, "<p>邻居互助</p>"))
    # Without fit markers a one-page document counts as full, so mark the room for text.
    room = (
        '<div id="kp-flow-start"></div><p>邻居互助</p><div id="kp-flow-end"></div>'
        '<div style="height: 100mm"></div><div id="kp-flow-limit"></div>'
    )
    grown = render(make_job(tmp_path, room, sizes=(20, 12), one_page=True))
    assert fixed.pages == grown.pages == 1
    assert grown.size == 20  # the largest size allowed: the text is far from its limit
    assert _glyph_height(grown.pdf) > 1.3 * _glyph_height(fixed.pdf)


def _room(paragraphs: int) -> str:
    """Return ``paragraphs`` of text in a room marked for fitting, 100 mm tall."""
    text = "".join(f"<p>{'邻居互助，一起把快递分好。' * 4}</p>" for _ in range(paragraphs))
    return (
        f'<div id="kp-flow-start"></div>{text}<div id="kp-flow-end"></div>'
        '<div id="kp-flow-limit" style="position: fixed; top: 100mm"></div>'
    )


def test_the_largest_size_that_fits_is_found_and_fills_the_room(tmp_path: Path) -> None:
    sizes = []
    for paragraphs in (1, 2, 4):
        result = render(make_job(tmp_path, _room(paragraphs), sizes=(30, 6), one_page=True))
        assert result.pdf and 0.85 <= result.used <= 1, (paragraphs, result.used)
        sizes.append(result.size)
    assert sizes == sorted(sizes, reverse=True) and sizes[0] > sizes[-1]


def _cards(lengths: list[int]) -> str:
    """Return boxes 40 mm tall, one a part, each with ``length`` sentences of text."""
    boxes = []
    for index, length in enumerate(lengths):
        text = "邻居互助，一起把快递分好。" * length
        boxes.append(
            f'<div id="kp-part-{index}" style="height: 40mm; position: relative">'
            f'<div id="kp-part-{index}-start"></div><p>{text}</p><div id="kp-part-{index}-end">'
            f'</div><div id="kp-part-{index}-limit" style="position: absolute; bottom: 0">'
            "</div></div>"
        )
    return "".join(boxes)


def test_each_part_shrinks_on_its_own_and_one_too_long_is_named(tmp_path: Path) -> None:
    parts = tuple(Part(Mark(f"cards/0{i}.md", 3), (("title", str(i)),)) for i in range(3))
    job = dataclasses.replace(make_job(tmp_path, _cards([1, 8, 90])), parts=parts)
    result = render(job)
    assert result.pdf == b"" and result.part_overflow[:2] == (0, 0) and result.part_overflow[2]
    assert result.part_sizes[0] == 12 and 8 < result.part_sizes[1] < 12
    assert result.part_sizes[2] == 8  # tried down to the floor
    fits = render(dataclasses.replace(make_job(tmp_path, _cards([1, 8])), parts=parts[:2]))
    assert fits.pdf and fits.part_overflow == (0, 0)
