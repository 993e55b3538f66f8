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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # run as scripts/fuzz: the corpus beside this file
    sys.path.insert(0, str(HERE))

from mutations import mutate  # noqa: E402

from kitpress.cli import main as kitpress_main  # noqa: E402
from kitpress.messages import TEXTS  # noqa: E402

REPO = HERE.parent
FIXTURES = HERE / "fixtures"
SEED_FIXTURES = ("site", "bundles-project", "bad")
LOCATED = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): K\d{3} (错误|警告|error|warning)")
SUMMARIES = ("report.count", "check.clean", "build.done", "press.summary", "press.progress")


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
