"""The limits table of content/write-a-pack.md says what the code enforces."""

import re

from conftest import REPO

from kitpress.content import buildings, cards, document, files, markup
from kitpress.model import Settings
from kitpress.printing import qr

UNITS = {"MB": 1024 * 1024, "KB": 1024}
# The code each row names, and the constant behind it (bytes for sizes).
LIMITS = {
    "K232": files.MAX_FILE_BYTES,
    "K233": cards.MAX_CARD_BYTES,
    "K234": document.MAX_TEXT_BYTES,
    "K235": cards.MAX_CARDS,
    "K501": Settings.__dataclass_fields__["bundle_limit_mb"].default * UNITS["MB"],
    "K008": document.MAX_DEPTH,
    "K016": document._MAX_NODES,
    "K210": markup.MAX_DEPTH,
    "K211": markup.MAX_OPEN_BRACKETS,
    "K305": buildings.MAX_BUILDINGS,
    "K401": qr.MAX_VERSION,
}
ROW = re.compile(r"^\| .+ \| (\d+) ?(MB|KB)?[^|]* \| (K\d{3}) \|$", re.MULTILINE)


def test_every_limit_is_documented_with_the_code_s_number() -> None:
    text = (REPO / "content" / "write-a-pack.md").read_text(encoding="utf-8")
    table = text.split("### 上限", 1)[1].split("\n### ", 1)[0]
    documented = {code: int(n) * UNITS.get(unit, 1) for n, unit, code in ROW.findall(table)}
    assert documented == LIMITS
