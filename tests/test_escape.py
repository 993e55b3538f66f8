"""Values reach pages escaped for where they land: the theme prints front matter as HTML."""

from html.parser import HTMLParser
from pathlib import Path

import pytest

from kitpress.build import BuildOptions, CheckOptions, build, check
from kitpress.problems import Severity
from kitpress.publish.escape import (
    front_matter,
    front_matter_value,
    html_attr,
    json_text,
    split_front_matter,
    url,
)

# Texts check accepts (no script, no handler), whose markup would still break out of
# <title> and <meta content> if printed as they are.
TITLE = '门岗 </title><b class="x">粗</b> & "引号"'
SUMMARY = '说明 "><b>粗</b> x="'


class _Head(HTMLParser):
    """Read the <title> text, the description and every element of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title, self.description, self.tags, self._in = "", "", [], ""

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._in = tag
        values = dict(attrs)
        if tag == "meta" and values.get("name") == "description":
            self.description = values.get("content") or ""

    def handle_endtag(self, tag):
        self._in = ""

    def handle_data(self, data):
        if self._in == "title":
            self.title += data


def read_head(path: Path) -> _Head:
    head = _Head()
    head.feed(path.read_text(encoding="utf-8"))
    return head


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from conftest import copy_project

    root = copy_project("site", tmp_path_factory.mktemp("escape"))
    pack = root / "packs" / "gate-parcels" / "pack.yml"
    text = pack.read_text(encoding="utf-8")
    text = text.replace("title: 门口的快递分楼摆放", f"title: '{TITLE}'")
    text = text.replace(
        "summary: 用纸牌和胶带在小区门口按楼号摆放快递，一小时就能完成。", f"summary: '{SUMMARY}'"
    )
    pack.write_text(text, encoding="utf-8")
    page = root / "content" / "about.md"
    page.write_text(
        '---\ntitle: "\\u003cb\\u003e关于\\u003c/b\\u003e"\ntemplate: main.html\n---\n\n# 关于\n',
        encoding="utf-8",
    )
    assert [
        p for p in check(root, CheckOptions(posters=False)) if p.severity is Severity.ERROR
    ] == []
    build(root, BuildOptions(offline=False))
    return root / "build" / "site"


def test_a_pack_title_and_summary_stay_text_in_the_page_head(site):
    head = read_head(site / "gate-parcels" / "index.html")
    assert head.title.startswith(TITLE + " - ")
    assert head.description == SUMMARY
    assert "b" not in head.tags  # no element from the texts, in the head or after it


def test_a_card_title_stays_text_in_the_page_head(site):
    head = read_head(site / "gate-parcels" / "talk-to-guard" / "index.html")
    assert f" · {TITLE} - " in head.title
    assert "b" not in head.tags


def test_a_content_page_front_matter_is_escaped_too(site):
    head = read_head(site / "about" / "index.html")
    assert head.title.startswith("<b>关于</b> - ")
    assert "b" not in head.tags


def test_front_matter_values_are_html_inside_json():
    assert front_matter_value('</title>"&') == '"&lt;/title&gt;&quot;&amp;"'
    assert html_attr('"><x') == "&quot;&gt;&lt;x"


def test_json_text_cannot_close_a_script_element():
    assert "<" not in json_text({"a": "</script><!--"})


def test_url_keeps_markdown_link_characters_encoded():
    assert url("https://e.org/a b)") == "https://e.org/a%20b%29"


def test_only_known_front_matter_keys_survive_and_odd_yaml_is_dropped():
    meta, body = split_front_matter("---\ntitle: x\ntemplate: evil.html\n---\nbody\n")
    assert (meta, body) == ({"title": "x"}, "body\n")
    assert split_front_matter("---\ntitle: !ENV X\n---\nbody\n") == ({}, "body\n")
    assert front_matter({"hide": ["<toc>"]}) == '---\nhide: ["&lt;toc&gt;"]\n---\n\n'
