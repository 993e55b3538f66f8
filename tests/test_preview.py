"""The preview server: the live script goes into HTML answers only, at the right length."""

import gzip
import json
import urllib.error
import urllib.request

import pytest

from kitpress.cli.preview import Live, inject, serve_directory, serve_live

CSP = b'<meta http-equiv="Content-Security-Policy" content="script-src \'self\'">'
PAGE = b"<!doctype html><html><head>" + CSP + b"<title>t</title></head><body>hi</body></html>"
TAG = b'<script src="/__kitpress/live.js" data-generation="0" defer></script>'
# A PDF may hold any bytes, "</head>" too: it must go out as it is.
PDF = b"%PDF-1.7\n</head> stream \x00\xff binary\n%%EOF\n"
CSS = b"body { color: #111; }\n" * 20


@pytest.fixture
def site(tmp_path):
    """Serve a small folder with live reload; yield its address and its Live."""
    (tmp_path / "index.html").write_bytes(PAGE)
    (tmp_path / "card").mkdir()
    (tmp_path / "card" / "index.html").write_bytes(PAGE.replace(b"</head>", b"</HEAD>"))
    (tmp_path / "poster.pdf").write_bytes(PDF)
    (tmp_path / "site.css").write_bytes(CSS)
    live = Live("en")
    server = serve_live(tmp_path, live, "127.0.0.1", 0)
    yield f"http://127.0.0.1:{server.server_address[1]}/", live
    live.close()
    server.shutdown()
    server.server_close()


def fetch(url: str, compressed: bool = False) -> tuple[int, dict[str, str], bytes]:
    """GET ``url`` as sent (not decompressed); return status, headers and body."""
    headers = {"Accept-Encoding": "gzip"} if compressed else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_an_html_page_gets_one_script_after_its_csp_and_the_right_length(site):
    url, _ = site
    status, headers, body = fetch(url)
    assert status == 200
    assert body == PAGE.replace(b"</head>", TAG + b"</head>")
    assert body.index(CSP) < body.index(TAG) < body.index(b"</head>")
    assert int(headers["Content-Length"]) == len(body)
    assert headers["Content-Type"] == "text/html"
    assert headers["Cache-Control"] == "no-store"  # a reload never shows the page before


def test_the_gzip_answer_holds_the_same_page_and_says_its_compressed_length(site):
    url, _ = site
    plain = fetch(url + "card/")[2]
    status, headers, body = fetch(url + "card/", compressed=True)
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert int(headers["Content-Length"]) == len(body)
    assert gzip.decompress(body) == plain
    assert plain.count(b"/__kitpress/live.js") == 1
    assert plain.index(TAG) < plain.index(b"</HEAD>")


@pytest.mark.parametrize("compressed", [False, True])
def test_a_pdf_goes_out_byte_for_byte(site, compressed):
    url, _ = site
    status, headers, body = fetch(url + "poster.pdf", compressed)
    assert status == 200
    assert body == PDF
    assert int(headers["Content-Length"]) == len(PDF)
    assert "Content-Encoding" not in headers


def test_a_stylesheet_is_compressed_and_left_alone(site):
    url, _ = site
    _, headers, body = fetch(url + "site.css", compressed=True)
    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == CSS
    assert fetch(url + "site.css")[2] == CSS


def test_a_missing_page_still_listens_for_the_build_that_makes_it(site):
    url, _ = site
    status, _, body = fetch(url + "not-built-yet/")
    assert status == 404
    assert body.count(b"/__kitpress/live.js") == 1
    assert body.index(TAG) < body.index(b"</head>")


def test_the_script_is_served_and_writes_text_only(site):
    url, _ = site
    status, headers, body = fetch(url + "__kitpress/live.js", compressed=True)
    assert status == 200
    assert headers["Content-Type"] == "text/javascript; charset=utf-8"
    script = gzip.decompress(body).decode("utf-8")
    assert "/__kitpress/events" in script
    assert "textContent" in script
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script
    assert 'setAttribute("role", "alert")' in script


def test_the_events_say_the_state_then_each_failure_and_each_good_build(site):
    url, live = site
    with urllib.request.urlopen(url + "__kitpress/events", timeout=30) as stream:
        assert stream.headers["Content-Type"] == "text/event-stream; charset=utf-8"

        def heard() -> dict:
            for line in stream:
                if line.startswith(b"data: "):
                    return json.loads(line[len("data: ") :])
            raise AssertionError("the stream ended")

        assert heard()["generation"] == 0
        live.failed("packs/a/pack.yml:4:10: K109 error: '<b>x</b>' is not a licence")
        state = heard()
        assert state["generation"] == 0
        assert state["error"] == "packs/a/pack.yml:4:10: K109 error: '<b>x</b>' is not a licence"
        assert state["title"].startswith("The site was not updated")
        assert state["lang"] == "en"
        live.built()
        assert heard() == {**state, "generation": 1, "error": ""}
    assert fetch(url)[2].count(b'data-generation="1"') == 1


def test_the_words_over_the_page_are_in_the_asked_language():
    state = json.loads(Live("zh").message())
    assert state["lang"] == "zh-CN"
    assert state["title"].startswith("网站没有更新")
    assert state["hide"] == "先隐藏"


def test_inject_goes_before_the_first_head_end_or_at_the_end():
    assert inject(b"<head><title>x</title></head><p></head>", b"<s>") == (
        b"<head><title>x</title><s></head><p></head>"
    )
    assert inject(b"<p>no head</p>", b"<s>") == b"<p>no head</p><s>"


def test_the_plain_server_adds_nothing(tmp_path):
    """scripts/lighthouse and the page-weight tests measure the site as GitHub Pages serves it."""
    (tmp_path / "index.html").write_bytes(PAGE)
    server = serve_directory(tmp_path)
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        assert gzip.decompress(fetch(url, compressed=True)[2]) == PAGE
        assert fetch(url)[2] == PAGE
        assert fetch(url + "__kitpress/live.js")[0] == 404
    finally:
        server.shutdown()
        server.server_close()
