"""The repository's own packs and pages, whatever they are: clean, buildable, scannable.

Generic on purpose: a fork for another city replaces every pack, and these tests must hold for
its packs as they do for ours. They never name a pack.
"""

import re
import shutil
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from conftest import REPO

from kitpress.build import CheckOptions, check
from kitpress.content.settings import load_settings


@pytest.fixture(scope="module")
def built(repo_build: Path) -> Path:
    """Return the built site of the repository's project (built once a run)."""
    return repo_build / "build" / "site"


PLACEHOLDER = re.compile(r"lorem|ipsum|\bTODO\b|\bTBD\b|XXX|示例|待补充|占位", re.IGNORECASE)


def test_there_are_packs():
    assert sorted(REPO.glob("packs/*/pack.yml")), "packs/ holds no pack.yml"


def test_strict_check_is_clean():
    """What CI asks of every pull request: no error and no warning (the build lays out posters)."""
    assert [p.format("en") for p in check(REPO, CheckOptions(posters=False))] == []


def test_no_placeholder_text_anywhere():
    for folder in ("content", "packs", "templates"):
        for path in sorted((REPO / folder).rglob("*")):
            if path.is_file() and path.suffix in (".md", ".yml", ".html", ".j2", ".css"):
                found = PLACEHOLDER.search(path.read_text(encoding="utf-8"))
                assert found is None, f"{path.relative_to(REPO)}: {found.group(0) if found else ''}"


def test_every_pack_builds_a_page_and_one_page_posters(built):
    slugs = sorted(path.parent.name for path in REPO.glob("packs/*/pack.yml"))
    for slug in slugs:
        assert (built / slug / "index.html").is_file(), slug
        assert sorted(built.glob(f"downloads/{slug}/poster*.pdf")), slug  # its own poster at least
    for path in sorted(built.glob("downloads/*/poster*.pdf")):
        assert len(pypdfium2.PdfDocument(path)) == 1, path.name


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


# --- a resident's phone: what the landing pages cost and how they read -----------------


def landing_pages() -> list[str]:
    """Return home, the catalog, the first pack and its first card, as site paths."""
    first = sorted(REPO.glob("packs/*/pack.yml"))[0].parent
    cards = sorted(first.glob("cards/[0-9][0-9]-*.md"))
    pages = ["", "packs/", f"{first.name}/"]
    return [*pages, f"{first.name}/{cards[0].stem[3:]}/"] if cards else pages


@pytest.fixture(scope="module")
def served(built, tmp_path_factory):
    """Serve the built site gzip-compressed at /kits/, counting the bytes of every answer."""
    from test_weight import Counter

    www = tmp_path_factory.mktemp("www")
    (www / "kits").symlink_to(built)
    counter = Counter(www)
    yield counter
    counter.close()


def test_a_pack_or_card_page_costs_at_most_80_kb_before_any_tap(built, served, browser):
    from test_weight import LANDING_BUDGET, PHONE, load, total

    for path in landing_pages()[2:]:
        context, _, sent = load(browser, served, path, **PHONE)
        context.close()
        assert 20 * 1024 < total(sent) <= LANDING_BUDGET, (path, sent)
        assert not [name for name, _ in sent if "pagefind" in name or "search_index" in name]


@pytest.mark.parametrize("width", [360, 1280])
def test_the_landing_pages_have_no_axe_violation(built, served, browser, width):
    from test_a11y import AXE, axe_violations

    if not AXE.is_file():
        pytest.skip("axe-core is not installed (scripts/setup --test)")
    for path in landing_pages():
        assert axe_violations(browser, served.url + path, width) == [], path


def test_every_page_is_valid_html_but_for_the_themes_listed_errors(built):
    from test_a11y import THEME_ERRORS, VNU, is_theme_error, nu_errors

    if not VNU.is_file() or shutil.which("java") is None:
        pytest.skip("the Nu HTML Checker needs scripts/setup --test")
    known = THEME_ERRORS["mkdocs"]
    errors = nu_errors(sorted(built.rglob("*.html")))
    assert [
        (e.get("url", "")[-50:], e["message"]) for e in errors if not is_theme_error(e, known)
    ] == []
