"""Tests for scanning and neutralising contributed Markdown."""

import markdown

from kitpress.markup import escape_html, is_safe_link, scan


def test_raw_html_is_escaped_but_code_is_kept():
    text = "a <script>alert(1)</script>\n\n`<b>` and <https://example.org>\n\n```\n<i>\n```\n"
    html = markdown.markdown(escape_html(text), extensions=["fenced_code"])
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<code>&lt;b&gt;</code>" in html
    assert 'href="https://example.org"' in html
    assert "&lt;i&gt;" in html


def test_scan_finds_scripts_handlers_images_and_links():
    found = list(scan('![](a.png) [x](javascript:alert(1))\n<img src=x onerror="x">\n`<script>`\n'))
    kinds = sorted((f.code, f.line) for f in found)
    assert kinds == [("K205", 2), ("image", 1), ("link", 1)]


def test_link_safety():
    assert is_safe_link("https://example.org")
    assert is_safe_link("02-next.md")
    assert is_safe_link("mailto:a@b.c")
    assert not is_safe_link("javascript:alert(1)")
    assert not is_safe_link("data:text/html,<script>")
