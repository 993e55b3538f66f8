"""Mutations of a project's files: bytes in, bytes out, chosen by a seeded random.Random.

Bit flips, truncation, YAML and Markdown syntax, the payloads of tests/payloads.py, lines
deleted or repeated, indentation, odd Unicode and other encodings, huge numbers, deep nesting,
YAML aliases, and pieces spliced from other files. tests/fuzz.py runs kitpress on the results.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence

from payloads import payloads

# What a writer (or an attacker) may type that means something to YAML or Markdown.
META = [
    ":", ": ", " #", "- ", "? ", "|", ">", "'", '"', "{", "}", "[", "]", ",", "&a ", "*a",
    "<<: *a\n", "!!binary ", "!!python/object/apply:os.system ['true']", "!x ", "!!set {a}",
    "%YAML 1.1\n", "---\n", "...\n", "\t", "\\", "`", "```\n", "~~~", "<!--", "-->", "<![x[",
    "<![CDATA[", "]]>", "[x]: javascript:alert(1)\n", "{: onclick=alert(1) }", "{#x .y}",
    "*", "**", "_", "$$", "| a | b |\n|---|---|\n", "\n    code\n", "&#0;", "&amp", "\r",
    "\r\n", "null", "~", "yes", "0o17", "0x1F", "2020-13-45", "1_000", ".inf", ".nan",
    "<br>", "</div>", "<details>", "[^1]", "![x](javascript:1)", "[x](../../../etc/passwd)",
    "[x](assets/missing.png)", "![x](assets/../../mkdocs.yml)", "{{ 7*7 }}", "{% raw %}",
]  # fmt: skip
ODD_TEXT = [
    "\ufeff", "\x00", "\x01", "\x1b[31m", "\x7f", "\x85", "\u2028", "\u2029", "\u200b",
    "\u202e", "\u00a0", "\u3000", "：", "－", "，", "「", "”", "\U00020000", "e\u0301",
    "👪", "\U0001f3f3\ufe0f\u200d\U0001f308", "\ufffd", "\uffff", "ｔｉｔｌｅ：",
]  # fmt: skip
ODD_BYTES = [b"\xed\xa0\x80", b"\xff", b"\xc0\xaf", b"\xe4\xb8", b"\x00", b"\xef\xbb\xbf"]
HUGE = ["9" * 400, "9" * 5000, "1e999", "-1", "-0", "0", "1e-999", "18446744073709551617", ".inf", "-.inf",
        "0x7fffffffffffffff", "99999999999", "1.5", "3小时" * 50, "999999元", "１２"]  # fmt: skip


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _insert(rng: random.Random, data: bytes, piece: bytes) -> bytes:
    """Insert ``piece`` at a random place, often where a value or a line starts."""
    lines = _lines(data)
    i = rng.randrange(len(lines))
    line = lines[i]
    where = rng.choice(["anywhere", "value", "start", "end"])
    if where == "value" and b": " in line:
        at = line.index(b": ") + 2
    elif where == "start":
        at = len(line) - len(line.lstrip())
    elif where == "end":
        at = len(line)
    else:
        at = rng.randrange(len(line) + 1)
    lines[i] = line[:at] + piece + line[at:]
    return b"\n".join(lines)


def flip(rng: random.Random, data: bytes, corpus: Sequence[bytes]) -> bytes:
    """Flip a few bits."""
    if not data:
        return bytes([rng.randrange(256)])
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def truncate(rng: random.Random, data: bytes, corpus: Sequence[bytes]) -> bytes:
    """Cut the file short anywhere, in the middle of a character too."""
    return data[: rng.randrange(len(data) + 1)]


def meta(rng: random.Random, data: bytes, corpus: Sequence[bytes]) -> bytes:
    """Insert YAML or Markdown syntax."""
    return _insert(rng, data, rng.choice(META).encode())


def payload(rng: random.Random, data: bytes, corpus: Sequence[bytes]) -> bytes:
    """Put a script payload into the text, or in place of a value."""
    text = rng.choice(PAYLOADS)
    lines = _lines(data)
    values = [i for i, line in enumerate(lines) if b": " in line]
    if values and rng.random() < 0.5:
        i = rng.choice(values)
        key = lines[i].split(b": ", 1)[0]
        quoted = rng.choice(["{}", '"{}"', "'{}'", "|\n  {}", "[{}]"]).format(text)
        lines[i] = key + b": " + quoted.encode()
        return b"\n".join(lines)
    return _insert(rng, data, text.encode())


def lines_op(rng: random.Random, data: bytes, corpus: Sequence[bytes]) -> bytes:
    """Delete, duplicate, swap or repeat lines."""
    lines = _lines(data)
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    kind = rng.choice(["delete", "duplicate", "swap", "repeat"])
    if kind == "delete":
        del lines[i]
    elif kind == "duplicate":
        lines.insert(j, lines[i])
    elif kind == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    else:
        lines[i:i] = [lines[i]] * rng.choice([10, 200, 3000])
    return b"\n".join(lines)


def indent(rng: random.Random, data: bytes, corpus: Sequence[bytes]) -> bytes:
    """Change how far a line is indented, with spaces, a tab or an ideographic space."""
    lines = _lines(data)
    i = rng.randrange(len(lines))
    body = lines[i].lstrip(b" \t")
    pad = rng.choice([b"", b" ", b"  ", b"   ", b"    ", b"\t", b"      ", "\u3000".encode()])
    lines[i] = pad + body
    return b"\n".join(lines)


def unicode(rng: random.Random, data: bytes, corpus: Sequence[bytes]) -> bytes:
    """Bring in odd characters, broken UTF-8, or another encoding of the whole text."""
    kind = rng.choice(["char", "bytes", "bom", "gbk", "utf16", "fullwidth"])
    text = data.decode("utf-8", errors="replace")
    if kind == "char":
        return _insert(rng, data, rng.choice(ODD_TEXT).encode("utf-8"))
    if kind == "bytes":
        return _insert(rng, data, rng.choice(ODD_BYTES))
    if kind == "bom":
        return b"\xef\xbb\xbf" + data
    if kind == "gbk":
        return text.encode("gbk", errors="replace")
    if kind == "utf16":
        return text.encode(rng.choice(["utf-16", "utf-16-le", "utf-32"]))
    wide = {ord(c): chr(ord(c) + 0xFEE0) for c in ":-,[]{}#>*"}  # ：－，［］ and so on
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    lines[i] = lines[i].translate(wide)
    return "\n".join(lines).encode("utf-8")


def huge(rng: random.Random, data: bytes, corpus: Sequence[bytes]) -> bytes:
    """Replace a number with a huge, negative or odd one."""
    numbers = list(re.finditer(rb"\d+", data))
    value = rng.choice(HUGE).encode()
    if not numbers:
        return _insert(rng, data, value)
    m = rng.choice(numbers)
    return data[: m.start()] + value + data[m.end() :]


def nest(rng: random.Random, data: bytes, corpus: Sequence[bytes]) -> bytes:
    """Nest lists, mappings, quotes or emphasis deeply."""
    n = rng.choice([30, 200, 5000])
    piece = rng.choice(
        [
            "[" * n + "]" * n,
            "[" * n,
            "{a: " * n + "}" * n,
            "- " * n + "x",
            "\n" + "".join("  " * k + "- x\n" for k in range(min(n, 300))),
            "\n" + ">" * n + " x\n",
            "*" * n + "x" + "*" * n,
            "<div>" * n,
            "&a [" * min(n, 50) + "*a" + "]" * min(n, 50),
        ]
    )
    return _insert(rng, data, piece.encode())


def splice(rng: random.Random, data: bytes, corpus: Sequence[bytes]) -> bytes:
    """Insert a piece of another file of the project."""
    other = rng.choice(corpus)
    start = rng.randrange(len(other) + 1)
    return _insert(rng, data, other[start : start + rng.randint(1, 400)])


def aliases(rng: random.Random, data: bytes, corpus: Sequence[bytes]) -> bytes:
    """Add YAML anchors and aliases: self references, merges, a small billion laughs."""
    piece = rng.choice(
        [
            "a: &a [*a]\n",
            "x: &x\n  y: *x\n",
            "<<: [*a, *b]\n",
            "&a a: *a\n",
            "l0: &l0 [x, x, x, x, x, x, x, x, x]\n"
            + "".join(f"l{k}: &l{k} [{', '.join([f'*l{k - 1}'] * 9)}]\n" for k in range(1, 7)),
        ]
    )
    return _insert(rng, data, piece.encode())


MUTATIONS: list[Callable[[random.Random, bytes, Sequence[bytes]], bytes]] = [
    flip,
    truncate,
    meta,
    meta,
    payload,
    payload,
    lines_op,
    indent,
    unicode,
    unicode,
    huge,
    nest,
    splice,
    aliases,
]
PAYLOADS = payloads()


def mutate(rng: random.Random, data: bytes, corpus: Sequence[bytes]) -> bytes:
    """Apply one to three mutations."""
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        data = rng.choice(MUTATIONS)(rng, data, corpus)
    return data
