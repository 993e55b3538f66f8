"""The real packs and pages of this repository: complete, clean and buildable."""

import re
import shutil
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from conftest import REPO, no_logged_warnings

from kitpress.build import BuildOptions, build
from kitpress.content.loader import inspect_project
from kitpress.content.settings import load_settings

PLACEHOLDER = re.compile(r"lorem|ipsum|\bTODO\b|\bTBD\b|XXX|示例|待补充|占位", re.IGNORECASE)
PACKS = ["return-trip", "hello-neighbours", "parcel-sorting", "cloud-theatre", "poetry-relay"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("repo") / "kitpress"
    root.mkdir()
    for name in ("content", "packs", "templates"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    with no_logged_warnings():
        build(root, BuildOptions(strict=True))
    return root / "build" / "site"


def test_strict_check_is_clean():
    _, problems = inspect_project(REPO, load_settings(REPO))
    assert [p.format("en") for p in problems] == []


def test_the_five_packs_of_the_network_are_there():
    project, _ = inspect_project(REPO, load_settings(REPO))
    assert sorted(p.slug for p in project.packs) == sorted(PACKS)
    for pack in project.packs:
        assert "CAN计划" in pack.origin, pack.slug
        assert pack.cards and pack.steps and pack.materials and pack.time and pack.cost, pack.slug
    trip = project.pack("return-trip")
    assert trip is not None and len(trip.cards) == 15
    assert all(c.poster for c in trip.cards)
    hello = project.pack("hello-neighbours")
    assert hello is not None and all(c.checkin and c.time and c.cost for c in hello.cards)
    assert {a for c in hello.cards for a in c.audiences} >= {
        "families",
        "older-people",
        "newcomers",
        "connectors",
    }
    parcel = project.pack("parcel-sorting")
    assert parcel is not None and "building-labels" in {p.kind for p in parcel.printables}


def test_no_placeholder_text_anywhere():
    for folder in ("content", "packs", "templates"):
        for path in sorted((REPO / folder).rglob("*")):
            if path.is_file() and path.suffix in (".md", ".yml", ".html", ".j2", ".css"):
                found = PLACEHOLDER.search(path.read_text(encoding="utf-8"))
                assert found is None, f"{path.relative_to(REPO)}: {found.group(0) if found else ''}"


def test_every_pack_builds_with_one_page_posters(built):
    posters = sorted(built.glob("downloads/*/poster*.pdf"))
    assert len(posters) >= 5 + 15
    for path in posters:
        assert len(pypdfium2.PdfDocument(path)) == 1, path.name
    for slug in PACKS:
        assert (built / slug / "index.html").is_file()


@pytest.mark.parametrize("dpi", [72, 150])
def test_every_qr_code_in_the_build_leads_to_a_built_page(built, dpi):
    """As a resident's phone would: decode each poster and sheet, then open the page."""
    site_url = load_settings(REPO).site_url
    pdfs = sorted(built.glob("downloads/*/*.pdf"))
    for path in pdfs:
        found = 0
        with pypdfium2.PdfDocument(path) as pdf:
            for page in pdf:
                image = page.render(scale=dpi / 72, grayscale=True).to_pil()
                for code in zxingcpp.read_barcodes(image):
                    assert code.text.startswith(site_url), (path.name, code.text)
                    page_dir = built / code.text[len(site_url) :]
                    assert (page_dir / "index.html").is_file(), (path.name, code.text)
                    found += 1
        if path.name.startswith("poster"):
            assert found == 1, path  # one code per poster, and it scans
        if path.name.startswith("cards"):
            assert found >= 4, path  # every card on a deck sheet scans
