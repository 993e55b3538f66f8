"""Tests for scanning and neutralising contributed Markdown."""

import re
from html import unescape
from pathlib import Path

import markdown
import pytest
import yaml

from kitpress.content.markup import (
    EXTENSIONS,
    escape_html,
    escape_inline,
    is_safe_link,
    render,
    scan,
)

REPO = Path(__file__).resolve().parent.parent


def test_raw_html_is_escaped_but_code_is_kept():
    text = "a <script>alert(1)</script>\n\n`<b>` and <https://example.org>\n\n```\n<i>\n```\n"
    html = markdown.markdown(escape_html(text), extensions=["fenced_code"])
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<code>&lt;b&gt;</code>" in html
    assert 'href="https://example.org"' in html
    assert "&lt;i&gt;" in html


@pytest.mark.parametrize(
    "text",
    [
        "  ```\n\n<script>alert(1)</script>\n\n  ```",  # indented: not a fence for Markdown
        "```python extra\n\n<img src=x onerror=alert(1)>\n\n```",  # not a valid opening fence
        "\\`<script>alert(1)</script>\\`",  # escaped backticks make no code span
        "``<b onclick=alert(1)>x</b>`",  # unequal backticks
    ],
)
def test_escape_follows_markdown_code_rules(text):
    html = render(escape_html(text))
    assert not executable(html), html


def test_scan_finds_scripts_handlers_images_and_links():
    found = scan('![](a.png) [x](javascript:alert(1))\n<img src=x onerror="x">\n`<script>`\n')
    kinds = sorted((f.code, f.line) for f in found)
    assert kinds == [("K205", 2), ("K206", 1), ("image", 1)]


# Each payload with the code and line:col it must be reported at.
PAYLOADS = [
    ("点这里 [领取口罩](javascript:alert(1))", "K206", 1, 5),
    ("段落一\n{: onmouseover=alert(6) }", "K205", 2, 4),
    ('[安全链接](https://example.org){: href="javascript:alert(7)" }', "K206", 1, 37),
    ("[引用链接][r]\n\n[r]: javascript:alert(8)", "K206", 3, 1),
    ("# 标题 {: onclick=alert(1) }", "K205", 1, 9),
    ("段落\n\n<a href=javascript:alert(1)>x</a>", "K206", 3, 4),
    ("<a href='javascript:alert(1)'>x</a>", "K206", 1, 4),
    ("文字\n[x](JaVaScRiPt:alert(1))", "K206", 2, 1),
    ("[x](java&#x09;script:alert(1))", "K206", 1, 1),
    ("[x](java\tscript:alert(1))", "K206", 1, 1),
    ("[x](javascript&colon;alert(1))", "K206", 1, 1),
    ("[x](data:text/html,hi)", "K206", 1, 1),
    ("[x](vbscript:msgbox(1))", "K206", 1, 1),
    ("[x]( javascript:alert(1) )", "K206", 1, 1),
    ("一\n\n二 <javascript:alert(1)>", "K206", 3, 3),
    ("<b onclick=alert(1)>x</b>", "K205", 1, 4),
    ("<iframe src=https://example.org></iframe>", "K205", 1, 1),
    ("  ```\n\n<script>alert(1)</script>\n\n  ```", "K205", 3, 1),
    ("```{ onclick=alert(1) }\ncode\n```", "K205", 1, 6),
    ("*强调*{: style='color:red' }", "K205", 1, 8),
]


@pytest.mark.parametrize(("text", "code", "line", "col"), PAYLOADS)
def test_each_payload_is_reported_at_its_line(text, code, line, col):
    found = [(f.code, f.line, f.col) for f in scan(text) if f.code.startswith("K")]
    assert (code, line, col) in found


@pytest.mark.parametrize(("text", "code", "line", "col"), PAYLOADS)
def test_one_line_payloads_render_harmless_after_escape_inline(text, code, line, col):
    html = render(escape_inline(text.replace("\n", " ")))
    assert not executable(html), html


def executable(html: str) -> list[str]:
    """List the tags of ``html`` that could run script: handlers, styles, script addresses."""
    out = []
    for tag in re.findall(r"<[a-z][^>]*>", html, re.IGNORECASE):
        if re.search(r"\s(?:on\w+|style|srcdoc)\s*=|^<(?:script|iframe|object|embed)\b", tag, re.I):
            out.append(tag)
        for m in re.finditer(r"""\s(?:href|src)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", tag, re.I):
            url = re.sub(r"[\x00-\x20]", "", unescape(m.group(1).strip("\"'"))).lower()
            if url.startswith(("javascript:", "data:", "vbscript:")):
                out.append(tag)
    return out


def test_images_with_any_title_are_seen_with_their_alt():
    found = scan(
        "![](https://evil.example/t.png 't')\n\n![图](x.png \"t\")\n\n![a][img]\n\n[img]: y.png"
    )
    assert [(f.code, f.ref, f.detail, f.line) for f in found] == [
        ("image", "https://evil.example/t.png", "", 1),
        ("image", "x.png", "图", 3),
        ("image", "y.png", "a", 7),  # where the address is written
    ]


def test_plain_text_and_safe_links_are_quiet():
    text = "1 < 2，`<b>`，[电话](tel:110) [信](mailto:a@b.org) <https://example.org> [卡](02-x.md)"
    assert {f.code for f in scan(text)} == {"link"}


def test_link_safety():
    assert is_safe_link("https://example.org")
    assert is_safe_link("02-next.md")
    assert is_safe_link("mailto:a@b.c")
    assert is_safe_link("tel:+86-10-1234")
    assert not is_safe_link("javascript:alert(1)")
    assert not is_safe_link(" JAVA\tscript:alert(1)")
    assert not is_safe_link("javascript&colon;alert(1)")
    assert not is_safe_link("data:text/html,<script>")


def test_escape_inline_keeps_ordinary_markdown():
    assert escape_inline("**楼号牌** [网站](https://example.org)") == (
        "**楼号牌** [网站](https://example.org)"
    )
    assert render(escape_inline("[r]: https://example.org")) == "<p>[r]: https://example.org</p>"
    assert render(escape_inline("价格 {: .big }")) == "<p>价格 {: .big }</p>"


def test_extensions_match_mkdocs_yml():
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    names = {e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]}
    # MkDocs always adds toc, tables and fenced_code to what mkdocs.yml lists.
    assert set(EXTENSIONS) == names | {"toc", "tables", "fenced_code"}


@pytest.mark.parametrize("ref", ["//evil.example/x", "https:evil.example", "/\\evil.example"])
def test_addresses_that_leave_the_site_without_saying_how_are_refused(ref):
    assert not is_safe_link(ref)
    assert [(f.code, f.line) for f in scan(f"看：\n\n[这里]({ref})")] == [("K206", 3)]


def test_each_of_several_equal_payloads_gets_its_own_line():
    text = "[a](javascript:a)\n\n说明\n\n[b](java&#115;cript:a)\n\n[c]( javascript:a) [d](javascript:a)"
    found = [(f.code, f.line, f.col) for f in scan(text)]
    assert found == [("K206", 1, 1), ("K206", 5, 1), ("K206", 7, 1), ("K206", 7, 20)]


def test_a_line_separator_inside_a_line_does_not_shift_later_lines():
    text = "甲\u2028乙 [x](javascript:1)\n\n[y](javascript:2)"
    assert [(f.line, f.col) for f in scan(text)] == [(1, 5), (3, 1)]


def test_lists_nested_too_deeply_to_render_are_reported_not_raised():
    text = "开头\n\n" + "".join("  " * i + "- 一层\n" for i in range(3000))
    [found] = scan(text)
    assert (found.code, found.line) == ("K210", 3002)


def test_a_long_rule_is_not_mistaken_for_deep_nesting():
    assert scan("上面\n\n" + "-" * 120 + "\n\n下面") == ()


@pytest.mark.parametrize("text", ["a <![x[ b", "<![x[\n\n<![if x]>", "`x` <![ b", "<![CDATA[ x"])
def test_a_marked_section_is_read_as_browsers_do_not_raised(text):
    assert [f for f in scan(text) if f.code.startswith("K")] == []


def test_a_tag_left_open_at_the_end_of_a_text_is_still_seen():
    found = scan("结尾 <img src=x onerror=alert(1)")
    assert [(f.code, f.detail) for f in found] == [("K205", "onerror=")]


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("[x](https://e.org){: target=_blank }", "target=_blank"),
        ("段落\n{: data-x=1 }", "data-x=1"),
        ("## 标题 {#__config}", "id=__config"),
        ("![图](a.png){: usemap=#m }", "usemap=#m"),
    ],
)
def test_attributes_off_the_allowlist_are_refused(text, detail):
    assert [(f.code, f.detail) for f in scan(text) if f.code == "K227"] == [("K227", detail)]


def test_attributes_markdown_makes_itself_pass():
    text = "## 标题 {#steps .big}\n\n| a |\n|:-:|\n| b |\n\n![图](a.png){ width=10 }\n"
    assert [f for f in scan(text) if f.code.startswith("K")] == []


@pytest.mark.parametrize(
    ("piece", "col"), [("[" * 5000, 55), ("[" * 5000 + "]" * 5000, 55), ("[a " * 60, 155)]
)
def test_too_many_open_brackets_are_k211_before_rendering(piece, col):
    """scripts/fuzz found 5,000 [ in a row taking Python-Markdown 5 to 8 seconds (quadratic)."""
    [found] = scan("开头\n\n前面的字" + piece + "\n")
    assert (found.code, found.line, found.col) == ("K211", 3, col)  # at the 51st [


def test_brackets_closed_or_in_separate_paragraphs_are_fine():
    assert scan("[x] " * 500) == ()
    assert scan("\n\n".join(["[" * 30] * 10)) == ()
