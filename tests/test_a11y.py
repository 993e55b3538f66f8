"""Accessibility and valid markup: axe-core finds no violation at 360 and 1280 px, and the Nu
HTML Checker finds no error in kitpress's own markup (the theme's few are listed below)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import CHROMIUM

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PAGES = ["", "packs/", "gate-parcels/", "gate-parcels/talk-to-guard/", "search/"]
WIDTHS = [360, 1280]

# What Material 9.8's own markup makes the Nu checker report, as (message start, extract part):
MATERIAL_ERRORS = [
    # base.html: the drawer and search toggles are checkboxes with autocomplete="off"
    ("Attribute “autocomplete” is only allowed when", 'type="checkbox" id="__drawer"'),
    ("Attribute “autocomplete” is only allowed when", 'type="checkbox" id="__search"'),
    # partials/toc.html: the title's label names the __toc checkbox even on a page without one
    (
        "The value of the “for” attribute of the “label” element",
        'class="md-nav__title" for="__toc"',
    ),
]
THEME_ERRORS = {
    "mkdocs": MATERIAL_ERRORS,
    # Zensical 0.0.73's base.html also hides the drawer's overlay label from screen readers.
    "zensical": [
        *MATERIAL_ERRORS,
        ("The “aria-hidden” attribute must not be used on any “label”", 'class="md-overlay"'),
    ],
}


@pytest.fixture
def site(engine_build) -> Path:
    """The fixture's online site, built by each engine (conftest)."""
    return engine_build / "site"


@pytest.fixture
def served(engine_served) -> str:
    return engine_served


def axe_violations(browser, url: str, width: int, then=None) -> list[dict]:
    """Run axe-core over the page at ``url`` (after ``then(page)``); return its violations."""
    # axe arrives as an injected script, which the page's own policy would rightly refuse.
    context = browser.new_context(viewport={"width": width, "height": 800}, bypass_csp=True)
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    if then:
        then(page)
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
             .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.html.slice(0, 120))}))"""
    )
    context.close()
    return found


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")
@pytest.mark.skipif(not AXE.is_file(), reason="axe-core is not installed (scripts/setup --test)")
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violation(browser, served, path, width):
    assert axe_violations(browser, served + path, width) == []


def search_for(box: str, word: str):
    """Return an action that types ``word`` into the search ``box`` and waits for results."""

    def act(page):
        page.locator(f"{box} input").click()
        page.keyboard.type(word)
        page.locator(f"{box} .kp-search__results li").first.wait_for()

    return act


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")
@pytest.mark.skipif(not AXE.is_file(), reason="axe-core is not installed (scripts/setup --test)")
@pytest.mark.parametrize(
    ("path", "width", "box"),
    [("search/", 360, ".kp-search-page"), ("gate-parcels/", 1280, ".kp-search-header")],
)
def test_axe_finds_no_violation_in_search_results(browser, served, path, width, box):
    act = search_for(box, "门卫")
    assert axe_violations(browser, served + path, width, then=act) == []


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")
@pytest.mark.skipif(not AXE.is_file(), reason="axe-core is not installed (scripts/setup --test)")
def test_axe_would_see_a_violation(browser, served, site):
    """The axe run above can fail: an image without text is a violation."""
    page = site / "gate-parcels" / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("</article>", '<img src="x.png"></article>', 1), "utf-8")
    try:
        found = axe_violations(browser, served + "gate-parcels/", 360)
    finally:
        page.write_text(html, encoding="utf-8")
    assert "image-alt" in [v["id"] for v in found]


def nu_errors(files: list[Path]) -> list[dict]:
    """Return the Nu HTML Checker's errors for ``files``."""
    done = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    return json.loads(done.stderr or done.stdout)["messages"]


def is_theme_error(message: dict, known: list[tuple[str, str]]) -> bool:
    """Tell whether a Nu message is one of ``known``, caused by the theme's own markup."""
    text, extract = message.get("message", ""), message.get("extract", "")
    return any(text.startswith(m) and part in extract for m, part in known)


@pytest.mark.skipif(shutil.which("java") is None, reason="no Java (scripts/setup --test)")
@pytest.mark.skipif(not VNU.is_file(), reason="vnu-jar is not installed (scripts/setup --test)")
def test_the_nu_checker_finds_no_error_in_kitpress_markup(site, engine):
    known = THEME_ERRORS[engine]
    files = sorted(site.rglob("*.html"))
    errors = nu_errors(files)
    ours = [
        (m.get("url", "")[-60:], m["message"], m.get("extract"))
        for m in errors
        if not is_theme_error(m, known)
    ]
    assert ours == []
    theme = {
        (m, part)
        for m, part in known
        for e in errors
        if is_theme_error(e, known) and part in e.get("extract", "")
    }
    assert theme == set(known)  # each listed error still happens: drop it when fixed
