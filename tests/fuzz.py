"""Mutate projects and run each mutant through kitpress's console entry point.

Every mutant must end with exit 0, or exit 1 with each line it prints a located problem
(``path:line:col: Kxxx ...``) or a summary line of the catalog: never a traceback, never another
status. tests/test_fuzz.py and tests/project/test_fuzz_packs.py run it with a fixed seed;
``scripts/fuzz --count N --seed S [--root DIR]`` runs it with any count and saves each failing
mutant (the whole project, with ``argv.txt`` and ``output.txt``) under ``build/fuzz/``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import random
import re
import shutil
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # run as scripts/fuzz: the corpus beside this file
    sys.path.insert(0, str(HERE))

from payloads import payloads  # noqa: E402

from kitpress.cli import main as kitpress_main  # noqa: E402
from kitpress.messages import TEXTS  # noqa: E402

REPO = HERE.parent
FIXTURES = HERE / "fixtures"
SEED_FIXTURES = ("site", "bundles-project", "bad")
LOCATED = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): K\d{3} (错误|警告|error|warning)")
SUMMARIES = ("report.count", "check.clean", "build.done", "press.summary", "press.progress")

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


@dataclass
class Summary:
    """What a fuzz run did and what went wrong."""

    mutants: int = 0
    runs: dict[str, int] = field(default_factory=dict)
    exits: dict[int, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)  # one line each: where it is saved, why

    def line(self) -> str:
        """Describe the run in one line."""
        runs = ", ".join(f"{k} {v}" for k, v in sorted(self.runs.items()))
        return (
            f"{self.mutants} mutants ({runs}): exit 0 {self.exits.get(0, 0)}, "
            f"exit 1 {self.exits.get(1, 0)}, failures {len(self.failures)}"
        )


# --- mutations: bytes in, bytes out ----------------------------------------------------------


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


# --- running kitpress -----------------------------------------------------------------------


class _CurrentStderr(io.TextIOBase):
    """Write to whatever sys.stderr is now, so captured runs capture log lines too."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)


def _route_logs() -> None:
    """Send kitpress's log lines to the current stderr (main's own handler keeps the first)."""
    logger = logging.getLogger("kitpress")
    if not any(isinstance(h.stream, _CurrentStderr) for h in logger.handlers if _is_stream(h)):
        handler = logging.StreamHandler(_CurrentStderr())
        handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)


def _is_stream(handler: logging.Handler) -> bool:
    return isinstance(handler, logging.StreamHandler)


def run(argv: list[str]) -> tuple[int | None, str]:
    """Run kitpress as the console script would; return its status (None: it raised) and stderr."""
    _route_logs()
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        try:
            status: int | None = kitpress_main(argv)
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else 2
        except Exception:
            return None, err.getvalue() + traceback.format_exc()
    return status, err.getvalue()


def _summary_lines() -> re.Pattern[str]:
    """Match every line of TEXTS that a check or build may print besides problems."""
    forms = []
    for key in SUMMARIES:
        for text in TEXTS[key]:
            forms.append(re.sub(r"\\\{\w+\\\}", ".*", re.escape(text)))
    return re.compile("^(?:" + "|".join(forms) + ")$")


SUMMARY = _summary_lines()


def judge(root: Path, status: int | None, output: str) -> str:
    """Return why an outcome is wrong, or an empty string when it is a fine one."""
    if status is None:
        return "raised: " + output.strip().splitlines()[-1]
    if status not in (0, 1):
        return f"exit {status}"
    located = 0
    for line in output.splitlines():
        line = line.strip("\r")
        m = LOCATED.match(line)
        if m:
            where = _misplaced(root, m["path"], int(m["line"]), int(m["col"]))
            if where:
                return f"{where}: {line}"
            located += 1
        elif line and not SUMMARY.match(line):
            return f"unlocated line: {line[:200]}"
    if status == 1 and not located:
        return "exit 1 without a located problem"
    return ""


def _misplaced(root: Path, rel: str, line: int, col: int) -> str:
    """Tell what is wrong with a problem's place: outside the project, or past its file's end."""
    path = root / rel
    if rel.startswith("/") or ".." in Path(rel).parts:
        return "path outside the project"
    if not (path.exists() or path.parent.is_dir()):
        return "path not in the project"
    if line < 1 or col < 1:
        return "line or column below 1"
    if path.is_file() and line > path.read_bytes().count(b"\n") + 2:
        return "line past the end of the file"
    return ""


# --- the run --------------------------------------------------------------------------------


def sources(root: Path) -> list[Path]:
    """Return the files of a project a writer edits, sorted (build/ left out)."""
    found = [
        p
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink() and "build" not in p.relative_to(root).parts[:1]
    ]
    return [p for p in found if p.suffix in (".yml", ".yaml", ".md", ".png", ".svg", ".jpg")]


def _weight(path: Path) -> int:
    return 1 if path.suffix in (".png", ".svg", ".jpg") else 6


@dataclass
class Plan:
    """How much to do: mutants, and how many of the clean ones also lay out posters or build."""

    count: int
    seed: int = 0
    posters: int = 0  # check with posters on this many mutants that pass check --no-posters
    builds: int = 0  # build this many of those


def fuzz(projects: Iterable[Path], plan: Plan, work: Path, saved: Path) -> Summary:
    """Mutate copies of ``projects`` ``plan.count`` times; save every failing mutant in ``saved``."""
    rng = random.Random(plan.seed)
    roots = []
    for i, project in enumerate(projects):
        root = work / f"{i}-{project.name}"
        shutil.copytree(project, root, symlinks=True, ignore=shutil.ignore_patterns("build"))
        roots.append(root)
    files = {root: sources(root) for root in roots}
    corpus = [p.read_bytes() for root in roots for p in files[root]]
    summary = Summary()
    posters, builds = plan.posters, plan.builds
    for n in range(plan.count):
        root = roots[n % len(roots)]
        targets = rng.choices(
            files[root], [_weight(p) for p in files[root]], k=rng.choice([1, 1, 2])
        )
        before = {p: p.read_bytes() for p in targets}
        for p in before:
            p.write_bytes(mutate(rng, p.read_bytes(), corpus))
        lang = rng.choice(["en", "zh"])
        commands = [["check", "--no-posters"]]
        status = _try(root, commands[0], lang, summary, saved, n)
        if status == 0 and builds and rng.random() < 0.5:
            builds -= 1
            _try(root, ["build", "--jobs", "1"], lang, summary, saved, n)
        elif status == 0 and posters:
            posters -= 1
            _try(root, ["check"], lang, summary, saved, n)
        for p, data in before.items():
            p.write_bytes(data)
        summary.mutants += 1
    return summary


def _try(root: Path, command: list[str], lang: str, summary: Summary, saved: Path, n: int) -> int:
    """Run one command on the mutant at ``root``; record it, and save the mutant if it failed."""
    argv = [*command, "--lang", lang, "--root", str(root)]
    status, output = run(argv)
    kind = command[0] if len(command) == 1 or command[0] == "build" else " ".join(command)
    summary.runs[kind] = summary.runs.get(kind, 0) + 1
    if status in (0, 1):
        summary.exits[status] = summary.exits.get(status, 0) + 1
    why = judge(root, status, output)
    if why:
        folder = saved / f"{n:05d}-{root.name}"
        if folder.exists():
            shutil.rmtree(folder)
        shutil.copytree(root, folder / "project", ignore=shutil.ignore_patterns("build"))
        shown = " ".join([*argv[:-1], str(folder / "project")])
        (folder / "argv.txt").write_text(f"kitpress {shown}\n", encoding="utf-8")
        (folder / "output.txt").write_text(output, encoding="utf-8")
        summary.failures.append(f"{folder}: {why}")
    return status if status is not None else -1


def repository_project(dest: Path) -> Path:
    """Copy the repository's own project (content, packs, templates, mkdocs.yml) to ``dest``."""
    root = dest / "repository"
    root.mkdir(parents=True)
    for name in ("content", "packs", "templates"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def main(argv: Sequence[str] | None = None) -> int:
    """Run scripts/fuzz: print a summary, exit 1 when a mutant failed."""
    parser = argparse.ArgumentParser(prog="scripts/fuzz", description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="mutants to run (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--root",
        action="append",
        help="project to mutate (repeatable; default: this repository and tests/fixtures)",
    )
    parser.add_argument("--posters", type=int, default=20, help="poster checks (default 20)")
    parser.add_argument("--builds", type=int, default=2, help="builds (default 2)")
    parser.add_argument("--out", default=str(REPO / "build" / "fuzz"), help="failing mutants")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kitpress-fuzz-") as tmp:
        work = Path(tmp)
        if args.root:
            projects = [Path(r).resolve() for r in args.root]
        else:
            projects = [repository_project(work / "seed")] + [FIXTURES / f for f in SEED_FIXTURES]
        plan = Plan(args.count, args.seed, args.posters, args.builds)
        summary = fuzz(projects, plan, work / "mutants", Path(args.out).resolve())
    for line in summary.failures:
        print(line)
    print(summary.line())
    return 1 if summary.failures else 0


if __name__ == "__main__":
    sys.exit(main())
