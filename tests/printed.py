"""Printed documents read back as a resident would: scanned by a phone, read on paper.

Shared by tests/test_printed.py (fixtures) and tests/project/test_printed_packs.py (the
repository's own build). Everything here works from the PDF alone: its raster (PDFium), its
text layer (PDFium's text page) and the vector paths of its QR codes.

Two independent decoders read every code: zxing-cpp, and OpenCV's WeChat QR detector (the
scanner inside WeChat, which residents use most). Each reads every code in three conditions:

- ``raster-72``: the whole page rasterised at 72 dpi, as a cheap scanner or a screen shows it;
- ``sheet-150``: the whole page at 150 dpi, uncut: a card sheet with all its codes side by side;
- ``photo``: a phone photo of one code: the page at 150 dpi around the code, tilted 20°,
  blurred (Gaussian, sigma 1.5), scaled so the code is about 150 px wide, saved as JPEG at
  quality 60.
"""

from __future__ import annotations

import html as htmllib
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import cv2
import markdown
import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import segno
import zxingcpp
from PIL import Image

from kitpress.model import Card, Download, Project
from kitpress.outputs import card_path, pack_path

CONDITIONS = ("raster-72", "sheet-150", "photo")
DECODERS = ("zxing", "wechat")
MM_PER_PT = 25.4 / 72
TILT_DEGREES = 20.0
BLUR_SIGMA = 1.5
PHOTO_CODE_PX = 150
JPEG_QUALITY = 60
# Characters that are no ink by design: spaces, and the break and join marks of addresses.
BLANK = re.compile(r"[\s\u200b\u2060\ufffe\ufeff]")


@dataclass(frozen=True)
class Code:
    """A QR code found in a page's vector paths: where it is, in PDF points."""

    page: int
    left: float
    bottom: float
    right: float
    top: float

    @property
    def width_mm(self) -> float:
        """Return the width of its bounds in mm (the symbol, give or take a stroke)."""
        return (self.right - self.left) * MM_PER_PT

    def box_px(self, dpi: float, page: pdfium.PdfPage) -> tuple[int, int, int, int]:
        """Return its bounds in a raster of ``page`` at ``dpi``: left, top, right, bottom."""
        return to_pixels(page, dpi, (self.left, self.bottom, self.right, self.top))


def to_pixels(
    page: pdfium.PdfPage, dpi: float, box: tuple[float, float, float, float]
) -> tuple[int, int, int, int]:
    """Turn a box in PDF points into pixels of the page's raster (PDFium draws its crop box)."""
    return _pixel_mapper(page, dpi)(box)


@dataclass
class ScanReport:
    """How many codes each decoder read in each condition, and what they said."""

    codes: int = 0  # codes found in the documents' paths
    read: dict[tuple[str, str], int] = field(default_factory=dict)  # (decoder, condition)
    texts: set[str] = field(default_factory=set)  # every address decoded
    misses: list[str] = field(default_factory=list)  # "file page N: decoder, condition"

    def add(self, decoder: str, condition: str, found: int) -> None:
        """Count ``found`` codes read by ``decoder`` in ``condition``."""
        self.read[(decoder, condition)] = self.read.get((decoder, condition), 0) + found

    def table(self) -> str:
        """Describe the counts, one line per decoder and condition."""
        return "\n".join(
            f"{decoder:7} {condition:10} {self.read.get((decoder, condition), 0)}/{self.codes}"
            for decoder in DECODERS
            for condition in CONDITIONS
        )


def render_page(page: pdfium.PdfPage, dpi: float) -> np.ndarray:
    """Rasterise a page in grayscale at ``dpi``: white paper, black ink."""
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    return np.array(bitmap.to_pil().convert("L"))


def find_codes(pdf: pdfium.PdfDocument) -> list[Code]:
    """Find the QR codes among the vector paths: square paths 15 mm wide or more.

    Borders and cut lines are rectangles too, but they are thin or far from square.
    """
    found = []
    for number, page in enumerate(pdf):
        for item in page.get_objects(max_depth=8):
            if item.type != pdfium_c.FPDF_PAGEOBJ_PATH:
                continue
            left, bottom, right, top = item.get_bounds()
            width, height = (right - left) * MM_PER_PT, (top - bottom) * MM_PER_PT
            square = 15 <= width <= 150 and abs(width - height) <= 0.06 * width
            if square and _is_code(page, (left, bottom, right, top)):
                found.append(Code(number, left, bottom, right, top))
    return found


def _is_code(page: pdfium.PdfPage, bounds: tuple[float, float, float, float]) -> bool:
    """Tell a QR code from a square frame: about half its area is ink."""
    image = render_page(page, 50)
    left, top, right, bottom = to_pixels(page, 50, bounds)
    crop = image[max(0, top) : bottom, max(0, left) : right]
    return crop.size > 0 and 0.25 < float((crop < 128).mean()) < 0.75


Found = list[tuple[str, np.ndarray]]  # each code read: its text, its corners in pixels


def zxing_codes(image: np.ndarray) -> Found:
    """Decode every QR code zxing-cpp finds, with its corners."""
    codes = zxingcpp.read_barcodes(Image.fromarray(image), formats=zxingcpp.BarcodeFormat.QRCode)
    found = []
    for code in codes:
        if code.valid:
            p = code.position
            corners = [p.top_left, p.top_right, p.bottom_right, p.bottom_left]
            found.append((code.text, np.float32([(c.x, c.y) for c in corners])))
    return found


@lru_cache(maxsize=1)
def _wechat() -> cv2.wechat_qrcode.WeChatQRCode:
    """Return the WeChat detector, without its CNN models: the classic detector only."""
    return cv2.wechat_qrcode_WeChatQRCode()


def wechat_codes(image: np.ndarray) -> Found:
    """Decode the QR codes OpenCV's WeChat detector finds, with their corners."""
    texts, points = _wechat().detectAndDecode(image)
    pairs = zip(texts, points, strict=False)
    return [(text, np.float32(corners)) for text, corners in pairs if text]


READERS: dict[str, Callable[[np.ndarray], Found]] = {
    "zxing": zxing_codes,
    "wechat": wechat_codes,
}


def read_all(read: Callable[[np.ndarray], Found], image: np.ndarray, most: int) -> set[str]:
    """Read a page of ``most`` codes as a resident does: one code, then the next.

    WeChat's detector without its CNN returns about one code per pass, so each code read
    is covered with white and the page read again, until all are read or nothing new is.
    """
    texts: set[str] = set()
    page = image.copy()
    while len(texts) < most:
        found = [(text, corners) for text, corners in read(page) if text not in texts]
        if not found:
            break
        for text, corners in found:
            texts.add(text)
            centre = corners.mean(axis=0)
            grown = (corners - centre) * 1.25 + centre  # its quiet zone too
            cv2.fillPoly(page, [grown.astype(np.int32)], 255)
    return texts


def phone_photo(page_image: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    """Photograph one code of a 150 dpi page: tilted, blurred, small and JPEG-compressed."""
    left, top, right, bottom = box
    side = right - left
    margin = side // 2  # the photo shows some of the paper around the code
    height, width = page_image.shape
    crop = page_image[
        max(0, top - margin) : min(height, bottom + margin),
        max(0, left - margin) : min(width, right + margin),
    ]
    tilted = _tilt(crop, TILT_DEGREES)
    blurred = cv2.GaussianBlur(tilted, (0, 0), BLUR_SIGMA)
    scale = PHOTO_CODE_PX / side
    small = cv2.resize(blurred, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    ok, jpeg = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    assert ok
    return np.asarray(cv2.imdecode(jpeg, cv2.IMREAD_GRAYSCALE))


def _tilt(image: np.ndarray, degrees: float) -> np.ndarray:
    """Turn the paper by ``degrees`` about its vertical axis, seen by a camera in front."""
    height, width = image.shape
    focal = 1.5 * max(width, height)  # a phone's normal lens, about 28 mm equivalent
    angle = math.radians(degrees)
    corners = []
    for x, y in ((0, 0), (width, 0), (width, height), (0, height)):
        cx, cy = x - width / 2, y - height / 2
        depth = focal + cx * math.sin(angle)
        corners.append(
            (
                focal * cx * math.cos(angle) / depth + width / 2,
                focal * cy / depth + height / 2,
            )
        )
    source = np.float32([(0, 0), (width, 0), (width, height), (0, height)])
    matrix = cv2.getPerspectiveTransform(source, np.float32(corners))
    return np.asarray(
        cv2.warpPerspective(image, matrix, (width, height), borderValue=255, flags=cv2.INTER_AREA)
    )


def scan(paths: list[Path], report: ScanReport | None = None) -> ScanReport:
    """Read every code of every PDF with both decoders in every condition."""
    report = report or ScanReport()
    for path in paths:
        with pdfium.PdfDocument(path) as pdf:
            codes = find_codes(pdf)
            report.codes += len(codes)
            for number, page in enumerate(pdf):
                on_page = [code for code in codes if code.page == number]
                if on_page:
                    _scan_page(path, number, page, on_page, report)
    return report


def _scan_page(
    path: Path, number: int, page: pdfium.PdfPage, codes: list[Code], report: ScanReport
) -> None:
    """Read the codes of one page, whole at 72 and 150 dpi, then photo by photo."""
    where = f"{path.name} page {number + 1}"
    sheet = render_page(page, 150)
    images = {"raster-72": render_page(page, 72), "sheet-150": sheet}
    for condition, image in images.items():
        for decoder, read in READERS.items():
            texts = read_all(read, image, len(codes))
            report.texts.update(texts)
            report.add(decoder, condition, min(len(texts), len(codes)))
            if len(texts) < len(codes):
                report.misses.append(f"{where}: {decoder} {condition} {len(texts)}/{len(codes)}")
    for code in codes:
        photo = phone_photo(sheet, code.box_px(150, page))
        for decoder, read in READERS.items():
            texts = {text for text, _ in read(photo)}
            report.texts.update(texts)
            report.add(decoder, "photo", 1 if texts else 0)
            if not texts:
                report.misses.append(f"{where}: {decoder} photo at {code.left:.0f},{code.top:.0f}")


def code_geometry(path: Path, dpi: float = 150) -> Iterator[tuple[str, float, float, bool]]:
    """Yield each code's address, symbol width and module size in mm, and whether its
    quiet zone is clear.

    The symbol is measured on a clean raster by zxing-cpp's corner positions; the module
    count is that of the address at level Q, as kitpress encodes it. The quiet zone is
    clear when no ink lies within 4 modules around the symbol.
    """
    with pdfium.PdfDocument(path) as pdf:
        for page in pdf:
            image = render_page(page, dpi)
            for code in zxingcpp.read_barcodes(Image.fromarray(image)):
                corners = code.position
                points = [corners.top_left, corners.top_right, corners.bottom_right]
                side_px = math.dist((points[0].x, points[0].y), (points[1].x, points[1].y))
                qr = segno.make_qr(code.text, error="q", boost_error=False)
                module_px = side_px / qr.symbol_size(border=0)[0]
                side_mm, module_mm = side_px / dpi * 25.4, module_px / dpi * 25.4
                yield code.text, side_mm, module_mm, _quiet(image, corners, module_px)


def _quiet(image: np.ndarray, corners: zxingcpp.Position, module_px: float) -> bool:
    """Tell whether the band 4 modules wide around a code holds no ink."""
    xs = [
        p.x
        for p in (corners.top_left, corners.top_right, corners.bottom_left, corners.bottom_right)
    ]
    ys = [
        p.y
        for p in (corners.top_left, corners.top_right, corners.bottom_left, corners.bottom_right)
    ]
    band = 4 * module_px
    left, right = int(min(xs) - band), math.ceil(max(xs) + band)
    top, bottom = int(min(ys) - band), math.ceil(max(ys) + band)
    height, width = image.shape
    if left < 0 or top < 0 or right > width or bottom > height:
        return False  # the quiet zone would run off the paper
    ring = image[top:bottom, left:right].copy()
    inner = int(module_px)  # the symbol itself, less a module for rounding
    ring[int(min(ys)) - top + inner : math.ceil(max(ys)) - top - inner,
         int(min(xs)) - left + inner : math.ceil(max(xs)) - left - inner] = 255  # fmt: skip
    # The outer edge of the symbol's own modules may blur into the band by a pixel.
    edge = max(1, int(module_px / 4))
    ring[:edge], ring[-edge:], ring[:, :edge], ring[:, -edge:] = 255, 255, 255, 255
    mask = np.full(ring.shape, True)
    mask[
        int(min(ys)) - top - edge : math.ceil(max(ys)) - top + edge,
        int(min(xs)) - left - edge : math.ceil(max(xs)) - left + edge,
    ] = False
    return not bool((ring[mask] < 128).any())


# ---- text -------------------------------------------------------------------------------


def plain(markdown_text: str) -> str:
    """Return the words of Markdown as a reader sees them, images left out."""
    html = markdown.markdown(markdown_text, extensions=["sane_lists"])
    html = re.sub(r"<img[^>]*>", "", html)
    html = re.sub(r"</(p|li|h[1-6])>", "\n", html)
    return htmllib.unescape(re.sub(r"<[^>]+>", "", html))


def sources(project: Project, download: Download) -> list[str]:
    """Return the texts a printed document shows, as written (in Markdown)."""
    pack = next(pack for pack in project.packs if pack.slug == download.pack)
    if download.kind == "poster" and download.card:
        card = pack.card(download.card)
        return _card_texts(card) if card else []
    if download.kind == "poster":
        return [pack.title, pack.summary, *pack.steps]
    if download.kind == "card-sheet":
        return [text for card in pack.cards for text in _card_texts(card)]
    return []


def _card_texts(card: Card) -> list[str]:
    """Return what a card shows: title, summary, body and check-in line."""
    return [card.title, card.summary, card.body, card.checkin]


def list_items(project: Project, download: Download) -> list[str]:
    """Return the list items of the Markdown a document shows, as plain text."""
    items = []
    for text in sources(project, download):
        html = markdown.markdown(text, extensions=["sane_lists"])
        items += [
            normalized(plain(item)) for item in re.findall(r"<li>(.*?)</li>", html, re.DOTALL)
        ]
    return [item for item in items if item]


def normalized(text: str) -> str:
    """Drop spaces, line breaks and invisible break marks, to compare text with text."""
    return BLANK.sub("", text)


def pdf_text(path: Path) -> str:
    """Return the text layer of every page, lines joined by newlines."""
    with pdfium.PdfDocument(path) as pdf:
        return "\n".join(str(page.get_textpage().get_text_range()) for page in pdf)


def sentences(text: str) -> list[str]:
    """Split source text (tags stripped) into sentences, each normalized."""
    pieces = re.split(r"[。！？!?；;\n]", text)
    return [normalized(piece) for piece in pieces if normalized(piece)]


def missing_sentences(source: str, printed: str) -> list[str]:
    """Return the sentences of ``source`` not found in ``printed`` (both plain text)."""
    flat = normalized(printed)
    return [sentence for sentence in sentences(source) if sentence not in flat]


@dataclass(frozen=True)
class Glyph:
    """One character of a text layer and its box in PDF points."""

    char: str
    page: int
    left: float
    bottom: float
    right: float
    top: float


def glyphs(path: Path) -> list[Glyph]:
    """Return every printed (non-blank, non-generated) character with its box."""
    found = []
    with pdfium.PdfDocument(path) as pdf:
        for number, page in enumerate(pdf):
            textpage = page.get_textpage()
            for index in range(textpage.count_chars()):
                if pdfium_c.FPDFText_IsGenerated(textpage.raw, index):
                    continue
                char = chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, index))
                if BLANK.match(char):
                    continue
                box = textpage.get_charbox(index)
                found.append(Glyph(char, number, *box))
    return found


def unseen_glyphs(path: Path, dpi: float = 150) -> list[str]:
    """Return the characters of the text layer that a reader cannot see on the paper.

    The text layer holds text that is clipped or covered too (overflow: hidden keeps it),
    so each character is checked against the page as printed: its box must lie inside the
    page, off the cut lines of a sheet of cards or signs, off every QR code, and the
    raster must show ink inside it.
    """
    codes_by_page: dict[int, list[Code]] = {}
    unseen = []
    with pdfium.PdfDocument(path) as pdf:
        for code in find_codes(pdf):
            codes_by_page.setdefault(code.page, []).append(code)
        images = [render_page(page, dpi) for page in pdf]
        pixels = [_pixel_mapper(page, dpi) for page in pdf]
        trims = [page.get_trimbox() for page in pdf]  # the paper, bleed cut off
        cuts = [_cut_lines(page) for page in pdf]
    for glyph in glyphs(path):
        where = f"{glyph.char!r} on page {glyph.page + 1} at {glyph.left:.0f},{glyph.top:.0f}"
        box = (glyph.left, glyph.bottom, glyph.right, glyph.top)
        if not _inside(box, trims[glyph.page]):
            unseen.append(f"{where}: off the paper")
        elif any(_overlaps(box, line) for line in cuts[glyph.page]):
            unseen.append(f"{where}: across a cut line")
        elif any(
            _overlaps(box, (c.left, c.bottom, c.right, c.top))
            for c in codes_by_page.get(glyph.page, [])
        ):
            unseen.append(f"{where}: on a QR code")
        else:
            left, top, right, bottom = pixels[glyph.page](box)
            patch = images[glyph.page][max(0, top - 1) : bottom + 1, max(0, left - 1) : right + 1]
            if patch.size == 0 or int(patch.min()) >= 128:
                unseen.append(f"{where}: no ink")
    return unseen


def _pixel_mapper(
    page: pdfium.PdfPage, dpi: float
) -> Callable[[tuple[float, float, float, float]], tuple[int, int, int, int]]:
    """Return a function from boxes in points to pixels of ``page`` at ``dpi``."""
    crop_left, _, _, crop_top = page.get_cropbox()
    scale = dpi / 72

    def mapped(box: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
        left, bottom, right, top = box
        return (
            int((left - crop_left) * scale),
            int((crop_top - top) * scale),
            math.ceil((right - crop_left) * scale),
            math.ceil((crop_top - bottom) * scale),
        )

    return mapped


def _cut_lines(page: pdfium.PdfPage) -> list[tuple[float, float, float, float]]:
    """Return the cut lines of a sheet, as thin boxes: the edges of its cards inside the page.

    A card is a drawn rectangle at least 50 mm each way, not square (QR codes are), at most
    half the page one way, and touching the page's border (cards tile a sheet edge to edge);
    its edges at the border are no cut lines.
    """
    width, height = page.get_width(), page.get_height()
    lines = set()
    for item in page.get_objects(max_depth=8):
        if item.type != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        left, bottom, right, top = (round(v, 1) for v in item.get_bounds())
        w, h = (right - left) * MM_PER_PT, (top - bottom) * MM_PER_PT
        half = right - left < width / 2 + 2 or top - bottom < height / 2 + 2
        edge = min(left, bottom, width - right, height - top) < 2
        if not (w >= 50 and h >= 50 and half and edge and abs(w - h) > 0.06 * w):
            continue
        for x in (left, right):
            if 2 < x < width - 2:
                lines.add((x - 0.5, bottom, x + 0.5, top))
        for y in (bottom, top):
            if 2 < y < height - 2:
                lines.add((left, y - 0.5, right, y + 0.5))
    return sorted(lines)


def _inside(box: tuple[float, ...], cell: tuple[float, ...]) -> bool:
    """Tell whether ``box`` lies within ``cell`` (both left, bottom, right, top)."""
    return box[0] >= cell[0] and box[1] >= cell[1] and box[2] <= cell[2] and box[3] <= cell[3]


def _overlaps(box: tuple[float, ...], other: tuple[float, ...]) -> bool:
    """Tell whether two boxes (left, bottom, right, top) share any area."""
    return box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]


# ---- line breaks ------------------------------------------------------------------------

# A number with its unit, as volunteers write them in Chinese text.
WITH_UNIT = re.compile(
    r"[0-9]+(?:[-~][0-9]+)?(?:元|块|分钟|小时|天|周|个月|年|岁|人|号楼|栋|层|次|张|个|件|份)"
)


def bad_breaks(path: Path, addresses: list[str]) -> tuple[list[str], int]:
    """Return the line breaks that split an address other than after a slash, or a number
    from its unit, and the ``addresses`` (each printed in the document) not found at all;
    and how many printed addresses run over two lines or more (so the test can fail)."""
    bad, wrapped = [], 0
    with pdfium.PdfDocument(path) as pdf:
        texts = [str(page.get_textpage().get_text_range()) for page in pdf]
    found = set()
    for text in texts:
        flat, breaks = _with_breaks(text)
        for address in addresses:
            for match in re.finditer(re.escape(address), flat):
                found.add(address)
                wrapped += any(match.start() < at < match.end() for at in breaks)
                for at in breaks:
                    if match.start() < at < match.end() and flat[at - 1] != "/":
                        bad.append(
                            f"{path.name}: {address} broken after {flat[match.start() : at]!r}"
                        )
        for match in WITH_UNIT.finditer(flat):
            if any(match.start() < at < match.end() for at in breaks):
                bad.append(f"{path.name}: {match.group(0)!r} broken over two lines")
    bad += [f"{path.name}: {address} not printed" for address in addresses if address not in found]
    return bad, wrapped


def _with_breaks(text: str) -> tuple[str, list[int]]:
    """Return ``text`` without its line breaks, and where in it each line ended.

    PDFium writes a hyphen that ends a line as U+FFFE: it is a hyphen here again.
    """
    flat: list[str] = []
    breaks = []
    for line in re.split(r"\r?\n", text):
        flat.append(BLANK.sub("", line.replace("\ufffe", "-")))
        breaks.append(sum(len(piece) for piece in flat))
    return "".join(flat), breaks[:-1]


def addresses(project: Project, download: Download) -> list[str]:
    """Return the page addresses a printed document shows: its page's, or each card's."""
    pack = next(p for p in project.packs if p.slug == download.pack)
    settings = project.settings
    if download.kind == "card-sheet":
        return [settings.page_url(card_path(pack, card)) for card in pack.cards]
    if download.kind == "poster":
        card = pack.card(download.card) if download.card else None
        return [settings.page_url(card_path(pack, card) if card else pack_path(pack))]
    return []
