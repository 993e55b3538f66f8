"""Drive real Chromium over the fixture site, built by each engine, served under a sub-path."""

from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import CHROMIUM

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"
)


@pytest.fixture
def served(engine_served):
    """The fixture site, built by each engine, served under /kits/ (conftest)."""
    return engine_served


# Every Content-Security-Policy refusal on a page, so tests see the theme work under the CSP.
RECORD_CSP = """
window.__kpCsp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__kpCsp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sample));
"""


def csp_refusals(page):
    """Return what the page's CSP refused so far; fail if the page has no CSP at all."""
    assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
    return page.evaluate("window.__kpCsp")


def open_page(browser, url, **context):
    ctx = browser.new_context(**context)
    ctx.add_init_script(RECORD_CSP)
    page = ctx.new_page()
    requests, failures = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("requestfailed", lambda r: failures.append(r.url))
    page.on("response", lambda r: failures.append(r.url) if r.status >= 400 else None)
    page.goto(url, wait_until="networkidle")
    return page, requests, failures


@pytest.mark.parametrize(
    "path", ["", "packs/", "gate-parcels/", "gate-parcels/talk-to-guard/", "scenarios/gate-access/"]
)
def test_pages_load_every_asset_from_the_site_itself(browser, served, path):
    page, requests, failures = open_page(browser, served + path)
    hosts = {urlparse(u).hostname for u in requests if not u.startswith("data:")}
    assert hosts == {"127.0.0.1"}
    assert failures == []
    # Pagefind searches the online site: no theme's index (search.json, search_index.json).
    assert [u for u in requests if "search" in urlparse(u).path.rsplit("/", 1)[-1]] == [
        served + "assets/kitpress-search.js"
    ]
    assert csp_refusals(page) == []
    page.context.close()


def test_catalog_filter_narrows_packs(browser, served):
    page, _, _ = open_page(browser, served + "packs/")
    pack = page.locator(".kp-pack")
    assert pack.count() == 1
    assert pack.first.is_visible()
    page.select_option("select[data-kp-filter=scenarios]", "elderly")
    assert not pack.first.is_visible()
    assert page.locator(".kp-empty").is_visible()
    page.select_option("select[data-kp-filter=scenarios]", "gate-access")
    page.select_option("select[data-kp-filter=audiences]", "property-staff")
    assert pack.first.is_visible()
    assert csp_refusals(page) == []
    page.context.close()


def test_mobile_layout_has_no_sideways_scroll(browser, served):
    page, _, _ = open_page(
        browser, served + "gate-parcels/", viewport={"width": 360, "height": 740}, is_mobile=True
    )
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 360
    page.context.close()


def test_chinese_search_finds_a_word_from_mid_sentence(browser, served):
    """Pagefind's extended build segments Chinese: a word inside a sentence is found."""
    page, _, _ = open_page(browser, served, viewport={"width": 1280, "height": 800})
    page.locator(".kp-search-header input").click()
    page.keyboard.type("互助", delay=80)  # typed as a reader types: Pagefind loads on input
    result = page.locator(".kp-search-header .kp-search__results a").first
    result.wait_for(timeout=15000)
    hrefs = page.locator(".kp-search-header .kp-search__results a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert any("write-signs" in href for href in hrefs), hrefs
    assert csp_refusals(page) == []
    page.context.close()
