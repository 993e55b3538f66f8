"""Designs: paper sizes, sandboxed templates, and Markdown made safe for paper."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2.exceptions import SecurityError, TemplateNotFound

from kitpress.printing.designs import environment, paper, render_markdown
from kitpress.templating import BUILTIN


def test_paper_sizes_and_scale() -> None:
    a4 = paper()
    assert (a4.width, a4.height, a4.label, a4.margin) == (210, 297, "A4 竖版", 12)
    a3 = paper("A3", "landscape")
    assert (a3.width, a3.height, a3.label) == (420, 297, "A3 横版")
    assert a3.mm(72) == "101.82mm" and paper("A5").pt(12) == "8.49pt"
    assert paper("A5").margin >= 8  # the safe margin holds on the smallest paper


def test_markdown_escapes_raw_html_and_prints_links_as_text() -> None:
    html, images = render_markdown(
        "<img src=x onerror=alert(1)> **粗** [链接](javascript:alert(1)) <b>b</b>\n\n<div>块</div>"
    )
    assert "<img" not in html and "<div>" not in html and "<b>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "&lt;div&gt;块&lt;/div&gt;" in html
    assert "<strong>粗</strong>" in html and "<span>链接</span>" in html
    assert "href" not in html and images == ()


def test_markdown_images_resolve_to_local_files(tmp_path: Path) -> None:
    cards, assets = tmp_path / "cards", tmp_path / "assets"
    cards.mkdir()
    assets.mkdir()
    (assets / "a.png").write_bytes(b"png")
    html, images = render_markdown(
        "![甲](../assets/a.png) ![乙](assets/a.png) ![丙](https://x.cn/b.png)",
        folders=(cards, tmp_path),
    )
    uri = (assets / "a.png").resolve().as_uri()
    assert html.count(f'src="{uri}"') == 2 and 'src="https://x.cn/b.png"' in html
    assert images == ((assets / "a.png").resolve(),) * 2


def test_inline_markdown_has_no_paragraph() -> None:
    assert render_markdown("先**看**一遍", inline=True)[0] == "先<strong>看</strong>一遍"


def test_project_templates_win_file_by_file_and_are_sandboxed(tmp_path: Path) -> None:
    assert environment(tmp_path).get_template("poster.html").filename.startswith(str(BUILTIN))
    own = tmp_path / "templates" / "posters"
    own.mkdir(parents=True)
    (own / "evil.html").write_text("{{ ''.__class__.__mro__ }}")
    (own / "page.html").write_text("{{ text }}")
    (own / "poster.html").write_text("mine")
    env = environment(tmp_path)
    assert env.get_template("page.html").render(text="<script>") == "&lt;script&gt;"
    assert env.get_template("poster.html").render() == "mine"
    # What the project leaves out still comes from kitpress.
    assert env.get_template("base.html").filename == str(BUILTIN / "posters" / "base.html")
    with pytest.raises(SecurityError):
        env.get_template("evil.html").render()
    with pytest.raises(TemplateNotFound):
        env.get_template("../../../etc/hostname")
