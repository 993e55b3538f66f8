"""Tests for kitpress new: the starting pack passes check and builds."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from kitpress.build import BuildOptions, CheckOptions, build, check
from kitpress.cli.new import create_pack
from kitpress.content.loader import inspect_project
from kitpress.content.settings import load_settings
from kitpress.problems import UsageError


def test_new_pack_passes_strict_check_and_builds(make_project):
    root = make_project("site")
    assert create_pack(root, "street-library") == 0
    pack_yml = (root / "packs/street-library/pack.yml").read_text(encoding="utf-8")
    first = pack_yml.splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../build/schema/pack.schema.json"
    # The path works from the pack's folder, offline, as soon as new has run.
    schema = root / "packs/street-library" / first.split("$schema=", 1)[1]
    assert json.loads(schema.read_text(encoding="utf-8"))["title"] == "kitpress pack.yml"
    assert (schema.parent / "card.schema.json").is_file()
    _, problems = inspect_project(root, load_settings(root))
    assert problems == []
    build(root, BuildOptions())
    assert (root / "build/site/street-library/first-card/index.html").is_file()


def test_new_refuses_bad_or_taken_names(make_project):
    root = make_project("site")
    for name, code in (("Bad Name", "K105"), ("downloads", "K118"), ("gate-parcels", "K691")):
        with pytest.raises(UsageError) as refused:
            create_pack(root, name)
        assert refused.value.code == code, name
        assert name in refused.value.message("en"), name
    assert not (root / "packs" / "downloads").exists()


@pytest.mark.parametrize("name", ["downloads", "kitpress-all", "index", "about"])
def test_new_refuses_exactly_the_names_check_refuses(make_project, name):
    """K118: a site folder, the everything zip, a content page: new and check agree."""
    root = make_project("site")
    (root / "content" / "about.md").write_text("# 关于\n", encoding="utf-8")
    with pytest.raises(UsageError) as refused:
        create_pack(root, name)
    assert refused.value.code == "K118"
    assert not (root / "packs" / name).exists()
    shutil.copytree(root / "packs" / "gate-parcels", root / "packs" / name)
    found = [p for p in check(root, CheckOptions(posters=False)) if p.code == "K118"]
    assert [f"{p.mark.path}:{p.mark.line}:{p.mark.col}" for p in found] == [
        f"packs/{name}/pack.yml:1:1"
    ]


def test_new_on_a_content_page_name_exits_2_with_the_message(make_project):
    root = make_project("site")
    (root / "content" / "about.md").write_text("# 关于\n", encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "kitpress", "new", "about", "--root", str(root), "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 2
    assert "'about' clashes with one of the site's own pages" in out.stderr
    assert "(K118)" in out.stderr
    assert not (root / "packs" / "about").exists()


def test_the_command_new_prints_works_as_printed(make_project):
    """After ./scripts/build the project has .venv/bin/kitpress, and nothing puts it on PATH."""
    root = make_project("site")
    (root / ".venv").symlink_to(Path(sys.prefix))  # the venv ./scripts/setup made
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    env["PATH"] = "/usr/bin:/bin"
    made = subprocess.run(
        [sys.executable, "-m", "kitpress", "new", "street-library", "--lang", "en"],
        cwd=root, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    command = made.stderr.rstrip("\n").rsplit(", then run ", 1)[1]
    assert command == ".venv/bin/kitpress check packs/street-library"
    pack_yml = (root / "packs/street-library/pack.yml").read_text(encoding="utf-8")
    assert f"写完后运行 {command} 检查" in pack_yml
    ran = subprocess.run(
        ["bash", "-c", command + " --lang en --no-posters"],
        cwd=root, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert (ran.returncode, ran.stdout + ran.stderr) == (0, "No problems found.\n")


# A kitpress command in a code span or block, not run as .venv/bin/kitpress.
BARE = re.compile(r"(?<![\w./-])kitpress (?:check|build|new|serve|labels)\b")
CODE = re.compile(r"```[^\n]*\n(.*?)```|`([^`\n]+)`", re.DOTALL)


def bare_commands(text: str) -> list[str]:
    """Return the code spans and block lines of ``text`` that run kitpress without .venv/bin/."""
    found = []
    for block, span in CODE.findall(text):
        for line in (block or span).splitlines():
            if BARE.search(line) and not line.strip().startswith("name:"):  # a hook's label
                found.append(line.strip())
    return found


def test_bare_commands_are_found():
    text = "运行 `kitpress check`，或：\n```sh\nkitpress new x\n.venv/bin/kitpress build\n```\n"
    assert bare_commands(text) == ["kitpress check", "kitpress new x"]
    assert bare_commands("`.venv/bin/kitpress check packs/x` 和 `python -m kitpress`") == []


@pytest.mark.parametrize("name", ["README.md", "CONTRIBUTING.md"])
def test_docs_run_kitpress_the_way_new_prints_it(name):
    assert bare_commands((REPO / name).read_text(encoding="utf-8")) == []
