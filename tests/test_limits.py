"""Very large inputs end in one located problem against a documented limit, in bounded memory.

Memory is measured with tracemalloc around the same check the command runs: a file read
whole would show its size in the peak, so the bound is far below each input's size.
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from kitpress.build import CheckOptions, check
from kitpress.cli import main
from kitpress.content.cards import MAX_CARD_BYTES, MAX_CARDS
from kitpress.content.document import MAX_TEXT_BYTES
from kitpress.content.files import MAX_FILE_BYTES
from kitpress.problems import ContentError, Problem

PACK = "packs/gate-parcels"
MB = 1024 * 1024


def peak_check(root: Path) -> tuple[list[Problem], int]:
    """Check ``root`` (without laying out posters) and return its problems and peak memory."""
    tracemalloc.start()
    try:
        try:
            problems = check(root, CheckOptions(posters=False))
        except ContentError as exc:  # mkdocs.yml: nothing else can be read without it
            problems = exc.problems
        return problems, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> int:
    """The peak memory of checking the untouched fixture."""
    from conftest import copy_project

    problems, peak = peak_check(copy_project("site", tmp_path_factory.mktemp("baseline")))
    assert problems == []
    return peak


def errors(problems: list[Problem]) -> list[str]:
    return [f"{p.mark.path}:{p.mark.line}:{p.mark.col} {p.code}" for p in problems if p.code < "K4"]


def test_a_30_mb_picture_is_refused_unread(make_project, baseline: int) -> None:
    root = make_project("site")
    (root / PACK / "assets").mkdir()
    with (root / PACK / "assets" / "big.png").open("wb") as file:
        file.write(b"\x89PNG\r\n\x1a\n")
        file.truncate(30 * MB)  # sparse: 30 MB to stat, nothing much on the disk
    assert (root / PACK / "assets" / "big.png").stat().st_size > MAX_FILE_BYTES
    problems, peak = peak_check(root)
    assert errors(problems) == [f"{PACK}/assets/big.png:1:1 K232"]
    assert "30.0 MB" in problems[0].message("en") and "10 MB" in problems[0].message("en")
    assert peak < baseline + MB


def test_a_2_mb_card_is_refused_unread(make_project, baseline: int) -> None:
    root = make_project("site")
    card = root / PACK / "cards" / "03-long.md"
    card.write_text("---\ntitle: 长\n---\n\n" + "很长的一段话。\n" * 100_000, encoding="utf-8")
    assert card.stat().st_size > 2 * MB > MAX_CARD_BYTES
    problems, peak = peak_check(root)
    assert errors(problems) == [f"{PACK}/cards/03-long.md:1:1 K233"]
    assert peak < baseline + MB // 2


def test_a_card_at_the_limit_is_read(make_project) -> None:
    root = make_project("site")
    head = "---\ntitle: 长\n---\n\n"
    card = root / PACK / "cards" / "03-long.md"
    card.write_text(head + "x" * (MAX_CARD_BYTES - len(head.encode())), encoding="utf-8")
    assert card.stat().st_size == MAX_CARD_BYTES
    problems, _ = peak_check(root)
    assert "K233" not in [p.code for p in problems]


@pytest.mark.parametrize("name", [f"{PACK}/pack.yml", "content/taxonomy.yml", "mkdocs.yml"])
def test_a_20_mb_yaml_file_is_refused_unread(make_project, baseline: int, name: str) -> None:
    root = make_project("site")
    with (root / name).open("a", encoding="utf-8") as file:
        file.write("# 很长的注释，一行又一行\n" * 600_000)
    assert (root / name).stat().st_size > 20 * MB > MAX_TEXT_BYTES
    problems, peak = peak_check(root)
    assert f"{name}:1:1 K234" in errors(problems)
    assert peak < baseline + MB


def test_2000_cards_stop_at_the_limit(make_project, baseline: int) -> None:
    root = make_project("site")
    folder = root / PACK / "cards"
    for i in range(2000):
        text = f"---\ntitle: 第 {i} 张\n---\n\n正文 {i}\n"
        (folder / f"{i % 100:02d}-card-{i:04d}.md").write_text(text, encoding="utf-8")
    problems, peak = peak_check(root)
    named = sorted(p.name for p in folder.iterdir())
    first_over = named[MAX_CARDS]  # the 101st card file, in the order they are read
    over = [p for p in problems if p.code == "K235"]
    assert [p.mark.path for p in over] == [f"{PACK}/cards/{first_over}"]
    # Nothing after the limit is read, so no problem is found there (duplicate numbers…).
    late = {f"{PACK}/cards/{n}" for n in named[MAX_CARDS + 1 :]}
    assert not [p for p in problems if p.mark.path in late]
    assert peak < baseline + 8 * MB


def test_the_command_line_says_where_and_what_limit(make_project, capsys) -> None:
    root = make_project("site")
    (root / PACK / "pack.yml").write_text("# x\n" * (MAX_TEXT_BYTES // 4 + 1), encoding="utf-8")
    assert main(["check", "--root", str(root), "--lang", "en"]) == 1
    captured = capsys.readouterr()
    out = captured.out + captured.err
    assert f"{PACK}/pack.yml:1:1: K234" in out
    assert "1025 KB, over the limit of 1024 KB" in out
