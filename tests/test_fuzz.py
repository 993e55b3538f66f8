"""Mutated fixture projects through the console script's entry point: never a traceback.

tests/mutations.py mutates (bit flips, truncation, YAML and Markdown syntax, the payload corpus,
lines, indentation, odd Unicode and encodings, huge numbers, deep nesting, aliases, splices);
scripts/fuzz runs the same with any count and seed.
"""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
from pathlib import Path

import fuzz
import pytest
from fuzz import FIXTURES, SEED_FIXTURES, Plan, judge

COUNT = 1200  # mutants: about 50 s here (2 shared cores); scripts/fuzz --count N for more
SEED = 10


def _explain(failures: list[str]) -> str:
    """Show each failure with the end of what the mutant printed."""
    shown = []
    for line in failures[:5]:
        folder = Path(line.split(": ", 1)[0])
        output = (folder / "output.txt").read_text(encoding="utf-8")
        shown.append(f"{line}\n{output[-2000:]}")
    return "\n\n".join(shown)


def test_every_mutant_of_the_fixtures_ends_in_located_problems_or_success(tmp_path):
    projects = [FIXTURES / name for name in SEED_FIXTURES]
    plan = Plan(COUNT, SEED, posters=8, builds=1)
    summary = fuzz.fuzz(projects, plan, tmp_path / "work", tmp_path / "saved")
    assert summary.failures == [], _explain(summary.failures)
    assert summary.mutants == COUNT
    # Both outcomes were reached, and the clean mutants were laid out and built too.
    assert summary.exits[0] > 50 and summary.exits[1] > COUNT // 2, summary.line()
    assert summary.runs["check"] == 8 and summary.runs["build"] == 1, summary.line()


def test_the_fuzzer_calls_what_the_console_script_calls():
    [script] = importlib.metadata.entry_points(group="console_scripts", name="kitpress")
    assert script.load() is fuzz.kitpress_main


def test_a_crash_is_caught_saved_and_reported(tmp_path, monkeypatch):
    """The harness itself can fail: a traceback in check becomes a saved, listed failure."""

    def broken(root, options):
        raise AssertionError("unknown status keyword")

    monkeypatch.setattr("kitpress.cli.check.check", broken)
    summary = fuzz.fuzz([FIXTURES / "site"], Plan(3, SEED), tmp_path / "work", tmp_path / "saved")
    assert len(summary.failures) == 3
    assert all("raised: AssertionError: unknown status keyword" in f for f in summary.failures)
    saved = sorted((tmp_path / "saved").iterdir())
    assert [p.name for p in saved] == ["00000-0-site", "00001-0-site", "00002-0-site"]
    assert (saved[0] / "project" / "mkdocs.yml").is_file()
    assert "Traceback" in (saved[0] / "output.txt").read_text(encoding="utf-8")
    assert "check --no-posters" in (saved[0] / "argv.txt").read_text(encoding="utf-8")


def test_the_same_seed_makes_the_same_mutants(tmp_path):
    one, two = (
        fuzz.fuzz([FIXTURES / "site"], Plan(40, SEED), tmp_path / w, tmp_path / "saved")
        for w in ("a", "b")
    )
    assert one.line() == two.line()


@pytest.mark.parametrize(
    ("status", "output", "why"),
    [
        (None, "Traceback (most recent call last):\nRecursionError: deep\n", "raised"),
        (2, "kitpress: cannot read or write x: File name too long\n", "exit 2"),
        (1, "ValueError: bad\n1 error(s), 0 warning(s)\n", "unlocated line"),
        (1, "1 error(s), 0 warning(s)\n", "without a located problem"),
        (1, "/etc/passwd:1:1: K001 error: x\n", "outside the project"),
        (1, "packs/nowhere/x/pack.yml:1:1: K001 error: x\n", "not in the project"),
        (1, "mkdocs.yml:900:1: K001 error: x\n", "past the end"),
        (1, "mkdocs.yml:0:1: K001 error: x\n", "below 1"),
        (0, "WARNING: something WeasyPrint said\nNo problems found.\n", "unlocated line"),
    ],
)
def test_judge_refuses_what_is_not_a_located_problem(tmp_path, status, output, why):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    assert why in judge(tmp_path, status, output)


@pytest.mark.parametrize(
    ("status", "output"),
    [
        (0, "No problems found.\n"),
        (0, "没有发现问题。\n"),
        (1, "mkdocs.yml:1:3: K102 错误：未知的键\n共 1 个错误，0 个警告\n"),
        (1, "packs/new/pack.yml:1:1: K005 error: no pack.yml\n1 error(s), 0 warning(s)\n"),
        (0, "PDF: 3 printed, 0 reused, in 1.2 s\nDone: 1 pack(s), 4 download(s) in 3.0 s → x\n"),
    ],
)
def test_judge_accepts_problems_and_summaries(tmp_path, status, output):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (tmp_path / "packs" / "new").mkdir(parents=True)
    assert judge(tmp_path, status, output) == ""


def test_scripts_fuzz_prints_a_summary_and_saves_nothing_when_all_is_well(tmp_path):
    plan = ["--count", "6", "--seed", "3", "--posters", "0", "--builds", "0"]
    where = ["--root", str(FIXTURES / "site"), "--out", str(tmp_path / "saved")]
    out = subprocess.run(
        [str(fuzz.REPO / "scripts" / "fuzz"), *plan, *where],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert re.fullmatch(
        r"6 mutants \(check --no-posters 6\): exit 0 \d, exit 1 \d, failures 0\n", out.stdout
    )
    assert not (tmp_path / "saved").exists()
