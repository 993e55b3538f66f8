"""Tests for kitpress new: the starting pack passes check and builds."""

import shutil
import subprocess
import sys

import pytest

from kitpress.build import BuildOptions, CheckOptions, build, check
from kitpress.cli.new import create_pack
from kitpress.content.loader import inspect_project
from kitpress.content.settings import load_settings
from kitpress.problems import UsageError


def test_new_pack_passes_strict_check_and_builds(make_project):
    root = make_project("site")
    assert create_pack(root, "street-library") == 0
    pack_yml = (root / "packs/street-library/pack.yml").read_text(encoding="utf-8")
    assert pack_yml.startswith(
        "# yaml-language-server: $schema=https://example.github.io/kits/schema/pack.schema.json"
    )
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
