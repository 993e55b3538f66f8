"""Posters: real WeasyPrint PDFs, rasterised and scanned like a phone would."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import math
import re
import shutil
import zlib
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import zxingcpp
from conftest import no_logged_warnings

from kitpress.model import (
    Author,
    Card,
    Download,
    Material,
    Pack,
    PosterSpec,
    Printable,
    Project,
    Settings,
    Span,
    Taxonomy,
)
from kitpress.printing import press, qr
from kitpress.printing.plan import fit_posters, render_posters
from kitpress.problems import ContentError, Mark

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "posters-basic"
SITE = "https://kit.example.org/"
PAPER_FACTORS = {"A3": 2**0.5, "A4": 1.0, "A5": 0.5**0.5}
CARD_SOURCE = "packs/street-signs/cards/{:02d}-{}.md"
Built = tuple[Path, tuple[Download, ...]]  # the output folder and the downloads rendered


def make_card(order: int, slug: str, title: str, body: str, **fields: object) -> Card:
    """Build a card of the fixture pack."""
    return Card(slug, order, title, body, CARD_SOURCE.format(order, slug), **fields)  # type: ignore[arg-type]


ARROW = make_card(
    1,
    "arrow-signs",
    "画一个指路箭头",
    "在A4纸上画一个**大箭头**，指向快递点：\n\n![箭头](../assets/arrow.png)\n\n"
    "- 贴在小区门口\n- 高度与视线平齐\n\n<script>alert(1)</script>",
    summary="让第一次来的快递员一眼找到快递点。",
    time=Span("20分钟", 20, 20),
    cost=Span("0元", 0, 0),
    poster=True,
    checkin="门口的指路箭头贴好了，快递点在2号门左手边。",
)
HOURS = make_card(
    2,
    "pick-up-hours",
    "写清取件时间",
    "把每天有志愿者值守的时间写在告示上，例如：上午9点到11点，下午4点到6点。",
    summary="居民不用反复问。",
)


LISTED = Mark("packs/street-signs/pack.yml", 30, 5)  # where a loader saw the A3 entry


def make_project(root: Path = FIXTURE, **changes: object) -> Project:
    """Build the fixture project: one pack with steps, two cards and every paper size."""
    pack = Pack(
        slug="street-signs",
        title="快递点指路牌",
        summary="用几张黑白打印的指路牌，让居民和快递员都能找到小区的快递分拣点。",
        license="CC-BY-4.0",
        version="1.0.0",
        updated=dt.date(2020, 2, 20),
        scenarios=("small-shops",),
        authors=(Author("大鱼营造", "连接圈"), Author("CAN计划 践行圈", "践行圈")),
        source="packs/street-signs/pack.yml",
        time=Span("1小时", 60, 60),
        materials=(Material("A4纸", cost=Span("1元", 1, 1)), Material("胶带"), Material("记号笔")),
        steps=(
            "在小区门口和快递点之间走一遍，记下需要指路的**拐角**。",
            "每个拐角打印一张箭头，写上“快递点”三个大字。",
            "贴好后请一位邻居按箭头走一遍，看会不会走错。",
        ),
        cards=(ARROW, HOURS),
        posters=(
            PosterSpec(),
            PosterSpec(orientation="landscape"),
            PosterSpec(size="A5"),
            PosterSpec(card="pick-up-hours", size="A3", orientation="landscape", mark=LISTED),
        ),
        printables=(Printable("card-sheet"),),
    )
    pack = dataclasses.replace(pack, **changes)  # type: ignore[arg-type]
    settings = Settings(
        root=root,
        site_name="社区互助工具包",
        site_url=SITE,
        source_date=dt.datetime(2020, 3, 1, tzinfo=dt.UTC),
    )
    return Project(settings, Taxonomy((), (), ()), (pack,))


pytestmark = pytest.mark.usefixtures("no_weasyprint_warnings")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Render the fixture project once, in a pool of two workers."""
    out = tmp_path_factory.mktemp("posters")
    with no_logged_warnings():
        downloads = render_posters(make_project(), out / "docs", out / "cache", jobs=2).downloads
    return out, downloads


def posters(built: Built) -> list[Download]:
    """Return the poster downloads of a build."""
    return [d for d in built[1] if d.kind == "poster"]


def test_every_poster_asked_for_is_rendered_with_a_clear_name(built: Built) -> None:
    names = {(d.path, d.paper, d.card) for d in built[1]}
    assert names == {
        ("downloads/street-signs/poster.pdf", "A4 竖版", ""),
        ("downloads/street-signs/poster-landscape.pdf", "A4 横版", ""),
        ("downloads/street-signs/poster-a5.pdf", "A5 竖版", ""),
        (
            "downloads/street-signs/poster-pick-up-hours-a3-landscape.pdf",
            "A3 横版",
            "pick-up-hours",
        ),
        ("downloads/street-signs/poster-arrow-signs.pdf", "A4 竖版", "arrow-signs"),
        ("downloads/street-signs/cards.pdf", "A4 竖版", ""),
    }


def test_downloads_describe_their_files(built: Built) -> None:
    out, downloads = built
    for download in downloads:
        data = (out / "docs" / download.path).read_bytes()
        assert download.size == len(data)
        assert download.sha256 == hashlib.sha256(data).hexdigest()
        assert download.pack == "street-signs"
        with pdfium.PdfDocument(data) as pdf:
            assert download.pages == len(pdf)


def test_every_poster_is_exactly_one_page(built: Built) -> None:
    for download in posters(built):
        with pdfium.PdfDocument(built[0] / "docs" / download.path) as pdf:
            assert len(pdf) == 1, download.path


@pytest.mark.parametrize("dpi", [150, 72])
def test_qr_code_scans_to_the_exact_page_at_level_q(built: Built, dpi: int) -> None:
    for download in posters(built):
        page_path = f"street-signs/{download.card}/" if download.card else "street-signs/"
        codes = scan(built[0] / "docs" / download.path, dpi)
        assert [code.text for code in codes] == [SITE + page_path], download.path
        assert codes[0].ec_level == "Q"
        assert codes[0].format == zxingcpp.BarcodeFormat.QRCode


def test_qr_code_is_printed_at_least_70_mm_wide_on_every_paper(built: Built) -> None:
    dpi = 150
    for download in posters(built):
        code = scan(built[0] / "docs" / download.path, dpi)[0]
        corners = code.position
        width_px = math.dist(
            (corners.top_left.x, corners.top_left.y), (corners.top_right.x, corners.top_right.y)
        )
        least = max(70.0, 72 * PAPER_FACTORS[download.paper.split()[0]]) - 0.5  # A5 too
        assert width_px / dpi * 25.4 >= least, download.path


def test_url_is_printed_under_the_code_for_people_who_cannot_scan(built: Built) -> None:
    for download in posters(built):
        text = page_text(built[0] / "docs" / download.path)
        text = re.sub(r"\r?\n", "", text).replace("\ufffe", "-")  # PDFium marks a hyphen at a break
        url = SITE + ("street-signs/" + (f"{download.card}/" if download.card else ""))
        assert url in text, download.path


def test_text_holds_title_facts_steps_and_footer_in_embedded_fonts(built: Built) -> None:
    path = built[0] / "docs" / "downloads/street-signs/poster.pdf"
    text = page_text(path)
    for expected in (
        "快递点指路牌",
        "用时 1小时",
        "花费 1元",
        "材料 A4纸、胶带、记号笔",
        "拐角",
        "知识共享 署名 4.0 国际（CC-BY-4.0）",
        "大鱼营造、CAN计划 践行圈",
        "版本 1.0.0",
        "更新于 2020-02-20",
    ):
        assert expected in text.replace("\r\n", "").replace("\n", "")
    assert "\ufffd" not in text
    fonts = embedded_fonts(path)
    assert fonts and all(embedded for _name, embedded in fonts)
    assert all("kp-" in name for name, _ in fonts)  # the pre-cut subset, no system fallback


def test_card_poster_shows_body_with_raw_html_escaped_and_image(built: Built) -> None:
    path = built[0] / "docs" / "downloads/street-signs/poster-arrow-signs.pdf"
    text = page_text(path)
    assert "画一个指路箭头" in text and "高度与视线平齐" in text
    assert "<script>alert(1)</script>" in text  # shown as text, never run
    assert "门口的指路箭头贴好了" in text
    with pdfium.PdfDocument(path) as pdf:
        kinds = [obj.type for obj in pdf[0].get_objects(max_depth=4)]
    assert pdfium_c.FPDF_PAGEOBJ_IMAGE in kinds


def test_posters_are_pure_black_on_white_without_large_ink_areas(built: Built) -> None:
    for download in posters(built):
        path = built[0] / "docs" / download.path
        colours = re.findall(
            rb"([\d.]+) ([\d.]+) ([\d.]+) (?:rg|RG)\b", inflated(path.read_bytes())
        )
        assert colours and set(colours) <= {(b"0", b"0", b"0"), (b"1", b"1", b"1")}
        with pdfium.PdfDocument(path) as pdf:
            image = pdf[0].render(scale=30 / 72, grayscale=True).to_pil()
        histogram = image.convert("L").histogram()
        dark = sum(histogram[:128]) / sum(histogram)
        assert dark < 0.15, download.path  # the QR code is most of the ink


def test_pdf_metadata_is_set_and_dated_from_the_source(built: Built) -> None:
    path = built[0] / "docs" / "downloads/street-signs/poster-arrow-signs.pdf"
    with pdfium.PdfDocument(path) as pdf:
        meta = pdf.get_metadata_dict()
    assert meta["Title"] == "画一个指路箭头 · 快递点指路牌"
    assert meta["Author"] == "大鱼营造、CAN计划 践行圈"
    assert meta["CreationDate"] == meta["ModDate"] == "D:20200301000000Z"
    assert b"/Lang (zh-CN)" in inflated(path.read_bytes())


def test_same_inputs_render_byte_identical_pdfs(built: Built, tmp_path: Path) -> None:
    again = render_posters(make_project(), tmp_path / "docs", tmp_path / "cache", jobs=1)
    assert again.report.rendered == len(again.downloads)
    for download in again.downloads:
        first = (built[0] / "docs" / download.path).read_bytes()
        assert (tmp_path / "docs" / download.path).read_bytes() == first, download.path


def test_rebuild_renders_only_what_changed(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = render_posters(make_project(), tmp_path / "a", cache, jobs=1).downloads
    report = render_posters(make_project(), tmp_path / "b", cache, jobs=1).report
    assert (report.rendered, report.reused) == (0, len(first))
    # An edit in characters the pack already prints: the card's own poster and the card
    # sheet show it; the pack's other documents do not.
    changed = dataclasses.replace(HOURS, body=HOURS.body + "\n\n" + HOURS.title)
    report = render_posters(
        make_project(cards=(ARROW, changed)), tmp_path / "c", cache, jobs=1
    ).report
    assert (report.rendered, report.reused) == (2, len(first) - 2)
    assert (tmp_path / "b" / first[0].path).read_bytes() == (
        tmp_path / "a" / first[0].path
    ).read_bytes()
    # A character new to the pack changes the pack's shared font: all of it is printed again.
    added = dataclasses.replace(HOURS, body=HOURS.body + "节假日另行通知。")
    report = render_posters(
        make_project(cards=(ARROW, added)), tmp_path / "d", cache, jobs=1
    ).report
    assert (report.rendered, report.reused) == (len(first), 0)


def test_a_rebuild_with_nothing_changed_encodes_no_qr_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    stale = cache / "qr" / "0123456789abcdef0123456789abcdef.svg"  # an address gone since
    stale.parent.mkdir(parents=True)
    stale.write_text("x", encoding="utf-8")
    first = render_posters(make_project(), tmp_path / "a", cache, jobs=1).downloads
    # The pack's page and its two cards': the posters and the card sheet draw no other.
    assert len(list((cache / "qr").glob("*.svg"))) == 3 and not stale.exists()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a QR code encoded again though nothing changed")

    qr.make_code.cache_clear()
    qr._drawing.cache_clear()  # as a new process starts: only the cache folder remembers
    monkeypatch.setattr(qr.segno, "make_qr", refuse)
    again = render_posters(make_project(), tmp_path / "b", cache, jobs=1)
    assert (again.report.rendered, again.report.reused) == (0, len(first))
    for download in first:
        assert (tmp_path / "b" / download.path).read_bytes() == (
            tmp_path / "a" / download.path
        ).read_bytes()


def test_fitting_shares_the_build_cache_and_renders_nothing_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    assert fit_posters(make_project(), cache, jobs=1) == []
    assert not (tmp_path / "docs").exists()
    printed = render_posters(make_project(), tmp_path / "docs", cache, jobs=1)
    # The card sheet too: its cards are fitted one by one, and check reports the misfits.
    assert (printed.report.rendered, printed.report.reused) == (0, len(printed.downloads))
    monkeypatch.setattr(press, "_render_all", lambda jobs, *_: [] if not jobs else 1 / 0)
    assert fit_posters(make_project(), cache, jobs=1) == []


def test_text_too_long_is_remembered_so_a_second_check_renders_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    steps = tuple(f"第{i}步：把要做的事写清楚，写给第一次参加的邻居看。" for i in range(100))
    project = make_project(steps=steps, posters=(), cards=(), printables=())
    (first,) = fit_posters(project, tmp_path / "cache", jobs=1)
    assert first.code == "K309"
    monkeypatch.setattr(press, "_render_all", lambda jobs, *_: [] if not jobs else 1 / 0)
    assert fit_posters(project, tmp_path / "cache", jobs=1) == [first]


@pytest.mark.parametrize(
    ("card", "spec"),
    [
        ("a3", PosterSpec(size="A3")),  # poster-a3.pdf both
        ("landscape", PosterSpec(orientation="landscape")),  # poster-landscape.pdf both
        ("hours-a5", PosterSpec(card="hours", size="A5")),  # poster-hours-a5.pdf both
    ],
)
def test_two_posters_on_one_file_name_are_a_located_problem(
    tmp_path: Path, card: str, spec: PosterSpec
) -> None:
    cards = (dataclasses.replace(HOURS, slug="hours"), dataclasses.replace(ARROW, slug=card))
    listed = Mark("packs/street-signs/pack.yml", 14, 5)  # where the loader saw the entry
    posters = (spec, PosterSpec(card=card, mark=listed))
    project = make_project(cards=cards, posters=posters, printables=())
    with pytest.raises(ContentError) as caught:
        render_posters(project, tmp_path / "docs", tmp_path / "cache", jobs=1)
    (found,) = caught.value.problems
    assert (found.code, found.mark) == ("K310", listed)
    assert not (tmp_path / "docs").exists()


def test_the_same_poster_asked_for_twice_is_printed_once(tmp_path: Path) -> None:
    posters = (PosterSpec(card="pick-up-hours"), PosterSpec(card="02-pick-up-hours"))
    project = make_project(posters=posters, printables=())
    names = [d.path for d in fit_and_render(project, tmp_path)]
    assert names == [
        "downloads/street-signs/poster.pdf",
        "downloads/street-signs/poster-pick-up-hours.pdf",
        "downloads/street-signs/poster-arrow-signs.pdf",
    ]


def fit_and_render(project: Project, tmp_path: Path) -> tuple[Download, ...]:
    """Check the project's posters fit, then render them."""
    assert fit_posters(project, tmp_path / "cache", jobs=1) == []
    return render_posters(project, tmp_path / "docs", tmp_path / "cache", jobs=1).downloads


def test_bleed_adds_3_mm_and_keeps_the_trim_size(tmp_path: Path) -> None:
    project = make_project(posters=(), cards=(), printables=())
    (download,) = render_posters(
        project, tmp_path / "docs", tmp_path / "cache", bleed=True
    ).downloads
    with pdfium.PdfDocument(tmp_path / "docs" / download.path) as pdf:
        page = pdf[0]
        width, height = (value / 72 * 25.4 for value in page.get_size())
        left, bottom, right, top = page.get_trimbox()
    assert (round(width, 1), round(height, 1)) == (216.0, 303.0)
    assert (round((right - left) / 72 * 25.4, 1), round((top - bottom) / 72 * 25.4, 1)) == (
        210.0,
        297.0,
    )
    assert [code.text for code in scan(tmp_path / "docs" / download.path, 150)] == [
        SITE + "street-signs/"
    ]


def test_text_too_long_even_at_12_pt_is_reported_as_k309(tmp_path: Path) -> None:
    long = dataclasses.replace(
        HOURS, body="\n\n".join(["请把告示贴在显眼的地方，字要写大。" * 6] * 30)
    )
    project = make_project(cards=(ARROW, long), printables=())
    with pytest.raises(ContentError) as caught:
        render_posters(project, tmp_path / "docs", tmp_path / "cache", jobs=1)
    (found,) = caught.value.problems
    # The A3 poster of this card is listed under posters: in pack.yml, so that is where.
    assert (found.code, found.mark) == ("K309", LISTED)
    assert "卡片“写清取件时间”的正文太长" in found.message()
    assert "缩到最小字号 16.97 pt 仍多出约" in found.message()  # an A3 poster: 12 pt x √2


def test_long_text_shrinks_to_fit_one_page(tmp_path: Path) -> None:
    steps = tuple(f"第{i}步：把要做的事写清楚，写给第一次参加的邻居看。" for i in range(1, 15))
    project = make_project(steps=steps, posters=(), cards=(), printables=())
    (download,) = render_posters(project, tmp_path / "docs", tmp_path / "cache", jobs=1).downloads
    assert download.pages == 1
    assert "第14步" in page_text(tmp_path / "docs" / download.path)


@pytest.mark.parametrize(
    "src",
    [
        "https://example.com/tracker.png",
        "file:///etc/hostname",
        "../../../../../../../../../../etc/passwd",
        "../../../../../../../../../../no/such/file.png",  # refused before it is looked for
    ],
)
def test_image_from_outside_the_project_fails_with_k502(tmp_path: Path, src: str) -> None:
    bad = dataclasses.replace(HOURS, body=f"看图：\n\n![图]({src})")
    project = make_project(cards=(ARROW, bad), printables=())
    with pytest.raises(ContentError) as caught:
        render_posters(project, tmp_path / "docs", tmp_path / "cache", jobs=1)
    (found,) = caught.value.problems
    assert (found.code, found.mark) == ("K502", LISTED)
    assert dict(found.args)["ref"].startswith(("https://", "file://"))


def scan(path: Path, dpi: int) -> list[zxingcpp.Barcode]:
    """Rasterise page one at ``dpi`` and decode every barcode on it."""
    with pdfium.PdfDocument(path) as pdf:
        image = pdf[0].render(scale=dpi / 72, grayscale=True).to_pil()
    return list(zxingcpp.read_barcodes(image))


def page_text(path: Path) -> str:
    """Extract the text of page one."""
    with pdfium.PdfDocument(path) as pdf:
        return str(pdf[0].get_textpage().get_text_range())


def embedded_fonts(path: Path) -> set[tuple[str, bool]]:
    """Return the name and embedding of every font used by text on page one."""
    found = set()
    with pdfium.PdfDocument(path) as pdf:
        for obj in pdf[0].get_objects(max_depth=4):
            if obj.type != pdfium_c.FPDF_PAGEOBJ_TEXT:
                continue
            font = pdfium_c.FPDFTextObj_GetFont(obj.raw)
            name = (pdfium_c.c_char * 256)()
            pdfium_c.FPDFFont_GetBaseFontName(font, name, 256)
            found.add((name.value.decode(), bool(pdfium_c.FPDFFont_GetIsEmbedded(font))))
    return found


def inflated(data: bytes) -> bytes:
    """Return the PDF with its compressed streams (object streams too) inflated."""
    parts = [data]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_a_card_sheet_problem_is_reported_at_its_printables_entry(tmp_path: Path) -> None:
    entry = Mark("packs/street-signs/pack.yml", 41, 5)
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    override = tmp_path / "templates" / "posters" / "card-sheet.css"
    override.parent.mkdir(parents=True)
    override.write_text(".card { background: url(https://example.com/t.png); }", encoding="utf-8")
    project = make_project(tmp_path, posters=(), printables=(Printable("card-sheet", mark=entry),))
    with pytest.raises(ContentError) as caught:
        render_posters(project, tmp_path / "docs", tmp_path / "cache", jobs=1)
    (found,) = caught.value.problems
    assert (found.code, found.mark) == ("K502", entry)


def test_a_character_no_font_has_is_k405_where_it_was_typed_not_a_weasyprint_line(tmp_path, capsys):
    """scripts/fuzz found an emoji printing as boxes, told only by WeasyPrint's own log line."""
    from conftest import copy_project

    from kitpress.build import CheckOptions, check
    from kitpress.cli import main

    root = copy_project("site", tmp_path)
    card = root / "packs" / "gate-parcels" / "cards" / "02-write-signs.md"
    text = card.read_text(encoding="utf-8")
    card.write_text(text + "\n记得带上 🏳️‍🌈 旗子。\n", encoding="utf-8")
    line = len(card.read_text(encoding="utf-8").splitlines())
    rel = card.relative_to(root).as_posix()
    for _ in range(2):  # the second check reuses the cached poster, and still says so
        found = [p for p in check(root, CheckOptions()) if p.code == "K405"]
        assert [(p.mark.path, p.mark.line, p.mark.col) for p in found] == [(rel, line, 6)]
        assert "U+1F3F3" in found[0].message("en") and "U+1F308" in found[0].message("en")
    assert main(["check", "--strict", "--lang", "en", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert "WeasyPrint" not in err and f"{rel}:{line}:6: K405 warning: " in err
