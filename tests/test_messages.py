"""Tests for the message catalog: both languages of every entry say the same things."""

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, unquoted_cjk

from kitpress.messages import MESSAGES, TEXTS, WORDS, placeholders, render_message, say
from kitpress.printing import press
from kitpress.printing.jobs import Result

CATALOG = {**MESSAGES, **{f"text {k}": v for k, v in TEXTS.items()}}
CATALOG |= {f"word {k}": v for k, v in WORDS.items()}


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_zh_and_en_use_the_same_placeholders(key):
    zh, en = CATALOG[key]
    assert placeholders(zh) == placeholders(en), key
    assert zh != en or not any("\u4e00" <= c <= "\u9fff" for c in zh), key


def test_the_placeholder_check_sees_every_name():
    assert placeholders("{a} and {b:.1f}, {{literal}}") == {"a", "b"}


def test_words_are_named_in_each_language_innermost_first():
    args = {"name": "poster-a5.pdf", "poster": "card-poster", "card": "signs", "size": "A5"}
    args["orientation"] = "portrait"
    assert "卡片 signs 的 A5 竖版海报" in render_message("K310", args, "zh")
    assert "(card signs's A5 portrait poster)" in render_message("K310", args, "en")


def test_a_user_value_that_looks_like_a_word_is_kept_as_typed():
    assert render_message("K113", {"value": "portrait"}, "en").startswith("difficulty 'portrait'")


def test_seconds_are_shown_to_a_tenth():
    assert say("serve.updated", "en", seconds=1.26) == "Updated (1.3 s)"
    assert say("serve.updated", "zh", seconds=0.04) == "已更新（0.0 秒）"


def test_the_chinese_finder_finds_chinese_outside_quotes_only():
    assert unquoted_cjk("a 'b' c\npacks/包/x.yml:1:2: K1 error: '值' and “值”, card's") == []
    assert unquoted_cjk("the card's 正文 isn't quoted") != []
    assert unquoted_cjk("choose from: 甲、乙") != []
    assert unquoted_cjk("pack's text，here") != []


def kitpress(*args: str, cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the real command line, in English unless --lang says otherwise."""
    keep = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "KITPRESS_LANG")}
    return subprocess.run(
        [sys.executable, "-m", "kitpress", *args],
        cwd=cwd,
        env={**keep, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


BROKEN = sorted(p.parent.name for p in FIXTURES.glob("*/expected.txt"))


@pytest.mark.parametrize("name", BROKEN)
def test_english_problems_of_every_broken_fixture_have_no_chinese(make_project, name):
    root = make_project(name)
    for command in ("check", "build"):
        out = kitpress(
            command, "--strict", "--lang", "en", "--root", str(root), GITHUB_ACTIONS="true"
        )
        assert out.returncode == 1, command
        lines = out.stderr.splitlines()
        assert len(lines) > 1 and all(" error: " in x or " warning: " in x for x in lines[:-1])
        assert unquoted_cjk(out.stderr + out.stdout) == [], command
        errors = sum(" error: " in line for line in lines)
        assert lines[-1] == f"{errors} error(s), {len(lines) - 1 - errors} warning(s)"
        assert len([a for a in out.stdout.splitlines() if a.startswith("::")]) == len(lines) - 1


def test_english_build_new_and_failed_site_lines_have_no_chinese(make_project):
    root = make_project("site")
    created = kitpress("new", "street-library", "--lang", "en", "--root", str(root))
    assert created.returncode == 0
    assert (
        created.stderr
        == "created packs/street-library: edit pack.yml and cards/, then run .venv/bin/kitpress check packs/street-library\n"
    )
    built = kitpress("build", "--lang", "en", "--root", str(root))
    assert built.returncode == 0, built.stderr
    assert unquoted_cjk(built.stderr + built.stdout) == []
    press, done = built.stderr.splitlines()
    assert re.fullmatch(r"PDF: [1-9]\d* printed, 0 reused, in \d+\.\d s", press), press
    assert re.fullmatch(
        r"Done: 2 pack\(s\), [1-9]\d* download\(s\) in \d+\.\d s → build/site", done
    )
    config = root / "mkdocs.yml"
    nav = "  - 下载: downloads/index.md\n"
    text = config.read_text(encoding="utf-8").replace(nav, nav + "  - Gone: gone.md\n")
    config.write_text(text, encoding="utf-8")
    failed = kitpress("build", "--lang", "en", "--root", str(root))
    assert failed.returncode == 1
    assert "gone.md" in failed.stderr
    assert failed.stderr.endswith("\nThe site was not built; the old build/site is unchanged.\n")
    assert unquoted_cjk(failed.stderr) == []


def test_english_progress_bar(monkeypatch):
    stream = io.StringIO()
    monkeypatch.setattr(stream, "isatty", lambda: True)
    bar = press._Progress(2, stream, "en")
    for _ in range(2):
        bar.tick(Result("key"))
    assert (
        stream.getvalue()
        == f"\rPrinting PDFs {'█' * 15}{'·' * 15} 1/2\rPrinting PDFs {'█' * 30} 2/2\n"
    )


def test_every_code_is_named_by_a_test():
    """A code no test names is a message nobody has seen printed at its place."""
    tests = Path(__file__).parent
    text = "\n".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in sorted(tests.rglob("*"))
        if path.is_file() and path.suffix in (".py", ".txt")
    )
    assert [code for code in MESSAGES if not re.search(rf"\b{code}\b", text)] == []
