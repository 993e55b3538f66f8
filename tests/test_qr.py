"""QR codes: full QR at level Q, version limits, and SVG sized in millimetres."""

from __future__ import annotations

import random
import re
import string
from pathlib import Path

import pytest
import segno

from kitpress.printing import qr
from kitpress.printing.qr import (
    CAPACITY_Q,
    MODULE_MM,
    QUIET_ZONE,
    _drawing,
    make_code,
    qr_mode,
    qr_svg,
    qr_version,
)


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


def test_capacity_table_is_segnos_own() -> None:
    import segno.consts as consts

    segno_q = [consts.SYMBOL_CAPACITY[v][consts.ERROR_LEVEL_Q] for v in range(1, 41)]
    assert list(CAPACITY_Q) == segno_q


def addresses() -> list[str]:
    """Make a few hundred addresses of varied lengths and every mode segno may pick."""
    rng = random.Random(15)
    alphabets = {
        "lower": string.ascii_lowercase + string.digits + "-_/.",
        "upper": string.ascii_uppercase + string.digits + " $%*+-./:",
        "digits": string.digits,
        "latin1": "abcéüßñ/-",
        "chinese": "社区互助工具包快递楼道/-ab",
        "kanji": "漢字東京駅",  # Shift JIS double-byte: kanji mode
        "percent": "%E7%A4%BE" + "abc/",
    }
    out = []
    for name, alphabet in alphabets.items():
        for _ in range(45):
            length = rng.choice([1, 2, 3, 5, 8, 13, 20, 34, 40, 55, 61, 89, 120, 144, 233, 400])
            body = "".join(rng.choice(alphabet) for _ in range(length))
            out.append(body if name in {"digits", "upper", "kanji"} else "https://x.cn/" + body)
    return [*out, "", "HTTPS://KIT.EXAMPLE.ORG/A/", "0" * 300, "a" * 1600]


@pytest.mark.parametrize("url", addresses())
def test_version_from_the_table_is_the_version_segno_encodes(url: str) -> None:
    assert qr_version(url) == make_code(url).version


def test_address_too_long_for_any_version_gives_41_not_a_traceback() -> None:
    assert qr_version("a" * 4000) == 41
    with pytest.raises(segno.DataOverflowError):
        make_code("a" * 4000)


def test_the_addresses_cover_every_mode_and_many_versions() -> None:
    urls = addresses()
    assert {qr_mode(url)[0] for url in urls} == {"numeric", "alphanumeric", "byte", "kanji"}
    assert len({qr_version(url) for url in urls}) >= 20


def test_measuring_a_version_never_encodes(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a full encode only to learn the version")

    monkeypatch.setattr(segno, "make_qr", refuse)
    assert qr_version("https://never-encoded.example.org/" + "b" * 70) == 8


@pytest.mark.parametrize("length", [20, 60, 90, 150])
def test_a_module_prints_at_least_0_8_mm_however_long_the_address(length: int) -> None:
    """Measured from the SVG itself: its printed width over its modules and quiet zone."""
    url = "https://x.cn/" + "a" * (length - len("https://x.cn/"))
    image = qr_svg(url, 35.0, "二维码")
    found = re.search(r'width="([\d.]+)mm".*viewBox="0 0 (\d+) (\d+)"', image.svg)
    assert found
    module_mm = float(found.group(1)) / int(found.group(2))
    assert module_mm >= MODULE_MM - 0.001
    assert image.symbol_mm >= 35.0


def refuse_encoding(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any encode fail, and forget the codes this process already drew."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("encoded again")

    make_code.cache_clear()
    _drawing.cache_clear()
    monkeypatch.setattr(segno, "make_qr", refuse)


def test_a_drawing_kept_in_the_cache_is_read_back_not_encoded_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = "https://kit.example.org/sample-parcels/cards/sorting/"
    drawn = qr_svg(url, 72.0, "二维码", tmp_path)
    (kept,) = tmp_path.glob("*.svg")
    refuse_encoding(monkeypatch)
    assert qr_svg(url, 72.0, "二维码", tmp_path) == drawn
    assert qr_svg(url, 35.0, "扫码", tmp_path).version == drawn.version
    assert list(tmp_path.glob("*.svg")) == [kept]


def test_a_damaged_drawing_is_encoded_again_and_replaced(tmp_path: Path) -> None:
    url = "https://kit.example.org/sample-parcels/"
    drawn = qr_svg(url, 72.0, "二维码", tmp_path)
    (kept,) = tmp_path.glob("*.svg")
    whole = kept.read_text(encoding="utf-8")
    kept.write_text(whole.replace("M", "m", 1), encoding="utf-8")  # one stroke drawn wrong
    _drawing.cache_clear()
    assert qr_svg(url, 72.0, "二维码", tmp_path) == drawn
    assert kept.read_text(encoding="utf-8") == whole
    assert qr_svg(url, 72.0, "二维码") == drawn  # and without a cache, the same drawing


def test_a_drawing_kept_under_other_drawing_options_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = "https://kit.example.org/sample-parcels/"
    qr_svg(url, 72.0, "二维码", tmp_path)
    _drawing.cache_clear()
    monkeypatch.setitem(qr.SVG_OPTIONS, "svgclass", "code")
    assert 'class="code"' in qr_svg(url, 72.0, "二维码", tmp_path).svg
    assert len(list(tmp_path.glob("*.svg"))) == 2
