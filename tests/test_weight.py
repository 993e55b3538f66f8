"""What a resident's phone downloads: a landing page within 80 KB gzip, search only on demand.

The site is served gzip-compressed (as GitHub Pages serves it) by a server that counts every
byte it sends; real Chromium loads the pages. The figures at 1,000 and 3,000 cards come from
scripts/page-weight, too slow for the suite; here a generated 300-card project stands in.
"""

from __future__ import annotations

import functools
import importlib.machinery
import importlib.util
import io
import os
import re
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import CHROMIUM, cannot_on, copy_project

from kitpress.build import BuildOptions, build
from kitpress.cli.preview import GzipHandler

ROOT = Path(__file__).resolve().parent.parent
PHONE = {"viewport": {"width": 360, "height": 780}, "is_mobile": True, "has_touch": True}
LANDING_BUDGET = 80 * 1024  # a card or pack page, everything, before any tap
SEARCH_BUDGET = 150 * 1024  # a first search, on top of the page
CARD, PACK = "gate-parcels/talk-to-guard/", "gate-parcels/"
# Zensical 0.0.73's bundle.js is 57 KB gzip, Material 9.8's 35 KB: its pages cost about 92 KB.
BIG_BUNDLE = "Zensical 0.0.73's own JavaScript (57 KB gzip) puts every page over 80 KB"
WORD = "来意"  # in mid-sentence: 见面先说明来意：只是帮忙……

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"
)


def many_cards():
    """Import scripts/many-cards (a Python script without a .py suffix) as a module."""
    path = str(ROOT / "scripts" / "many-cards")
    loader = importlib.machinery.SourceFileLoader("many_cards", path)
    spec = importlib.util.spec_from_loader("many_cards", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def generated_project(tmp: Path, cards: int) -> Path:
    """Make a ``cards``-card project from the fixture: its pack grown to 30 cards, copied."""
    source = copy_project("site", tmp / "source")
    folder = source / "packs" / "gate-parcels" / "cards"
    first = (folder / "01-talk-to-guard.md").read_text(encoding="utf-8")
    for number in range(3, 31):
        text = re.sub(r"(?m)^title: (.*)$", rf"title: \1 {number}", first, count=1)
        (folder / f"{number:02d}-talk-to-guard-{number}.md").write_text(text, encoding="utf-8")
    dest = tmp / "big"
    many_cards().generate(cards, dest, posters=False, source=source)
    return dest


class Counter:
    """Serve a folder gzip-compressed and count the bytes of every response body."""

    def __init__(self, folder: Path) -> None:
        self.sent: list[tuple[str, int]] = []
        counter = self

        class Counting(GzipHandler):
            def send_head(self):
                body = super().send_head()
                if body is not None:
                    size = (
                        len(body.getvalue())
                        if isinstance(body, io.BytesIO)
                        else os.fstat(body.fileno()).st_size
                    )
                    counter.sent.append((self.path, size))
                return body

        handler = functools.partial(Counting, directory=str(folder))
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/kits/"
        self.site = folder / "kits"

    def take(self) -> list[tuple[str, int]]:
        """Return what was sent since the last call, and start counting afresh."""
        sent, self.sent = self.sent, []
        return sent

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def serve_site(site: Path, www: Path) -> Counter:
    """Serve a built ``site`` for /kits/ on a counting server."""
    counter = Counter(www)
    (www / "kits").symlink_to(site)
    return counter


@pytest.fixture(scope="module")
def small(engine_build, tmp_path_factory):
    counter = serve_site(engine_build / "site", tmp_path_factory.mktemp("www"))
    yield counter
    counter.close()


@pytest.fixture(scope="module")
def big(engine, tmp_path_factory):
    root = generated_project(tmp_path_factory.mktemp("big"), 300)
    build(root, BuildOptions(offline=False, engine=engine))
    counter = serve_site(root / "build" / "site", tmp_path_factory.mktemp("www"))
    yield counter
    counter.close()


@pytest.fixture(params=["small", "big"])
def served(request, engine):
    """Each project, built by each engine (named here: pytest parametrizes only what it sees)."""
    return request.getfixturevalue(request.param)


def total(sent: list[tuple[str, int]]) -> int:
    return sum(size for _, size in sent)


def load(browser, counter: Counter, path: str, **options):
    """Open ``path`` in a fresh browser (empty cache); return the page and what it fetched."""
    context = browser.new_context(**options)
    page = context.new_page()
    counter.take()
    page.goto(counter.url + path, wait_until="networkidle")
    page.wait_for_timeout(300)  # anything started late (idle callbacks) is counted too
    return context, page, counter.take()


@pytest.mark.parametrize("path", [CARD, PACK, "search/"])
def test_a_landing_page_costs_at_most_80_kb_before_any_tap(request, browser, served, engine, path):
    cannot_on(request, engine, BIG_BUNDLE)
    context, _, sent = load(browser, served, path, **PHONE)
    context.close()
    assert total(sent) > 20 * 1024  # the theme's own CSS and JS were counted
    assert total(sent) <= LANDING_BUDGET, sent


@pytest.mark.parametrize("path", [CARD, "search/"])
def test_a_landing_page_fetches_no_search_index_before_any_tap(browser, served, path):
    context, _, sent = load(browser, served, path, **PHONE)
    context.close()
    fetched = " ".join(name for name, _ in sent)
    assert "kitpress-search.js" in fetched  # the few lines that load Pagefind on a first tap
    assert "pagefind" not in fetched and "search_index" not in fetched  # no search yet
    assert "search.json" not in fetched and "/workers/" not in fetched  # nor Zensical's


def test_the_generated_project_is_as_big_as_asked(big):
    cards = [p for p in big.site.glob("*/*/index.html") if p.parts[-3] != "packs"]
    assert len(cards) >= 300  # every card has its page


def search_results(page, form: str) -> str:
    results = page.locator(f"{form} .kp-search__results li")
    results.first.wait_for()
    page.wait_for_load_state("networkidle")
    return page.locator(f"{form} .kp-search__results").inner_text()


def test_a_first_search_on_a_phone_finds_a_word_in_mid_sentence_within_150_kb(browser, big):
    context, page, _ = load(browser, big, "search/", **PHONE)  # its weight: the test above
    page.locator(".kp-search-page input").tap()
    page.keyboard.type(WORD, delay=80)
    text = search_results(page, ".kp-search-page")
    searched = big.take()
    context.close()
    assert "见面先说明来意" in text
    assert any("/pagefind/fragment/" in name for name, _ in searched)  # only some fragments
    assert total(searched) <= SEARCH_BUDGET, searched


def test_the_header_box_searches_on_a_wide_screen_within_150_kb(browser, big):
    context, page, _ = load(browser, big, CARD, viewport={"width": 1280, "height": 800})
    page.locator(".kp-search-header input").click()
    page.keyboard.type(WORD, delay=80)
    text = search_results(page, ".kp-search-header")
    searched = big.take()
    page.locator(".kp-search-header .kp-search__results a").first.click()
    page.wait_for_load_state()
    landed = page.url
    context.close()
    assert "见面先说明来意" in text
    assert total(searched) <= SEARCH_BUDGET, searched
    assert landed.startswith(big.url) and landed.endswith("/")  # a result opens a card page
