"""A corpus of script payloads, and packs that carry them in every text field.

Each payload tries to run ``alert(1)`` or to set ``window.kpPwned``; tests/test_corpus.py
builds the packs and opens every page in Chromium to see that none of them does.
"""

from __future__ import annotations

import json
from pathlib import Path

RUN = "alert(1)"
SET = "window.kpPwned=1"

# Break-outs of tags, attributes and the page head; handlers; schemes; markup tricks.
BASE = [
    "<script>{js}</script>",
    "<img src=x onerror={js}>",
    '"><img src=x onerror={js} x="',
    "'><img src=x onerror={js} x='",
    "</title><img src=x onerror={js}>",
    "</textarea><script>{js}</script>",
    "</script><script>{js}</script>",
    "--></style></script><script>{js}</script>",
    "<svg onload={js}>",
    "<svg><script>{js}</script></svg>",
    '<svg><a xlink:href="javascript:{js}"><text y="20">x</text></a></svg>',
    "<svg><animate onbegin={js} attributeName=x dur=1s>",
    '<svg><set attributeName="onmouseover" to="{js}"/></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror={js}>",
    '<math href="javascript:{js}">x</math>',
    '<iframe src="javascript:{js}"></iframe>',
    '<iframe srcdoc="<script>{js}</script>"></iframe>',
    '<object data="javascript:{js}"></object>',
    "<embed src=javascript:{js}>",
    '<form action="javascript:{js}"><button>x</button></form>',
    '<button formaction="javascript:{js}">x</button>',
    '<base href="javascript:{js}//">',
    '<meta http-equiv="refresh" content="0;url=javascript:{js}">',
    '<link rel="import" href="data:text/html,<script>{js}</script>">',
    "<details open ontoggle={js}>",
    "<body onload={js}>",
    "<input autofocus onfocus={js}>",
    "<video><source onerror={js}></video>",
    "<x onclick={js}>klik</x>",
    "<img src=x onerror={js}",
    "<scr<script>ipt>{js}</scr</script>ipt>",
    "<<img src=x onerror={js}>>",
    "<![x[ <img src=x onerror={js}> ]]>",
    "<![CDATA[<img src=x onerror={js}>]]>",
    "<!-- --><img src=x onerror={js}>",
    "<!--><img src=x onerror={js}>-->",
    "<? <img src=x onerror={js}> ?>",
    '<div style="background:url(javascript:{js})">x</div>',
    "<style>@import 'javascript:{js}';</style>",
    '<a href="javascript:{js}">x</a>',
    '<a href=" javascript:{js}">x</a>',
    '<a href="jav&#x09;ascript:{js}">x</a>',
    '<a href="&#106;&#97;vascript:{js}">x</a>',
    '<a href="&#0000106&#0000097vascript:{js}">x</a>',
    "[x](javascript:{js})",
    "[x](JaVaScRiPt:{js})",
    "[x]( javascript:{js} )",
    "[x](&#106;avascript:{js})",
    "[x](&#x6A;avascript:{js})",
    "[x](java&#x09;script:{js})",
    "[x](%6Aavascript:{js})",
    "[x](<javascript:{js}>)",
    "[x](vbscript:{js})",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](data:text/html,<script>{js}</script>)",
    "![x](javascript:{js})",
    '![x](x.png "t" onerror="{js}")',
    "[x][r]\n\n[r]: javascript:{js}",
    "[x][r]\n\n[r]: <javascript:{js}>",
    "<javascript:{js}>",
    '[x](https://example.org){{: onclick="{js}" }}',
    '段落\n{{: onmouseover="{js}" }}',
    '## 标题 {{: onclick="{js}" }}',
    '[x](https://example.org){{: href="javascript:{js}" }}',
    '![x](https://example.org/x.png){{: onerror="{js}" }}',
    "段落\n{{: #__config }}",
    '<div markdown="1" onclick="{js}">x</div>',
    "`x` <img src=x onerror={js}>",
    "``<img src=x onerror={js}>`",
    "\\`<img src=x onerror={js}>\\`",
    "&lt;img src=x onerror={js}&gt;",
    "&#60;img src=x onerror={js}&#62;",
    "{{{{ 7*7 }}}}{{% for c in [].__class__.__base__.__subclasses__() %}}{{% endfor %}}",
    "| a |\n|---|\n| <img src=x onerror={js}> |",
    "> <img src=x onerror={js}>",
    "- <img src=x onerror={js}>",
    "```\n</code></pre><img src=x onerror={js}>\n```",
    '!!! note "<img src=x onerror={js}>"\n\n    x',
    "\u2028<img src=x onerror={js}>",
    "\u0000<img src=x onerror={js}>",
]


def payloads() -> list[str]:
    """Return every payload variant: each base payload plain, setting the canary, in text,
    in upper case and in a list item."""
    out: list[str] = []
    for base in BASE:
        run, canary = base.format(js=RUN), base.format(js=SET)
        for variant in (run, canary, f"前文 {run} 后文", _upper_tags(run)):
            if variant not in out:
                out.append(variant)
    return out


def _upper_tags(text: str) -> str:
    """Upper-case the letters of tag and attribute names and schemes, not the script."""
    return (
        text.replace(RUN, "\x01")
        .replace(SET, "\x02")
        .upper()
        .replace("\x01", RUN)
        .replace("\x02", SET)
    )


def one_line(text: str) -> str:
    """Fold a payload onto one line, for fields that are one line."""
    return text.replace("\n", " ")


def write_corpus(root: Path, cards_per_pack: int = 8, per_card: int = 5) -> int:
    """Write packs under ``root/packs`` carrying every payload; return how many payloads."""
    corpus = payloads()
    per_pack = cards_per_pack * per_card
    for index, start in enumerate(range(0, len(corpus), per_pack)):
        chunk = corpus[start : start + per_pack]
        folder = root / "packs" / f"corpus-{index:02d}"
        (folder / "cards").mkdir(parents=True)
        (folder / "pack.yml").write_text(_pack_yml(chunk), encoding="utf-8")
        for n, at in enumerate(range(0, len(chunk), per_card), start=1):
            group = chunk[at : at + per_card]
            card = folder / "cards" / f"{n:02d}-c{n}.md"
            card.write_text(_card(group, poster=n == 1), encoding="utf-8")
    return len(corpus)


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _pack_yml(chunk: list[str]) -> str:
    """A pack whose every text field holds a payload (one value per line)."""
    take = iter(chunk * 2)

    def nxt(limit: int = 10_000) -> str:
        return _q(one_line(next(take))[:limit])

    lines = [
        f"title: {nxt(40)}",
        f"summary: {nxt(200)}",
        "license: CC-BY-SA-4.0",
        'version: "1.0.0"',
        "updated: 2020-02-20",
        "scenarios: [gate-access]",
        "audiences: [volunteers]",
        f"difficulty: {nxt()}",
        f"origin: {nxt()}",
        "authors:",
        f"  - name: {nxt()}",
        f"    circle: {nxt()}",
        "  - name: 作者",
        f"    url: {nxt()}",
        "materials:",
        f"  - name: {nxt()}",
        f"    quantity: {nxt()}",
        f"    note: {nxt()}",
        f"    cost: {nxt()}",
        "steps:",
        *(f"  - {nxt()}" for _ in range(6)),
        f"time: {nxt()}",
        f"cost: {nxt()}",
    ]
    return "\n".join(lines) + "\n"


def _card(group: list[str], poster: bool) -> str:
    """A card with a payload in its title, summary, check-in and body."""
    first = one_line(group[0])
    lines = [
        "---",
        f"title: {_q(first[:40])}",
        f"summary: {_q(one_line(group[-1])[:200])}",
        f"checkin: {_q(one_line(group[1 % len(group)])[:200])}",
        *(["poster: true"] if poster else []),
        "---",
        "",
    ]
    body = "\n\n".join(group)
    return "\n".join(lines) + body + "\n"
