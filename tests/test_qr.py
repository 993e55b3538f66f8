"""QR codes: full QR at level Q, version limits, and SVG sized in millimetres."""

from __future__ import annotations

import re

import pytest
import segno

from kitpress.printing.qr import QUIET_ZONE, make_code, qr_svg, qr_version


def test_short_input_still_gives_full_qr_not_micro() -> None:
    code = make_code("1")
    assert not code.is_micro
    assert segno.make("1").is_micro  # what make() would have done


def test_level_is_q_and_never_boosted() -> None:
    # make_qr boosts to H by default when the data still fits the same version.
    assert make_code("https://a.cn/").error == "Q"
    assert make_code("https://kit.example.org/sample-parcels/").designator.endswith("-Q")


@pytest.mark.parametrize(
    ("length", "version"),
    [(20, 2), (40, 4), (60, 5), (61, 6), (90, 8)],
)
def test_qr_version_grows_with_the_url(length: int, version: int) -> None:
    url = "https://x.cn/" + "a" * (length - len("https://x.cn/"))
    assert len(url) == length
    assert qr_version(url) == version


def test_site_urls_of_usual_length_stay_at_version_5() -> None:
    url = "https://can-network.github.io/kitpress/sample-trip/home/"
    assert qr_version(url) <= 5


def test_svg_is_inline_vector_sized_so_the_symbol_has_the_asked_width() -> None:
    url = "https://kit.example.org/sample-parcels/"
    image = qr_svg(url, 72.0, "二维码")
    modules = make_code(url).symbol_size(border=0)[0]
    assert image.svg.startswith("<svg ")
    assert "<?xml" not in image.svg and "<path" in image.svg
    found = re.search(r'width="([\d.]+)mm" height="([\d.]+)mm"', image.svg)
    assert found and found.group(1) == found.group(2)
    width = float(found.group(1))
    assert width == pytest.approx(72.0 * (modules + 2 * QUIET_ZONE) / modules, abs=0.01)
    assert image.width_mm == width and image.symbol_mm == 72.0
    assert f'viewBox="0 0 {modules + 2 * QUIET_ZONE} {modules + 2 * QUIET_ZONE}"' in image.svg
    assert image.version == qr_version(url)
