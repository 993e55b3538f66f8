"""Printed fixtures read back: every code scanned, every word on the paper, type that fills it.

One project with posters and sheets on A4, A3 and A5 is rendered once for the module; the
helpers in printed.py read the PDFs as a resident and a print designer would.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from conftest import no_logged_warnings
from printed import (
    CONDITIONS,
    DECODERS,
    addresses,
    bad_breaks,
    code_geometry,
    list_items,
    missing_sentences,
    pdf_text,
    plain,
    scan,
    sources,
    unseen_glyphs,
)
from test_posters import make_card as card  # the same fixture pack

from kitpress.model import (
    Author,
    Download,
    Pack,
    PosterSpec,
    Printable,
    Project,
    Settings,
    Span,
    Taxonomy,
)
from kitpress.printing import press
from kitpress.printing.designs import print_text, print_url
from kitpress.printing.jobs import Result
from kitpress.printing.plan import BODY_SIZES, plan_print, render_posters

ROOT = Path(__file__).resolve().parent / "fixtures" / "posters-basic"  # its arrow.png
SITE = "https://can-network.example.org/kitpress-toolkit/"  # long: it wraps on every poster
SENTENCE = "每栋楼选一位楼长，每天上午9点到11点在门口值守1小时，登记10元以内的代买。"


SHORT = card(1, "quick-note", "贴一张告示", "在门口贴一张告示。", poster=True)
MEDIUM = card(
    2,
    "pick-up-hours",
    "写清取件时间和3号楼的取件点",
    "把值守时间写在告示上：\n\n- 上午9点到11点\n- 下午4点到6点，30分钟一班\n\n"
    "![箭头](../assets/arrow.png)\n\n" + SENTENCE,
    summary="居民不用反复问，5天就能记住。",
    time=Span("1-2小时", 60, 120),
    cost=Span("10元", 10, 10),
    poster=True,
    checkin="取件时间贴好了，每天2次，1小时一班。",
)
LONG = card(
    3,
    "journey-log-notes",
    "返程之后的十四天",
    "\n\n".join(
        [SENTENCE, "- " + "\n- ".join(["量体温，记在表上，一天2次。"] * 3), SENTENCE]
        + [f"第{n}天：{SENTENCE}" for n in range(1, 3)]
    ),
    summary="一天一件事，14天都记下来。",
    time=Span("14天", 14 * 24 * 60, 14 * 24 * 60),
    poster=True,
    checkin="我返程回来14天了，一切都好。",
)
PLAIN = card(4, "ask-a-guard", "问一问保安", "请保安帮忙看一眼快递点。\n\n- 早上\n- 晚上")


def project(**changes: object) -> Project:
    """Build the fixture project: posters and sheets on every paper size."""
    pack = Pack(
        slug="street-signs",
        title="快递点指路牌",
        summary="用几张黑白打印的指路牌，让居民和快递员都能找到小区的快递分拣点。",
        license="CC-BY-4.0",
        version="1.0.0",
        updated=dt.date(2020, 2, 20),
        scenarios=("small-shops",),
        authors=(Author("大鱼营造"),),
        source="packs/street-signs/pack.yml",
        time=Span("1小时", 60, 60),
        steps=("在小区门口和快递点之间走一遍，记下需要指路的**拐角**。", SENTENCE),
        cards=(SHORT, MEDIUM, LONG, PLAIN),
        posters=(
            PosterSpec(),
            PosterSpec(size="A3"),
            PosterSpec(size="A5"),
            PosterSpec(size="A5", orientation="landscape"),
            PosterSpec(card="pick-up-hours"),
            PosterSpec(card="pick-up-hours", size="A3", orientation="landscape"),
            PosterSpec(card="journey-log-notes"),
            PosterSpec(card="journey-log-notes", size="A5"),
        ),
        printables=(
            Printable("card-sheet"),
            Printable("card-sheet", size="A3"),
            Printable("card-sheet", size="A5"),
            Printable("building-labels", ("1", "2", "3"), size="A5"),
        ),
    )
    settings = Settings(
        root=ROOT,
        site_name="社区互助工具包",
        site_url=SITE,
        source_date=dt.datetime(2020, 3, 1, tzinfo=dt.UTC),
    )
    return Project(settings, Taxonomy((), (), ()), (dataclasses.replace(pack, **changes),))  # type: ignore[arg-type]


@dataclasses.dataclass(frozen=True)
class Printed:
    """The fixture project rendered: where, what, and how each job was fitted."""

    project: Project
    docs: Path
    downloads: tuple[Download, ...]
    results: dict[str, Result]  # by download path

    def path(self, download: Download) -> Path:
        """Return the PDF of a download."""
        return self.docs / download.path


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    """Render the fixture project once; read back how each document was fitted."""
    out = tmp_path_factory.mktemp("printed")
    fixture = project()
    with no_logged_warnings():
        downloads = render_posters(fixture, out / "docs", out / "cache", jobs=2).downloads
    jobs = plan_print(fixture, out / "cache")[0]
    results, report = press.run(jobs, out / "cache", 1)  # all from the cache
    assert report.rendered == 0
    by_path = {job.download.path: results[job.key] for job in jobs}
    return Printed(fixture, out / "docs", downloads, by_path)


def test_every_code_is_read_by_both_decoders_in_every_condition(printed: Printed) -> None:
    report = scan([printed.path(d) for d in printed.downloads])
    expected = sum(len(addresses(printed.project, d)) for d in printed.downloads)
    assert report.codes == expected
    assert report.misses == []
    for decoder in DECODERS:
        for condition in CONDITIONS:
            assert report.read[(decoder, condition)] == expected, (decoder, condition)
    built = {url for d in printed.downloads for url in addresses(printed.project, d)}
    assert report.texts == built  # every address read is a page the build makes


def test_codes_are_large_with_clear_quiet_zones(printed: Printed) -> None:
    measured = 0
    for download in printed.downloads:
        for _text, side_mm, module_mm, quiet in code_geometry(printed.path(download)):
            least = 35.0 if download.kind == "card-sheet" else 70.0
            assert module_mm >= 0.8 * 0.995, download.path  # measured on a raster: 0.5 % either way
            assert side_mm >= least - 0.5, download.path  # measured from a raster: give or take
            assert quiet, download.path  # 4 white modules, no neighbour's ink in them
            measured += 1
    assert measured == sum(len(addresses(printed.project, d)) for d in printed.downloads)


def test_every_sentence_of_every_source_is_printed(printed: Printed) -> None:
    checked = 0
    for download in printed.downloads:
        text = pdf_text(printed.path(download))
        for source in sources(printed.project, download):
            assert missing_sentences(plain(source), text) == [], download.path
            checked += 1
    assert checked > 20


def test_every_character_is_on_the_paper_not_clipped_or_covered(printed: Printed) -> None:
    for download in printed.downloads:
        assert unseen_glyphs(printed.path(download)) == [], download.path


def test_clipped_text_is_found_though_the_text_layer_keeps_it(tmp_path: Path) -> None:
    """The check above can fail: a card cut off by overflow: hidden keeps its text layer."""
    templates = tmp_path / "templates" / "posters"
    templates.mkdir(parents=True)
    css = (Path(press.__file__).parent.parent / "templates/posters/card-sheet.css").read_text()
    (templates / "card-sheet.css").write_text(
        css + ".card-body { max-height: 8mm; overflow: hidden; }"
    )
    fixture = project(printables=(Printable("card-sheet"),), posters=())
    fixture = dataclasses.replace(
        fixture, settings=dataclasses.replace(fixture.settings, root=tmp_path)
    )
    downloads = render_posters(fixture, tmp_path / "docs", tmp_path / "cache", jobs=1).downloads
    (sheet,) = [d for d in downloads if d.kind == "card-sheet"]
    path = tmp_path / "docs" / sheet.path
    assert missing_sentences(plain(LONG.body), pdf_text(path)) == []  # still in the text layer
    assert any(line.endswith("no ink") for line in unseen_glyphs(path))


def test_lists_stay_lists_with_their_bullets(printed: Printed) -> None:
    for download in printed.downloads:
        if download.kind != "card-sheet":
            continue
        text = pdf_text(printed.path(download))
        lines = [re.sub(r"[\s\u200b]", "", line) for line in text.splitlines()]
        items = list_items(printed.project, download)
        assert items
        for item in items:
            assert any(line.startswith(item[:6]) for line in lines), item  # its own line
        with pdfium.PdfDocument(printed.path(download)) as pdf:
            bullets = sum(
                str(page.get_textpage().get_text_range()).count("•")
                + str(page.get_textpage().get_text_range()).count("·")
                for page in pdf
            )
        assert bullets >= len(items)


def test_the_sheet_leaves_out_pictures_the_poster_shows(printed: Printed) -> None:
    (sheet,) = [d for d in printed.downloads if d.kind == "card-sheet" and "A4" in d.paper]
    (poster,) = [d for d in printed.downloads if d.card == "pick-up-hours" and "A4" in d.paper]
    assert _images(printed.path(poster)) >= 1
    assert _images(printed.path(sheet)) == 0


def _images(path: Path) -> int:
    """Count the image objects of a PDF."""
    with pdfium.PdfDocument(path) as pdf:
        return sum(
            1
            for page in pdf
            for item in page.get_objects(max_depth=8)
            if item.type == pdfium_c.FPDF_PAGEOBJ_IMAGE
        )


def _sizes(path: Path, title: str) -> tuple[float, float]:
    """Return the font sizes (pt) of a poster's title and of its largest other text."""
    with pdfium.PdfDocument(path) as pdf:
        textpage = pdf[0].get_textpage()
        text = str(textpage.get_text_range())
        at = text.index(title)
        title_size = pdfium_c.FPDFText_GetFontSize(textpage.raw, at)
        body_at = text.index("\n", at + len(title)) + 2  # the line after the title
        return title_size, pdfium_c.FPDFText_GetFontSize(textpage.raw, body_at)


def test_the_shorter_the_text_the_larger_it_prints(printed: Printed) -> None:
    posters = {
        d.card: d
        for d in printed.downloads
        if d.kind == "poster" and d.paper == "A4 竖版" and d.card
    }
    order = [SHORT, MEDIUM, LONG]  # by length
    sizes = [_sizes(printed.path(posters[c.slug]), c.title) for c in order]
    titles, bodies = [s[0] for s in sizes], [s[1] for s in sizes]
    assert titles == sorted(titles, reverse=True) and titles[0] > titles[-1]
    assert bodies == sorted(bodies, reverse=True) and bodies[0] > bodies[-1]
    for download in printed.downloads:
        if download.kind != "poster":
            continue
        result = printed.results[download.path]
        largest = round(BODY_SIZES[0] * _factor(download.paper), 2)
        assert result.size == largest or result.used >= 0.85, download.path  # fills its room
    assert printed.results[posters["journey-log-notes"].path].size < BODY_SIZES[0]


def _factor(paper: str) -> float:
    """Return the scale of a paper size against A4."""
    return {"A3": 2**0.5, "A4": 1.0, "A5": 0.5**0.5}[paper.split()[0]]


def test_addresses_break_after_a_slash_and_numbers_keep_their_units(printed: Printed) -> None:
    wrapped = 0
    for download in printed.downloads:
        if download.kind == "building-labels":
            continue  # a sign's big number stands above its 号楼 by design
        bad, count = bad_breaks(printed.path(download), addresses(printed.project, download))
        assert bad == [], download.path
        wrapped += count
    assert wrapped >= 3  # the long address runs over lines on posters and cards alike


def test_print_markup_keeps_units_and_breaks_addresses_after_slashes() -> None:
    assert str(print_text("每天1-2小时，10元")).count("white-space: nowrap") == 2
    assert "1-2小时</span>" in print_text("每天1-2小时")
    url = str(print_url("https://a.org/street-sign/"))
    assert url.count("<wbr>") == 2 and "street-sign/</span>" in url
    assert "&lt;" in print_url("https://a.org/<x>/")  # escaped, like any text


def test_every_document_is_on_its_paper_one_page_a_poster(printed: Printed) -> None:
    sizes_mm = {"A3": (297, 420), "A4": (210, 297), "A5": (148, 210)}
    papers = set()
    for download in printed.downloads:
        size, orientation = download.paper.split()
        short, long = sizes_mm[size]
        want = (long, short) if orientation == "横版" else (short, long)
        with pdfium.PdfDocument(printed.path(download)) as pdf:
            width, height = (round(v * 25.4 / 72) for v in pdf[0].get_size())
            if download.kind == "poster":
                assert len(pdf) == 1, download.path
        assert (width, height) == want, download.path
        papers.add((download.kind, size))
    for kind in ("poster", "card-sheet"):
        assert {size for k, size in papers if k == kind} == {"A3", "A4", "A5"}


def test_bleed_adds_3_mm_on_every_paper(tmp_path: Path) -> None:
    small = project(
        cards=(SHORT, PLAIN),
        posters=(PosterSpec(size="A3"), PosterSpec(size="A5")),
        printables=(
            Printable("card-sheet", size="A5"),
            Printable("building-labels", ("1",), size="A3"),
        ),
    )
    downloads = render_posters(small, tmp_path / "docs", tmp_path / "cache", bleed=True).downloads
    for download in downloads:
        with pdfium.PdfDocument(tmp_path / "docs" / download.path) as pdf:
            for page in pdf:
                left, _, right, _ = page.get_mediabox()
                t_left, _, t_right, _ = page.get_trimbox()
                assert round((t_left - left) * 25.4 / 72, 1) == 3.0, download.path
                assert round((right - t_right) * 25.4 / 72, 1) == 3.0, download.path
        assert unseen_glyphs(tmp_path / "docs" / download.path) == [], download.path
