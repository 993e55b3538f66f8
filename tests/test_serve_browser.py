"""kitpress serve in real Chromium: a failed build shows over the page, the fix reloads it."""

from pathlib import Path

import pytest
from conftest import CHROMIUM
from test_serve import TIMEOUT, _edit, _get, _start, _wait_for

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"
)

CARD = "packs/gate-parcels/cards/01-talk-to-guard.md"
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
# Every Content-Security-Policy refusal on the page: the live script must keep to the policy.
RECORD_CSP = """
window.__kpCsp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__kpCsp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


@pytest.fixture
def served(make_project):
    """Run kitpress serve (in Chinese) on a copy of the fixture; yield its root and address."""
    root = make_project("site")
    url, stop, thread = _start(root, "zh")
    _wait_for(lambda: "见面先说明来意" in _get(url + "gate-parcels/talk-to-guard/"), thread)
    yield root, url, thread
    stop.set()
    thread.join(TIMEOUT)
    assert not thread.is_alive()


def test_a_failed_build_shows_over_the_page_until_the_fix_reloads_it(browser, served):
    root, url, thread = served
    context = browser.new_context(**PHONE)
    context.add_init_script(RECORD_CSP)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(url + "gate-parcels/talk-to-guard/", wait_until="load")
        assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
        page.evaluate("window.__kpBefore = true")  # gone once the page has reloaded
        # The value holds markup: the overlay shows it as text, never as an element.
        _edit(root / CARD, "audiences: [物业与保安]", "audiences: [<b>物业</b>]")
        alert = page.get_by_role("alert")
        alert.wait_for(timeout=TIMEOUT * 1000)
        said = alert.inner_text()
        assert f"{CARD}:6:13: K110 错误：“audiences” 里的 “<b>物业</b>” 不在分类表中" in said
        assert "共 1 个错误，0 个警告" in said
        assert "网站没有更新" in said
        assert alert.locator("b").count() == 0
        assert alert.get_attribute("lang") == "zh-CN"
        box = alert.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360  # readable on a phone
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
        assert page.evaluate("window.__kpBefore") is True  # shown over the page, not reloaded
        # Fixed, and the card changed: the page reloads by itself with the new text.
        _edit(root / CARD, "audiences: [<b>物业</b>]", "audiences: [物业与保安]")
        _edit(root / CARD, "见面先说明来意", "见面先打个招呼，说明来意")
        page.get_by_text("见面先打个招呼，说明来意").wait_for(timeout=TIMEOUT * 1000)
        assert page.evaluate("window.__kpBefore") is None
        assert page.get_by_role("alert").count() == 0
        assert page.evaluate("window.__kpCsp") == []
        assert errors == []
        assert thread.is_alive()
    finally:
        context.close()


def test_hiding_the_problems_shows_the_page_under_them(browser, served):
    root, url, _ = served
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(url + "gate-parcels/talk-to-guard/", wait_until="load")
        _edit(root / CARD, "time: 10分钟", "time: [10分钟")
        alert = page.get_by_role("alert")
        alert.wait_for(timeout=TIMEOUT * 1000)
        assert f"{CARD}:4:" in alert.inner_text()
        page.get_by_role("button", name="先隐藏").click()
        assert page.get_by_role("alert").count() == 0
        assert page.get_by_text("见面先说明来意").is_visible()
    finally:
        context.close()
