"""End-to-end: build a fixture project with real MkDocs and inspect the site."""

import hashlib
import json
import os
import re
import shutil
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp

from kitpress.build import BuildOptions, build
from kitpress.problems import ContentError
from kitpress.templating import BUILTIN

EXTERNAL = r"""\s*=\s*["']?(?:https?:)?//"""
EXTERNAL_ASSET = re.compile(
    # Anything a browser fetches by itself: scripts, images, frames, media, stylesheets,
    # icons and preloads. Plain <a href> links and rel=canonical are not requests.
    rf"""<(?:script|img|iframe|source|video|audio|embed|track)\b[^>]*\bsrc{EXTERNAL}"""
    rf"""|<link\b(?=[^>]*\brel=["']?(?:stylesheet|icon|preload|prefetch|preconnect|dns-prefetch|modulepreload|manifest))[^>]*\bhref{EXTERNAL}"""
    r"""|url\(\s*["']?(?:https?:)?//|@import\s+["']?(?:https?:)?//|\bfetch\(\s*["'](?:https?:)?//""",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    from conftest import copy_project, no_logged_warnings

    root = copy_project("site", tmp_path_factory.mktemp("build"))
    with no_logged_warnings():
        build(root, BuildOptions())
    return root / "build" / "site"


def html(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_every_kind_of_page_exists(site):
    for path in [
        "index.html",
        "packs/index.html",
        "gate-parcels/index.html",
        "gate-parcels/talk-to-guard/index.html",
        "gate-parcels/write-signs/index.html",
        "scenarios/index.html",
        "scenarios/gate-access/index.html",
        "audiences/property-staff/index.html",
        "downloads/index.html",
        "schema/pack.schema.json",
        "404.html",
    ]:
        assert (site / path).is_file(), path


def test_pack_page_has_everything_a_community_worker_needs(site):
    page = html(site, "gate-parcels/index.html")
    for text in [
        "门口的快递分楼摆放",
        "1小时",
        "0-10元",
        "容易",
        "物业与保安",
        "小区门禁",
        "合计",
        "10元",
        "楼号牌",
        "测试小组",
        "践行圈",
        "CC-BY-SA-4.0",
        "1.0.0",
        "2020-02-20",
        'id="downloads"',
    ]:
        assert text in page, text
    assert 'href="talk-to-guard/"' in page
    # The edit button and link open the source file in GitHub's editor, not the generated page.
    assert 'href="https://github.com/example/kits/edit/main/packs/gate-parcels/pack.yml"' in page
    assert "creativecommons.org/licenses/by-sa/4.0" in page


def test_card_page_links_back_and_to_neighbours(site):
    page = html(site, "gate-parcels/talk-to-guard/index.html")
    assert 'href="../"' in page
    assert 'href="../write-signs/"' in page  # a link written as 02-write-signs.md in the card
    assert "今天和门卫师傅商量好了快递摆放的位置" in page
    assert (
        "https://github.com/example/kits/edit/main/packs/gate-parcels/cards/01-talk-to-guard.md"
        in page
    )


def test_catalog_can_be_narrowed_by_scenario_and_audience(site):
    page = html(site, "packs/index.html")
    assert 'data-scenarios="gate-access community-workers"' in page
    assert 'data-audiences="property-staff volunteers"' in page
    assert 'href="../scenarios/"' in page or 'href="../scenarios/index.html"' in page
    scenario = html(site, "scenarios/gate-access/index.html")
    assert "门口的快递分楼摆放" in scenario
    assert "门口的快递分楼摆放" not in html(site, "scenarios/elderly/index.html")


def test_home_lists_latest_packs(site):
    assert 'href="gate-parcels/"' in html(site, "index.html")


def test_the_online_site_is_searched_with_pagefind_and_loads_no_whole_index(site):
    assert not (site / "search" / "search_index.json").exists()  # Material's search is off
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert list((site / "pagefind" / "index").glob("zh_*.pf_index"))  # indexed as Chinese
    assert "search_index" not in html(site, "assets/kitpress-search.js")
    assert 'action="search/"' in html(site, "index.html")  # the header's box, a plain form


def test_offline_search_index_is_segmented_by_jieba(site):
    # The offline copy keeps Material's search: Pagefind needs fetch(), which file:// refuses.
    index = json.loads(html(site.parent / "offline", "search/search_index.json"))
    text = " ".join(
        doc["text"]
        for doc in index["docs"]
        if doc["location"].startswith("gate-parcels/write-signs.html")  # no directory URLs
    )
    # "互助" sits in the middle of a sentence; jieba splits it out with zero-width spaces.
    assert "\u200b互助\u200b" in text
    assert index["config"]["lang"] == ["zh"]


def test_no_page_requests_a_third_party_host(site):
    offenders = []
    for path in site.rglob("*"):
        if path.suffix in (".html", ".css", ".js") and path.is_file():
            for m in EXTERNAL_ASSET.finditer(path.read_text(encoding="utf-8", errors="replace")):
                offenders.append(f"{path.relative_to(site)}: {m.group(0)}")
    assert offenders == []
    assert "fonts.googleapis.com" not in html(site, "index.html")
    # Material fetches GitHub star counts from a component marked like this; our theme drops it.
    assert 'data-md-component="source"' not in html(site, "index.html")


def test_canonical_urls_respect_the_sub_path(site):
    assert '<link rel="canonical" href="https://example.github.io/kits/gate-parcels/">' in html(
        site, "gate-parcels/index.html"
    )


def test_markdown_cannot_inject_script(make_project, monkeypatch):
    """Even if check let them through, payloads in YAML texts and raw HTML stay inert."""
    from test_markup import executable

    monkeypatch.setattr("kitpress.build.has_errors", lambda problems, strict=False: False)
    root = make_project("site")
    pack = root / "packs" / "gate-parcels" / "pack.yml"
    text = pack.read_text(encoding="utf-8")
    text = text.replace("summary: 用纸牌", 'summary: "[口罩](javascript:alert(1)) 用纸牌')
    text = text.replace("一小时就能完成。", '一小时就能完成。{: onclick=alert(2) }"')
    text = text.replace("origin: 一次", 'origin: "[r]: javascript:alert(3)" #')
    text = text.replace(
        "    quantity: 1支", '    quantity: 1支\n    note: "<b onclick=alert(4)>x</b>"'
    )
    text = text.replace("  - name: 测试小组", '  - name: "*组*{: onmouseover=alert(5) }"')
    text = text.replace(
        "    circle: 践行圈", '    url: "https://a.org)<img src=x onerror=alert(6)>("'
    )
    text = text.replace("difficulty: 容易", "difficulty: 容易\ntime: '[x](JaVaScRiPt:alert(7))'")
    pack.write_text(text.replace("time: 1小时\n", ""), encoding="utf-8")
    card = root / "packs" / "gate-parcels" / "cards" / "02-write-signs.md"
    card.write_text(
        card.read_text(encoding="utf-8").replace(
            "summary: 每栋", "checkin: '[r][r]'\nsummary: 每栋"
        )
        + "\n<b onclick=alert(8)>x</b>\n\n  ```\n\n<script>alert(9)</script>\n\n  ```\n",
        encoding="utf-8",
    )
    build(root, BuildOptions())
    for page in ("gate-parcels/index.html", "gate-parcels/write-signs/index.html"):
        got = (root / "build/site" / page).read_text(encoding="utf-8")
        content = got[got.index('<article class="md-content__inner') : got.index("</article>")]
        assert "alert(" in content, page  # the payloads are there, as harmless text
        assert executable(content) == [], page


def test_clean_links_and_images_pass_check_and_build(make_project):
    """Links between cards, reference links, titled images and phone links all work."""
    root = make_project("site")
    folder = root / "packs" / "gate-parcels"
    (folder / "assets").mkdir()
    (folder / "assets" / "sign.png").write_bytes(_PNG)
    card = folder / "cards" / "01-talk-to-guard.md"
    card.write_text(
        card.read_text(encoding="utf-8")
        + "\n[下一步](02-write-signs.md) · [再看一遍][next] · [打电话](tel:110)\n\n"
        "![楼号牌的样子](../assets/sign.png 'a sign')\n\n[next]: 02-write-signs.md\n\n"
        "```\n<b>代码里的尖括号</b>\n```\n",
        encoding="utf-8",
    )
    build(root, BuildOptions())
    page = html(root / "build" / "site", "gate-parcels/talk-to-guard/index.html")
    assert page.count('href="../write-signs/"') >= 3  # both links and the "next" arrow
    assert 'href="tel:110"' in page
    assert 'src="../assets/sign.png"' in page and 'alt="楼号牌的样子"' in page
    assert "&lt;b&gt;代码里的尖括号&lt;/b&gt;" in page


_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def test_failed_build_leaves_previous_site_intact(make_project, tmp_path):
    root = make_project("site")
    build(root, BuildOptions())
    before = tree_bytes(root / "build" / "site")
    pack = root / "packs" / "gate-parcels"
    shutil.copytree(pack, tmp_path / "good")
    steps = "".join(f"  - 第{i}步：写清楚要做的事，写给第一次参加的邻居看。\n" for i in range(100))
    a5_card = "---\ntitle: 五\nposter: true\n---\n\n正文。\n"
    breakages = {
        "K109": {"pack.yml": ("license: CC-BY-SA-4.0", "license: GPL")},
        "K309": {"pack.yml": ("steps:\n", "steps:\n" + steps)},  # a poster too long
        # Card a5's poster and the pack's own A5 poster would both be poster-a5.pdf.
        "K310": {
            "pack.yml": ("posters:\n", "posters:\n  - size: A5\n"),
            "cards/03-a5.md": ("", a5_card),
        },
    }
    for code, edits in breakages.items():
        for name, (old, new) in edits.items():
            path = pack / name
            text = path.read_text(encoding="utf-8").replace(old, new) if old else new
            path.write_text(text, encoding="utf-8")
        with pytest.raises(ContentError) as info:
            build(root, BuildOptions())
        assert [p.code for p in info.value.problems] == [code]
        assert tree_bytes(root / "build" / "site") == before, code
        shutil.rmtree(pack)
        shutil.copytree(tmp_path / "good", pack)


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Read every file below ``folder``, by its path inside it."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_identical_packs_each_get_their_own_files(make_project):
    """Two packs print byte-identical sheets; each still gets its own, in its own zip."""
    root = make_project("site")
    shutil.copytree(root / "packs" / "gate-parcels", root / "packs" / "gate-parcels-copy")
    result = build(root, BuildOptions())
    site = root / "build" / "site"
    files = {d.path: d for d in result.downloads}
    labels = [
        f"downloads/{slug}/building-labels.pdf" for slug in ("gate-parcels", "gate-parcels-copy")
    ]
    assert labels[0] in files and labels[1] in files
    assert (site / labels[0]).read_bytes() == (site / labels[1]).read_bytes()  # cache shared
    for slug in ("gate-parcels", "gate-parcels-copy"):
        with zipfile.ZipFile(site / "downloads" / f"{slug}.zip") as bundle:
            pdfs = sorted(n for n in bundle.namelist() if n.endswith(".pdf"))
            assert pdfs == sorted(
                f"{slug}/pdf/{d.path.split('/')[-1]}"
                for d in result.downloads
                if d.pack == slug and d.path.endswith(".pdf")
            )
            for name in pdfs:
                on_site = site / "downloads" / slug / name.split("/")[-1]
                assert bundle.read(name) == on_site.read_bytes(), name
        assert qr_codes(site / "downloads" / slug / "poster.pdf") == [
            f"https://example.github.io/kits/{slug}/"
        ]
    everything = zipfile.ZipFile(site / "downloads" / "kitpress-all.zip").namelist()
    assert len(everything) == len(set(everything))


def qr_codes(path: Path) -> list[str]:
    """Decode the QR codes on page one of a PDF."""
    with pdfium.PdfDocument(path) as pdf:
        image = pdf[0].render(scale=150 / 72, grayscale=True).to_pil()
    return [code.text for code in zxingcpp.read_barcodes(image)]


def test_generated_markdown_matches_golden_files(site):
    """Generated Markdown is the engine's output as text: compare it to reviewed copies."""
    docs = site.parent / "docs"
    golden = Path(__file__).parent / "golden" / "site-docs"
    for name in [
        "gate-parcels/index.md",
        "gate-parcels/talk-to-guard.md",
        "packs/index.md",
        "scenarios/gate-access.md",
    ]:
        got = _stable((docs / name).read_text(encoding="utf-8"))
        if os.environ.get("KITPRESS_UPDATE_GOLDEN"):  # review the diff before committing
            (golden / name).parent.mkdir(parents=True, exist_ok=True)
            (golden / name).write_text(got, encoding="utf-8")
        assert got == (golden / name).read_text(encoding="utf-8"), name


def _stable(text: str) -> str:
    """Mask file sizes and checksums: they follow the font build, not the engine's logic."""
    text = re.sub(r"\b\d+(?:\.\d+)? (?:B|KB|MB)\b", "<size>", text)
    return re.sub(r"\b[0-9a-f]{64}\b", "<sha256>", text)


@pytest.mark.parametrize("template", ["pages/card.md.j2", "posters/poster.html"])
def test_template_mistake_is_a_located_problem(make_project, template):
    """A project's own copy of a built-in template overrides it, mistakes included."""
    root = make_project("site")
    path = root / "templates" / template
    path.parent.mkdir(parents=True)
    text = (BUILTIN / template).read_text(encoding="utf-8")
    lines = text.count("\n")
    path.write_text(text + "{% if %}\n", encoding="utf-8")
    with pytest.raises(ContentError) as info:
        build(root, BuildOptions())
    [found] = info.value.problems
    assert (found.code, found.mark.path, found.mark.line) == (
        "K007",
        f"templates/{template}",
        lines + 1,
    )


def test_each_copy_has_its_own_downloads_page_and_checksums(site):
    """The offline copy's 下载 page cannot list the zip that carries it; the site's does."""
    docs, offline = site.parent / "docs", site.parent / "offline"
    sums = (docs / "downloads/SHA256SUMS").read_text(encoding="utf-8")
    digest = hashlib.sha256((docs / "downloads/kitpress-all.zip").read_bytes()).hexdigest()
    assert f"{digest}  kitpress-all.zip\n" in sums
    assert digest in (site / "downloads/index.html").read_text(encoding="utf-8")
    assert "kitpress-all.zip" not in (offline / "downloads/index.html").read_text(encoding="utf-8")
    assert "kitpress-all.zip" not in (offline / "downloads/SHA256SUMS").read_text(encoding="utf-8")
    assert not (site.parent / "offline-docs").exists()  # the copy's docs are gone after use


def test_every_page_and_checksum_file_is_written_once(make_project, monkeypatch):
    written: list[Path] = []
    real_text = Path.write_text

    def write_text(self: Path, *args, **kwargs):
        written.append(self)
        return real_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", write_text)
    root = make_project("site")
    build(root, BuildOptions())
    docs = [p.relative_to(root / "build") for p in written if (root / "build") in p.parents]
    assert len(docs) == len(set(docs)), sorted(p for p in docs if docs.count(p) > 1)
    assert Path("docs/downloads/SHA256SUMS") in docs
    assert Path("offline-docs/downloads/SHA256SUMS") in docs


def test_check_knows_every_page_the_build_writes(site):
    """content/'s links are judged against outputs.generated_pages: it must name them all."""
    from kitpress.build import inspect
    from kitpress.content.settings import load_settings
    from kitpress.outputs import generated_pages

    root, docs = site.parent.parent, site.parent / "docs"
    project = inspect(root, load_settings(root))[0]
    written = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")}
    content = {name for name in project.content_files if name.endswith(".md")}
    assert written == generated_pages(project) | content
    assert "codes/index.md" in written and "gate-parcels/talk-to-guard.md" in written
