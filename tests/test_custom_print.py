"""The 打印定制 page: a community worker's own building signs, printed by real Chromium."""

import io
import os
import random
import re
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import ARGS, CHROMIUM, copy_project  # noqa: F401  (ARGS: the browser fixture's)
from playwright.sync_api import expect

from kitpress.content.buildings import MAX_BUILDINGS, parse_buildings
from kitpress.outputs import RESERVED, name_problem, print_page, print_pages, taken_names
from kitpress.printing.designs import paper
from kitpress.printing.labels import group_signs, number_size, sign_label, signs_per_page

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "kitpress" / "templates" / "theme" / "assets" / "kitpress-print.js"
# Screenshots to look at: KITPRESS_TEST_IMAGES names a folder to keep them in, else a temporary one.
IMAGES = Path(os.environ.get("KITPRESS_TEST_IMAGES") or tempfile.mkdtemp(prefix="kp-print-"))
IMAGES.mkdir(parents=True, exist_ok=True)
# The page lays out its preview in a frame: on a loaded 2-core machine that takes seconds.
expect.set_options(timeout=30_000)
MM = 72 / 25.4  # PDF points a millimetre
needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no chromium")

BUILDING_INPUTS = [
    "1-12,15,3A", "1-6", "1-", "-3", "12-3", "A-C", "3A-3C", "１-１２，１５", "３Ａ", "1~3",
    "1 - 3、5栋", "1至3", "2号楼,3号", "1,1", "1-3,2", "", " ", "1-10000", "1-500", "1-501",
    "0-2", "01-03", "東区,西区", "ABCDEFGHI", "abc", "3a", "1;2；3", "1\u30002", "1\t2\n3",
    "1--3", "1-2-3", "9999", "99999", "1,,2", "，1，", "B1,B2", "1–3", "1—3", "北区1栋",
    "1-250,300-549", "1-250,251-501", "x@y", "1.5", "½", "①", "1-３", "Ａ-Ｃ", "1～3",
]  # fmt: skip


@pytest.fixture
def site(engine_build) -> Path:
    """The site fixture (its pack has a poster and building signs), built by each engine."""
    return engine_build


@pytest.fixture
def served(engine_served) -> str:
    return engine_served


@pytest.fixture
def script_page(browser):
    """A blank page holding only kitpress-print.js, for its functions."""
    page = browser.new_page()
    page.set_content("<!DOCTYPE html><html><body></body></html>")
    page.add_script_tag(path=str(SCRIPT))
    yield page
    page.close()


def open_form(browser, url: str, width: int = 1280, **options):
    """Open the 打印定制 page with every request to another origin aborted; return the page."""
    context = browser.new_context(viewport={"width": width, "height": 900}, **options)
    blocked: list[str] = []

    def local_only(route):
        local = route.request.url.startswith(("file:", url.split("/print/")[0]))
        if local or route.request.url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", local_only)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(url, wait_until="load")
    page.kp_blocked, page.kp_errors = blocked, errors
    return page


def fill(page, buildings: str, per_sign: str = "1", title: str = "", paper_size: str = "A4"):
    page.get_by_label("楼号", exact=True).fill(buildings)
    page.get_by_label("每块牌子几个楼号").fill(per_sign)
    page.get_by_label("取件点名称").fill(title)
    page.get_by_label("纸张").select_option(paper_size)


def error_of(page, field: str) -> str:
    return page.locator(f"#kp-{field}-error").inner_text().strip()


def printed(page) -> pdfium.PdfDocument:
    return pdfium.PdfDocument(io.BytesIO(page.pdf(prefer_css_page_size=True)))


def page_texts(pdf: pdfium.PdfDocument) -> list[str]:
    """Return each page's text without line breaks: PDFium breaks lines of big type anywhere."""
    pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    return ["".join(text.split()) for text in pages]


def assert_inside_paper(pdf: pdfium.PdfDocument, width_mm: float, height_mm: float) -> None:
    """Every page has the paper's size and every character lies on it."""
    for i in range(len(pdf)):
        page = pdf[i]
        w, h = page.get_size()
        assert abs(w - width_mm * MM) < 2 and abs(h - height_mm * MM) < 2, (w / MM, h / MM)
        text = page.get_textpage()
        for c in range(text.count_chars()):
            left, bottom, right, top = text.get_charbox(c)
            if right > left:  # spaces and line ends have no box
                assert left >= -0.5 and bottom >= -0.5 and right <= w + 0.5 and top <= h + 0.5


# ---- the address space ----------------------------------------------------------------


def test_print_pages_take_a_section_no_pack_or_card_can_clash_with(site):
    assert "print" in RESERVED
    assert name_problem("print", taken_names([])) == "K118"  # a pack named print is refused
    docs = site / "docs"
    assert (docs / "print" / "index.md").is_file() and (
        docs / "print" / "gate-parcels.md"
    ).is_file()
    # A card named "print" is gate-parcels/print.md: the 打印定制 page is print/gate-parcels.md.
    from kitpress.build import load_project
    from kitpress.content.settings import load_settings

    project = load_project(site.parent, load_settings(site.parent))
    pack = project.packs[0]
    assert print_page(pack) == "print/gate-parcels.md"
    assert set(print_pages(project)) <= {"print/index.md", "print/gate-parcels.md"}
    from kitpress.outputs import generated_pages, plan_site

    plan, problems = plan_site(project)
    assert "print/gate-parcels.md" in plan.pages and problems == []
    assert "print/gate-parcels.md" in generated_pages(project)


def test_the_pack_page_and_the_downloads_page_link_to_it(site):
    for page in ("gate-parcels/index.html", "downloads/index.html"):
        html = (site / "site" / page).read_text(encoding="utf-8")
        assert "print/gate-parcels/" in html and "打印定制" in html
    downloads = (site / "site" / "downloads" / "index.html").read_text(encoding="utf-8")
    assert 'href="../print/"' in downloads  # the index of every pack's page
    index = (site / "site" / "print" / "index.html").read_text(encoding="utf-8")
    assert 'href="gate-parcels/"' in index


# ---- one grammar, one formula: the script agrees with Python ------------------------------


@needs_chromium
def test_the_script_reads_buildings_as_the_cli_does(script_page):
    got = script_page.evaluate(
        "inputs => inputs.map(i => window.kitpressPrint.parseBuildings(i))", BUILDING_INPUTS
    )
    expected = [list(parse_buildings(i)) if parse_buildings(i) else None for i in BUILDING_INPUTS]
    assert got == expected
    assert None in got and any(got)  # readable and unreadable inputs were both compared


@needs_chromium
def test_the_script_sizes_numbers_as_the_pdfs_do(script_page):
    rng = random.Random(13)
    pool = [str(n) for n in range(1, 400)] + ["3A", "12B", "东区", "北区1", "B2", "101A"]
    cases = []
    for _ in range(300):
        buildings = tuple(dict.fromkeys(rng.sample(pool, rng.randint(1, 30))))
        if rng.random() < 0.5:
            start = rng.randint(1, 300)
            buildings = tuple(str(n) for n in range(start, start + rng.randint(1, 40)))
        cases.append((buildings, rng.randint(1, 12), rng.choice(["A4", "A3", "A5"])))
    python = []
    for buildings, per_sign, size in cases:
        labels = [sign_label(g) for g in group_signs(buildings, per_sign)]
        per_page = signs_per_page(paper(size, "portrait"), labels)
        page = paper(size, "portrait" if per_page == 2 else "landscape")
        python.append([per_page, labels, [number_size(page, label, per_page) for label in labels]])
    sheets = {
        size: {o: vars_of(paper(size, o)) for o in ("portrait", "landscape")}
        for size in ("A4", "A3", "A5")
    }
    script = script_page.evaluate(
        """([cases, sheets]) => cases.map(([buildings, perSign, size]) => {
             const k = window.kitpressPrint;
             const labels = k.groupSigns(buildings, perSign).map(k.signLabel);
             const perPage = k.signsPerPage(sheets[size].portrait, labels);
             const page = sheets[size][perPage === 2 ? "portrait" : "landscape"];
             return [perPage, labels, labels.map(l => k.numberSize(page, l, perPage))];
           })""",
        [[[list(c[0]), c[1], c[2]] for c in cases], sheets],
    )
    assert script == python
    assert {row[0] for row in python} == {1, 2}  # both layouts were compared


def vars_of(page) -> dict[str, float]:
    return {
        "width": page.width,
        "height": page.height,
        "margin": page.margin,
        "factor": page.factor,
    }


# ---- the form, printed ----------------------------------------------------------------


@needs_chromium
@pytest.mark.parametrize("width", [1280, 360])
def test_a_worker_prints_their_own_signs(browser, served, width):
    """The issue's compound: 1-32 and 3A, five a sign, by the north gate: 7 signs, 7 pages.

    "31、32、3A" is too wide for half a sheet at 60 mm, so (as in the PDFs) every sign gets a
    landscape page of its own.
    """
    page = open_form(browser, served + "print/gate-parcels/", width)
    fill(page, "1-32,3A", "5", "北门快递点", "A4")
    assert page.locator("#kp-status").inner_text() == "共 7 块牌子，7 页 A4 纸"
    frame = page.frame_locator("#kp-preview iframe")
    expect(frame.locator(".sign")).to_have_count(7)  # the preview frame loads on its own
    assert frame.locator(".number").first.inner_text() == "1–5"
    if width == 360:
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.locator("#kp-signs").screenshot(path=str(IMAGES / f"signs-form-{width}.png"))
    pdf = printed(page)
    texts = page_texts(pdf)
    assert len(pdf) == 7
    assert all(t.count("北门快递点") == 1 for t in texts)
    labels = ["1–5", "6–10", "11–15", "16–20", "21–25", "26–30", "31、32、3A"]
    assert [label in t for label, t in zip(labels, texts, strict=True)] == [True] * 7
    assert page.locator("#kp-print-out .listed").first.inner_text() == "1、2、3、4、5号楼"
    assert_inside_paper(pdf, 297, 210)
    if width == 1280:
        pdf[0].render(scale=1).to_pil().save(IMAGES / "signs-printed-page.png")
    assert page.kp_blocked == [] and page.kp_errors == []


@needs_chromium
def test_two_signs_a_page_with_the_cut_line(browser, served):
    page = open_form(browser, served + "print/gate-parcels/", 360)
    fill(page, "1-11", "1", "", "A5")
    pdf = printed(page)
    texts = page_texts(pdf)
    assert len(pdf) == 6  # 11 signs, two a page: the last page holds one
    assert [t.count("号楼") for t in texts] == [2, 2, 2, 2, 2, 1]
    assert all("沿虚线剪开" in t for t in texts)
    assert "1" in texts[0] and "2" in texts[0] and "11" in texts[5]
    assert_inside_paper(pdf, 148, 210)
    pdf[5].render(scale=1).to_pil().save(IMAGES / "signs-printed-a5-two-a-page.png")


@needs_chromium
def test_one_sign_a_page_on_landscape_paper_when_labels_are_long(browser, served):
    page = open_form(browser, served + "print/gate-parcels/")
    fill(page, "101-130", "10", "", "A3")
    pdf = printed(page)
    assert len(pdf) == 3  # 3 signs, one a page: one sign group per page
    texts = page_texts(pdf)
    assert [t.count("101–110") for t in texts] == [1, 0, 0] and "121–130" in texts[2]
    assert_inside_paper(pdf, 420, 297)
    numbers = page.frame_locator("#kp-preview iframe").locator(".number")
    expect(numbers).to_have_count(3)
    sizes = numbers.evaluate_all("els => els.map(e => e.style.fontSize)")
    page_ = paper("A3", "landscape")
    assert sizes == [
        f"{number_size(page_, label, 1):g}mm" for label in ("101–110", "111–120", "121–130")
    ]


@needs_chromium
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1-", "“1-”没写完"),
        ("12-3", "请写成 3-12"),
        ("A-C", "范围只能用数字"),
        ("1-10000", f"一次最多 {MAX_BUILDINGS} 个，现在是 10000 个"),
        ("1,1", "“1”写了两次"),
        ("x@y", "看不懂“x@y”"),
    ],
)
def test_bad_buildings_are_named_beside_the_field_and_nothing_prints(
    browser, served, typed, message
):
    page = open_form(browser, served + "print/gate-parcels/")
    fill(page, typed)
    assert message in error_of(page, "buildings")
    assert page.get_by_label("楼号", exact=True).get_attribute("aria-invalid") == "true"
    assert page.locator("#kp-buildings-error").get_attribute("aria-live") == "polite"
    assert page.locator("#kp-preview iframe").count() == 0
    assert page.locator("#kp-print-out .sign").count() == 0
    text = "".join(page_texts(printed(page)))  # the page itself prints, not a wrong sign
    assert "请先改正上面标红的地方" in text and "沿虚线剪开" not in text


@needs_chromium
def test_full_width_digits_and_commas_are_accepted(browser, served):
    page = open_form(browser, served + "print/gate-parcels/")
    fill(page, "１-３，３Ａ", "２")
    assert error_of(page, "buildings") == "" and error_of(page, "per-sign") == ""
    labels = page.locator("#kp-print-out .number").all_inner_texts()
    assert labels == ["1–2", "3、3A"]


@needs_chromium
def test_an_empty_pick_up_point_is_left_out_and_a_long_one_is_cut(browser, served):
    page = open_form(browser, served + "print/gate-parcels/")
    fill(page, "1-2")
    assert page.locator("#kp-print-out .sign-title").count() == 0
    fill(page, "1-2", "1", "北门" * 20, "A5")
    message = error_of(page, "title")
    assert message.startswith("取件点名称太长") and "请删掉" in message
    cut = int(message.split("请删掉 ")[1].split(" ")[0])
    assert page.locator("#kp-print-out .sign").count() == 0
    fill(page, "1-2", "1", ("北门" * 20)[: 40 - cut], "A5")
    assert error_of(page, "title") == ""
    assert page.locator("#kp-print-out .sign-title").count() == 2


@needs_chromium
def test_per_sign_must_be_a_whole_number_from_1_to_50(browser, served):
    page = open_form(browser, served + "print/gate-parcels/")
    for typed in ("0", "51", "x", "1.5"):
        fill(page, "1-3", typed)
        assert error_of(page, "per-sign") == "请填 1 到 50 之间的整数"


@needs_chromium
def test_the_offline_copy_prints_from_file_urls(browser, site):
    url = (site / "offline" / "print" / "gate-parcels.html").as_uri()
    page = open_form(browser, url)
    fill(page, "1-4", "2", "南门")
    pdf = printed(page)
    assert len(pdf) == 1 and page_texts(pdf)[0].count("南门") == 2
    assert page.kp_blocked == [] and page.kp_errors == []


@needs_chromium
def test_wechat_says_how_to_print_and_keeps_what_was_typed(browser, served):
    agent = "Mozilla/5.0 (Linux; Android 12) Mobile MicroMessenger/8.0.40"
    page = open_form(browser, served + "print/gate-parcels/", 360, user_agent=agent)
    assert page.locator("#kp-wechat").is_visible()
    fill(page, "1-12,15", "3", "北门")
    link = page.get_by_label("本页链接").input_value()
    page.locator("#kp-wechat").screenshot(path=str(IMAGES / "wechat-notice-360.png"))
    assert "#" in link
    again = open_form(browser, link)
    assert again.get_by_label("楼号", exact=True).input_value() == "1-12,15"
    assert again.get_by_label("取件点名称").input_value() == "北门"
    expect(again.frame_locator("#kp-preview iframe").locator(".sign")).to_have_count(5)
    again.locator("#kp-print").click()  # the signs print, not the poster the page also holds
    assert again.locator("#kp-print-out .sign").count() == 5
    assert not again.locator("#kp-wechat").is_visible()  # a PC's browser prints


@needs_chromium
def test_without_javascript_the_page_offers_the_ready_made_pdfs(browser, served):
    page = open_form(browser, served + "print/gate-parcels/", java_script_enabled=False)
    assert not page.locator("#kp-signs").is_visible()
    links = page.locator("article a[href$='.pdf']").evaluate_all("els => els.map(e => e.href)")
    assert any("building-labels" in href for href in links)
    assert any("poster" in href for href in links)


# ---- posters with the compound's own lines and group code ------------------------------

GROUP_URL = "https://example.com/our-own-group"


# Session-wide: pytest runs this module in parts, one an engine.
@pytest.fixture(scope="session")
def group_png(tmp_path_factory) -> Path:
    """A picture of a group's QR code, as a phone's screenshot would hold it."""
    import segno

    path = tmp_path_factory.mktemp("group") / "group.png"
    segno.make(GROUP_URL, error="m").save(str(path), scale=10)
    return path


def picture_read(page) -> None:
    """Wait until the chosen picture is read: the preview is then laid out again, with it."""
    expect(page.locator("#kp-group-picked")).to_have_text(re.compile("^已选："))


def poster_ready(page) -> str:
    """Wait until the poster's preview is laid out (or refused); return what the form says."""
    # Polled by Playwright's own matcher: wait_for_function would eval, which the page forbids.
    status = page.locator("#kp-poster-status")
    expect(status).to_have_text(re.compile("^(预览|加上|请先)"))
    return status.inner_text()


def decoded(pdf: pdfium.PdfDocument) -> set[str]:
    import zxingcpp

    image = pdf[0].render(scale=150 / 72, grayscale=True).to_pil()
    return {code.text for code in zxingcpp.read_barcodes(image)}


@needs_chromium
@pytest.mark.parametrize("width", [1280, 360])
def test_a_poster_with_the_compounds_own_lines_and_group_code(browser, served, group_png, width):
    page = open_form(browser, served + "print/gate-parcels/", width)
    page.get_by_label("小区名称").fill("幸福里小区")
    page.get_by_label("联系人/电话").fill("王阿姨 138 0000 0000")
    page.get_by_label("集合地点").fill("3 号楼门口")
    page.get_by_label("日期").fill("6 月 1 日上午 9 点")
    page.get_by_label("你们群的二维码图片").set_input_files(str(group_png))
    picture_read(page)
    assert poster_ready(page) == "预览就是打印出来的样子：A4 竖版，1 页"
    assert page.get_by_text("已选：group.png").is_visible()
    page.locator("#kp-posters").screenshot(path=str(IMAGES / f"poster-form-{width}.png"))
    pdf = printed(page)
    assert len(pdf) == 1
    text = page_texts(pdf)[0]
    for words in (
        "小区幸福里小区",
        "联系人王阿姨13800000000",
        "集合地点3号楼门口",
        "扫码进本小区群",
    ):
        assert words in text
    assert decoded(pdf) == {"https://example.github.io/kits/gate-parcels/", GROUP_URL}
    assert_inside_paper(pdf, 210, 297)
    if width == 1280:
        pdf[0].render(scale=1).to_pil().save(IMAGES / "poster-printed-page.png")
    assert page.kp_blocked == [] and page.kp_errors == []


@needs_chromium
def test_a_poster_without_picture_or_compound_leaves_the_lines_out(browser, served):
    page = open_form(browser, served + "print/gate-parcels/")
    page.get_by_label("海报").select_option(label="写楼号牌 海报（A5 竖版）")
    page.get_by_label("集合地点").fill("北门")
    assert poster_ready(page) == "预览就是打印出来的样子：A5 竖版，1 页"
    pdf = printed(page)
    text = page_texts(pdf)[0]
    assert "集合地点北门" in text and "小区" not in text.split("集合地点")[0]
    assert decoded(pdf) == {"https://example.github.io/kits/gate-parcels/write-signs/"}
    assert_inside_paper(pdf, 148, 210)


@needs_chromium
@pytest.mark.parametrize(
    ("file", "message"),
    [
        ({"name": "notes.txt", "mimeType": "text/plain", "buffer": b"hello"}, "这不是图片"),
        (
            {"name": "huge.png", "mimeType": "image/png", "buffer": b"\0" * (6 * 1024 * 1024)},
            "图片太大（6.0 MB）",
        ),
        ({"name": "broken.png", "mimeType": "image/png", "buffer": b"not a png"}, "这张图片打不开"),
    ],
)
def test_a_bad_picture_gets_a_message_and_the_poster_prints_without_it(
    browser, served, file, message
):
    page = open_form(browser, served + "print/gate-parcels/")
    page.get_by_label("你们群的二维码图片").set_input_files(file)
    expect(page.locator("#kp-group-error")).to_have_text(re.compile("."))
    assert message in error_of(page, "group")
    assert poster_ready(page).startswith("预览")
    assert "扫码进本小区群" not in page_texts(printed(page))[0]


@needs_chromium
def test_a_line_too_long_says_how_much_to_cut(browser, served):
    page = open_form(browser, served + "print/gate-parcels/")
    page.get_by_label("小区名称").fill("幸福里" * 20)
    message = error_of(page, "compound")
    assert message.startswith("太长：这一行最多") and "请删掉" in message
    cut = int(message.split("请删掉 ")[1].split(" ")[0])
    assert poster_ready(page).startswith("请先")
    assert page.locator("#kp-print-out .scan").count() == 0
    page.get_by_label("小区名称").fill(("幸福里" * 20)[: 60 - cut])
    assert error_of(page, "compound") == ""
    assert poster_ready(page).startswith("预览")


@needs_chromium
def test_the_offline_copy_prints_a_poster_from_file_urls(browser, site, group_png):
    page = open_form(browser, (site / "offline" / "print" / "gate-parcels.html").as_uri())
    page.get_by_label("小区名称").fill("幸福里小区")
    page.get_by_label("你们群的二维码图片").set_input_files(str(group_png))
    picture_read(page)
    assert poster_ready(page).startswith("预览")
    pdf = printed(page)
    assert len(pdf) == 1 and "幸福里小区" in page_texts(pdf)[0]
    assert GROUP_URL in decoded(pdf)
    assert page.kp_blocked == [] and page.kp_errors == []


@needs_chromium
def test_the_page_passes_axe_filled_in_and_with_errors(browser, served):
    from test_a11y import AXE, axe_violations

    if not AXE.is_file():
        pytest.skip("axe-core is not installed (scripts/setup --test)")

    def act(page):
        fill(page, "1-3,12-3", "0", "北门")
        page.get_by_label("小区名称").fill("幸福里小区")
        poster_ready(page)

    for width in (360, 1280):
        assert axe_violations(browser, served + "print/gate-parcels/", width, then=act) == []
    assert axe_violations(browser, served + "print/", 360) == []


# ---- one design source --------------------------------------------------------------------


def sections(html: str) -> list[str]:
    """Return a document's sign sheets, whitespace between tags dropped."""
    found = re.findall(r"<section.*?</section>", html, re.S)
    return [
        re.sub(r">\s+<", "><", s).replace(' style="font-size: ', ' style="font-size:')
        for s in found
    ]


@needs_chromium
@pytest.mark.parametrize(
    ("buildings", "per_sign", "title", "size"),
    [("1-6", 1, "", "A4"), ("1-32,3A", 5, "北门快递点", "A4"), ("东区,西区,3A", 1, "南门", "A5")],
)
def test_the_browser_prints_the_markup_the_pdfs_are_made_from(
    browser, served, site, buildings, per_sign, title, size
):
    """The signs in the page are labels.html filled in as the build fills it, tag for tag."""
    from kitpress.content.settings import load_settings
    from kitpress.model import Download
    from kitpress.printing.labels import labels_job
    from kitpress.problems import Mark

    settings = load_settings(site.parent)
    download = Download("x.pdf", "building-labels", "楼号牌", 0, "")
    job = labels_job(
        settings,
        site / "cache",
        parse_buildings(buildings),
        per_sign,
        title=title,
        download=download,
        origin=Mark("x"),
        size=size,
    )
    page = open_form(browser, served + "print/gate-parcels/")
    fill(page, buildings, str(per_sign), title, size)
    browser_html = page.locator("#kp-print-out").inner_html()
    assert sections(browser_html) == sections(job.html)
    assert len(sections(job.html)) >= 2


def test_a_card_named_print_keeps_its_page_beside_the_print_page(tmp_path):
    """<pack>/print/ is the card's; the pack's 打印定制 page is print/<pack>/."""
    from kitpress.build import CheckOptions, check
    from kitpress.outputs import card_page, plan_site

    root = copy_project("site", tmp_path)
    cards = root / "packs" / "gate-parcels" / "cards"
    (cards / "01-talk-to-guard.md").rename(cards / "01-print.md")
    problems = [p for p in check(root, CheckOptions()) if p.code.startswith("K1")]
    assert problems == []
    from kitpress.build import load_project
    from kitpress.content.settings import load_settings

    project = load_project(root, load_settings(root))
    pack = project.packs[0]
    plan, clashes = plan_site(project)
    assert card_page(pack, pack.card("print")) == "gate-parcels/print.md"
    assert {"gate-parcels/print.md", "print/gate-parcels.md"} <= set(plan.pages)
    assert len(set(plan.addresses())) == len(plan.addresses()) and clashes == []


@needs_chromium
def test_a_poster_too_full_to_fit_says_how_many_lines_to_cut(browser, served, group_png):
    page = open_form(browser, served + "print/gate-parcels/")
    page.get_by_label("海报").select_option(label="写楼号牌 海报（A5 竖版）")
    page.get_by_label("你们群的二维码图片").set_input_files(str(group_png))
    picture_read(page)
    fields = ("小区名称", "联系人/电话", "集合地点", "日期")
    for label in fields:
        page.get_by_label(label).fill("幸福里" * 11)  # 33: one line each, at the floor size
    assert all(error_of(page, name) == "" for name in ("compound", "contact", "place", "date"))
    status = poster_ready(page)
    assert status.startswith("加上这些内容后海报放不下：还多出约") and "行" in status
    assert page.locator("#kp-print-out .scan").count() == 0  # nothing prints cut off
    for label in fields[1:]:
        page.get_by_label(label).fill("")
    assert poster_ready(page).startswith("预览")
    assert page.locator("#kp-print-out .scan").count() == 1
