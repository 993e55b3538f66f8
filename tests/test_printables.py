"""Printables: building numbers read, grouped and printed; card decks laid out four a page."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp

from kitpress.content.buildings import parse_buildings
from kitpress.model import Author, Card, Pack, Printable, Project, Settings, Taxonomy
from kitpress.printing.labels import group_signs, labels_command, sign_label
from kitpress.printing.plan import render_posters

SITE = "https://kit.example.org/"


pytestmark = pytest.mark.usefixtures("no_weasyprint_warnings")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1-5", ("1", "2", "3", "4", "5")),
        ("1-3,15,3a", ("1", "2", "3", "15", "3A")),
        ("1 - 3，7、9 10", ("1", "2", "3", "7", "9", "10")),
        ([1, 2, "3A"], ("1", "2", "3A")),
        (["1-2", 5], ("1", "2", "5")),
        ("3号楼, 5栋", ("3", "5")),
        ("东区", ("东区",)),
        (7, ("7",)),
    ],
)
def test_parse_buildings_reads_ranges_lists_and_names(
    value: object, expected: tuple[str, ...]
) -> None:
    assert parse_buildings(value) == expected


def test_parse_buildings_reads_thirty() -> None:
    assert parse_buildings("1-30") == tuple(str(n) for n in range(1, 31))


@pytest.mark.parametrize(
    "value",
    ["", "12-1", "1-10000", "1,1", "3#", "1-", [], [True], [[1]], None, True, {"a": 1}, "A-C"],
)
def test_parse_buildings_refuses_what_it_cannot_read(value: object) -> None:
    assert parse_buildings(value) is None


def test_per_sign_groups_numbers_for_shared_pick_up_spots() -> None:
    buildings = parse_buildings("1-12,15,3A")
    assert buildings is not None
    groups = group_signs(buildings, 6)
    assert [sign_label(g) for g in groups] == ["1–6", "7–12", "15、3A"]
    assert [sign_label(g) for g in group_signs(buildings, 1)][-2:] == ["15", "3A"]
    assert sign_label(("2", "4")) == "2、4"  # not a run: listed, never a misleading range


def settings(root: Path) -> Settings:
    """Return settings for a project at ``root``."""
    return Settings(root=root, site_name="社区互助工具包", site_url=SITE)


def page_texts(path: Path) -> list[str]:
    """Return the text of every page."""
    with pdfium.PdfDocument(path) as pdf:
        return [str(page.get_textpage().get_text_range()) for page in pdf]


def sign_numbers(path: Path) -> list[str]:
    """Return the big numbers printed on the signs, in order."""
    words = [word for text in page_texts(path) for word in text.split()]
    pattern = r"[0-9A-Z]+(–[0-9]+)?|[0-9A-Z]+(、[0-9A-Z]+)+"
    return [word for word in words if re.fullmatch(pattern, word)]


def test_labels_command_prints_exactly_the_numbers_asked(tmp_path: Path) -> None:
    out = tmp_path / "labels.pdf"
    assert labels_command(parse_buildings("1-12,15,3A"), 1, out, settings(tmp_path)) == 0
    expected = [str(n) for n in range(1, 13)] + ["15", "3A"]
    assert sign_numbers(out) == expected
    assert len(page_texts(out)) == 7  # two signs to a page
    assert all(text.count("号楼") == 2 for text in page_texts(out))
    assert not (tmp_path / "build").exists()  # no cache left in the folder it ran in


def test_labels_command_groups_per_sign_and_lists_members(tmp_path: Path) -> None:
    out = tmp_path / "labels.pdf"
    labels_command(parse_buildings("1-12,15,3A"), 6, out, settings(tmp_path), title="快递分拣点")
    assert sign_numbers(out) == ["1–6", "7–12", "15、3A"]
    text = "".join(page_texts(out))
    assert "1、2、3、4、5、6号楼" in text and "7、8、9、10、11、12号楼" in text
    assert text.count("快递分拣点") == 3


def test_long_labels_get_a_whole_landscape_page(tmp_path: Path) -> None:
    out = tmp_path / "labels.pdf"
    labels_command(parse_buildings("101-106,201-206"), 6, out, settings(tmp_path))
    assert sign_numbers(out) == ["101–106", "201–206"]
    with pdfium.PdfDocument(out) as pdf:
        assert len(pdf) == 2
        width, height = pdf[0].get_size()
    assert width > height


def deck_project(root: Path, cards: int) -> Project:
    """Build a project whose pack asks for building labels and a card sheet."""
    pack = Pack(
        slug="sample-parcels",
        title="快递分拣",
        summary="把快递按楼号分好，居民自取。",
        license="CC-BY-SA-4.0",
        version="1.0.0",
        updated=dt.date(2020, 2, 10),
        scenarios=("dual-income-families",),
        authors=(Author("大鱼营造"),),
        source="packs/sample-parcels/pack.yml",
        cards=tuple(
            Card(
                f"card-{n}",
                n,
                f"第{n}张卡片",
                f"卡片{n}的正文：先做这个，再做那个。" * 3,
                f"packs/sample-parcels/cards/{n:02d}-card-{n}.md",
                checkin=f"我完成了第{n}张",
            )
            for n in range(1, cards + 1)
        ),
        printables=(
            Printable("building-labels", ("1", "2", "3"), 1, "分拣点"),
            Printable("card-sheet"),
            Printable("building-labels", ("1", "2", "3", "4"), 2),
        ),
    )
    return Project(settings(root), Taxonomy((), (), ()), (pack,))


def test_pack_printables_are_rendered_with_their_names(tmp_path: Path) -> None:
    downloads = render_posters(
        deck_project(tmp_path, 5), tmp_path / "docs", tmp_path / "cache"
    ).downloads
    sheets = {d.path: d for d in downloads if d.kind != "poster"}
    assert set(sheets) == {
        "downloads/sample-parcels/building-labels.pdf",
        "downloads/sample-parcels/cards.pdf",
        "downloads/sample-parcels/building-labels-2.pdf",
    }
    labels = sheets["downloads/sample-parcels/building-labels.pdf"]
    assert (labels.kind, labels.title, labels.pages, labels.paper) == (
        "building-labels",
        "分拣点",
        2,
        "A4 竖版",
    )
    assert sign_numbers(tmp_path / "docs" / labels.path) == ["1", "2", "3"]
    grouped = tmp_path / "docs" / "downloads/sample-parcels/building-labels-2.pdf"
    assert sign_numbers(grouped) == ["1–2", "3–4"]


def test_card_sheet_lays_four_cards_a_page_with_working_codes(tmp_path: Path) -> None:
    downloads = render_posters(
        deck_project(tmp_path, 5), tmp_path / "docs", tmp_path / "cache"
    ).downloads
    (deck,) = [d for d in downloads if d.kind == "card-sheet"]
    assert (deck.pages, deck.paper, deck.title) == (2, "A4 竖版", "快递分拣 卡片")
    path = tmp_path / "docs" / deck.path
    texts = page_texts(path)
    assert [sum(f"第{n}张卡片" in text for n in range(1, 6)) for text in texts] == [4, 1]
    with pdfium.PdfDocument(path) as pdf:
        image = pdf[0].render(scale=150 / 72, grayscale=True).to_pil()
    found = sorted(code.text for code in zxingcpp.read_barcodes(image))
    assert found == [f"{SITE}sample-parcels/card-{n}/" for n in range(1, 5)]
