"""Every page carries a Content-Security-Policy first in its head, and it stops what slips by."""

import base64
import functools
import hashlib
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import CHROMIUM
from test_browser import RECORD_CSP

CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
INLINE = re.compile(r"<script>(.*?)</script>", re.S)


@pytest.fixture
def site(engine_build) -> Path:
    """The fixture's online site, built by each engine (conftest)."""
    return engine_build / "site"


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def policy(html: str) -> dict[str, list[str]]:
    [found] = CSP.findall(html)
    return {d.split()[0]: d.split()[1:] for d in found.split("; ")}


def test_every_page_has_the_policy_before_anything_that_loads_or_runs(site):
    for path in pages(site):
        html = path.read_text(encoding="utf-8")
        head = html[: html.index("<title>")]
        first = re.search(r"<(script|link|style|img)\b", html)
        assert CSP.search(head), path
        assert first is None or first.start() > CSP.search(html).end(), path


def test_the_policy_allows_no_inline_handler_and_no_other_host(site):
    rules = policy((site / "index.html").read_text(encoding="utf-8"))
    assert rules["default-src"] == ["'self'"]
    assert rules["object-src"] == ["'none'"]
    assert rules["base-uri"] == ["'self'"]
    scripts = rules["script-src"]
    assert scripts[:2] == ["'self'", "'wasm-unsafe-eval'"]  # Pagefind compiles its WebAssembly
    assert all(s.startswith("'sha256-") for s in scripts[2:])  # no unsafe-inline/eval, no host
    for name, sources in rules.items():
        assert not [s for s in sources if "//" in s or s in ("*", "https:", "http:")], name


def test_every_inline_script_of_every_page_is_allowed_by_its_hash(site):
    missing = {}
    for path in pages(site):
        html = path.read_text(encoding="utf-8")
        allowed = set(policy(html)["script-src"])
        for body in INLINE.findall(html):
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            if f"'sha256-{digest}'" not in allowed:
                missing[f"sha256-{digest}"] = body[:60]
    # Add these to script_hashes in templates/theme/partials/csp.html if the theme needs them.
    assert missing == {}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        return


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")
def test_a_handler_or_script_that_slipped_into_a_page_does_not_run(site, browser):
    page_file = site / "gate-parcels" / "index.html"
    html = page_file.read_text(encoding="utf-8")
    slipped = (
        '<img src="x" onerror="window.kpPwned=1"><script>window.kpPwned=2</script>'
        '<a id="kp-js" href="javascript:window.kpPwned=3">x</a>'
    )
    page_file.write_text(html.replace("</article>", slipped + "</article>", 1), encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        context = browser.new_context()
        context.add_init_script(RECORD_CSP)
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/gate-parcels/")
        page.click("#kp-js")
        page.wait_for_timeout(200)
        assert page.evaluate("window.kpPwned") is None
        refused = page.evaluate("window.__kpCsp")
        context.close()
    finally:
        server.shutdown()
        server.server_close()
        page_file.write_text(html, encoding="utf-8")
    assert len(refused) >= 3  # the handler, the script and the javascript: link


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")
def test_a_search_runs_under_the_policy(site, browser):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        context = browser.new_context()
        context.add_init_script(RECORD_CSP)
        # Without workers (some in-app browsers) Pagefind runs its WebAssembly in the page,
        # under the page's policy; its worker, loaded from a file, has no policy of its own.
        context.add_init_script("delete window.Worker")
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/search/?q=门卫")
        page.locator(".kp-search-page .kp-search__results li").first.wait_for()
        refused = page.evaluate("window.__kpCsp")
        context.close()
    finally:
        server.shutdown()
        server.server_close()
    assert refused == []  # Pagefind's code, worker, WebAssembly and fetches are all allowed
