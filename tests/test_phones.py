"""A resident on a phone: the first screen, the downloads, printing; real Chromium, gzip served."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import CHROMIUM
from PIL import ImageChops

from kitpress.build import BuildOptions, build
from kitpress.cli.preview import serve_directory

PHONE = {"viewport": {"width": 360, "height": 780}, "is_mobile": True, "has_touch": True}
PACK, CARD = "gate-parcels/", "gate-parcels/talk-to-guard/"

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Build the fixture site for /kits/ on a free port and serve it gzip-compressed there."""
    from conftest import copy_project

    www = tmp_path_factory.mktemp("www")
    server = serve_directory(www)
    url = f"http://127.0.0.1:{server.server_address[1]}/kits/"
    root = copy_project("site", tmp_path_factory.mktemp("phones"))
    build(root, BuildOptions(site_url=url))
    shutil.copytree(root / "build" / "site", www / "kits")
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture
def phone(browser):
    """Open a page as a 360 x 780 phone."""
    contexts = []

    def open_page(url):
        ctx = browser.new_context(**PHONE)
        contexts.append(ctx)
        page = ctx.new_page()
        page.goto(url, wait_until="networkidle")
        return page

    yield open_page
    for ctx in contexts:
        ctx.close()


# The text from the heading with this id to the next heading of its level.
SECTION_TEXT = """id => {
  let e = document.getElementById(id), text = "";
  for (e = e.nextElementSibling; e && e.tagName !== "H2"; e = e.nextElementSibling)
    text += e.innerText + "\\n";
  return text;
}"""


def bottom(page, selector):
    """Return how far down the page the bottom of the first ``selector`` is, in CSS pixels."""
    return page.locator(selector).first.evaluate("e => e.getBoundingClientRect().bottom")


def test_card_page_shows_action_time_cost_and_first_step_on_the_first_screen(site, phone):
    page = phone(site + CARD)
    meta = page.locator("article .kp-meta").first
    assert "10分钟" in meta.inner_text() and "免费" in meta.inner_text()
    assert page.locator("article h1").inner_text() == "先和门卫商量"
    first_step = "article .kp-meta ~ p"
    assert "见面先说明来意" in page.locator(first_step).first.inner_text()
    assert bottom(page, first_step) <= 780


def test_pack_page_shows_action_time_cost_and_first_step_on_the_first_screen(site, phone):
    page = phone(site + PACK)
    glance = page.locator("dl.kp-glance").inner_text()
    assert "1小时" in glance and "0-10元" in glance
    first_step = "h2:has-text('怎么做') + ol > li"
    assert page.locator(first_step).first.inner_text() == "和门卫商量摆放的位置"
    assert bottom(page, first_step) <= 780


def test_home_shows_the_packs_on_the_first_screen(site, phone):
    page = phone(site)
    assert bottom(page, "article a[href='gate-parcels/']") <= 780


def test_pack_page_offers_residents_the_poster_and_the_zip_in_one_line_each(site, phone):
    page = phone(site + PACK)
    links = page.locator(".kp-downloads a")
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == [
        "../downloads/gate-parcels/poster.pdf",
        "../downloads/gate-parcels.zip",
    ]
    sizes = page.locator(".kp-downloads .kp-size")
    assert sizes.count() == 2
    for i in range(sizes.count()):
        assert re.search(r"\d+ (KB|MB|B)$", sizes.nth(i).inner_text())
        assert sizes.nth(i).evaluate("e => e.getClientRects().length") == 1  # never wraps
    assert not re.search(r"\b[0-9a-f]{64}\b", page.content())  # checksums are for organisers
    everything = page.locator("a", has_text="SHA-256")
    files = int(re.search(r"全部 (\d+) 个文件", everything.inner_text()).group(1))
    assert files > 2
    everything.click()
    page.wait_for_load_state()
    assert page.url.endswith("/kits/downloads/#gate-parcels")
    section = page.evaluate(SECTION_TEXT, "gate-parcels")
    assert "building-labels" not in section  # titles, not file names
    assert len(re.findall(r"\b[0-9a-f]{64}\b", section)) == files


@pytest.mark.parametrize("path", [PACK, CARD])
def test_printed_page_is_one_black_column_with_its_address(site, browser, tmp_path, path):
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(site + path, wait_until="networkidle")
    page.emulate_media(media="print")
    widths = page.evaluate(
        "[document.querySelector('.md-content').getBoundingClientRect().width,"
        " document.body.getBoundingClientRect().width]"
    )
    assert widths[0] >= 0.95 * widths[1]  # no sidebars beside the text
    pdf = tmp_path / "page.pdf"
    pdf.write_bytes(page.pdf(format="A4"))
    ctx.close()
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "本页网址：" + site + path in text
    for navigation in ("跳转至", "人群", "测试站点", "下一页"):
        assert navigation not in text
    with pdfium.PdfDocument(pdf) as doc:
        for number in range(len(doc)):
            image = doc[number].render(scale=1).to_pil().convert("RGB")
            r, g, b = image.split()
            tint = max(
                ImageChops.difference(x, y).getextrema()[1] for x, y in [(r, g), (g, b), (r, b)]
            )
            assert tint <= 24, f"page {number + 1} prints in colour"
            assert image.getpixel((2, 2)) == (255, 255, 255)


def test_the_catalog_does_not_move_when_its_filter_comes_alive(site, browser):
    """Lighthouse saw the packs jump (CLS 0.027) when the script filled in the filter's count."""
    ctx = browser.new_context(**PHONE)
    page = ctx.new_page()
    # A slow network: the page is painted before the script that runs the filter arrives.
    page.route("**/kitpress.js", lambda route: route.abort())
    page.goto(site + "packs/", wait_until="networkidle")
    count, packs = page.locator(".kp-count").text_content(), bottom(page, ".kp-packs")
    page.unroute("**/kitpress.js")
    page.add_script_tag(url=site + "assets/kitpress.js")
    page.locator(".kp-filter").wait_for()  # the script showed it
    assert page.locator(".kp-count").text_content() == count == "1 / 1"  # written by the page
    assert bottom(page, ".kp-packs") == packs  # so the packs stayed where they were
    ctx.close()
