"""The address space: every output planned from the model, every naming clash found there."""

import shutil
import subprocess
import sys

import pytest

from kitpress.build import CheckOptions, check
from kitpress.build import inspect as inspect_project
from kitpress.content.settings import load_settings
from kitpress.outputs import SITE_BUNDLE, SUMS_PATH, plan_site


def where(problems, code):
    return [f"{p.mark.path}:{p.mark.line}:{p.mark.col}" for p in problems if p.code == code]


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "kitpress", *args], capture_output=True, text=True, timeout=300
    )


def test_every_address_is_planned_once(make_project):
    root = make_project("site")
    project, problems = inspect_project(root, load_settings(root))
    plan, clashes = plan_site(project)
    assert clashes == [] and [p for p in problems if p.code.startswith("K1")] == []
    addresses = plan.addresses()
    assert len(addresses) == len(set(addresses))
    assert {SITE_BUNDLE, SUMS_PATH, "downloads/index.md", "packs/index.md"} <= set(addresses)
    for pack in project.packs:
        assert f"{pack.slug}/index.md" in addresses
        assert f"downloads/{pack.slug}.zip" in addresses
        assert f"downloads/{pack.slug}/poster.pdf" in addresses


@pytest.mark.parametrize(
    "name", ["kitpress-all", "downloads", "index", "guide"], ids=["zip", "folder", "page", "dir"]
)
def test_a_pack_named_like_another_address_is_k118_without_posters(make_project, name):
    root = make_project("site")
    (root / "content" / "guide").mkdir()
    (root / "content" / "guide" / "start.md").write_text("# 开始\n", encoding="utf-8")
    shutil.copytree(root / "packs" / "gate-parcels", root / "packs" / name)
    found = check(root, CheckOptions(posters=False))
    assert where(found, "K118") == [f"packs/{name}/pack.yml:1:1"]


def test_two_posters_on_one_file_are_k310_without_posters(make_project):
    root = make_project("site")
    card = root / "packs/gate-parcels/cards/03-write-signs-a5.md"  # poster-write-signs-a5.pdf
    card.write_text("---\ntitle: 又一张\nposter: true\n---\n\n正文。\n", encoding="utf-8")
    found = check(root, CheckOptions(posters=False))
    assert where(found, "K310") == ["packs/gate-parcels/cards/03-write-signs-a5.md:1:1"]
    assert "card write-signs's A5 portrait poster" in found[0].message("en")


def test_folders_differing_only_in_case_are_k106_in_the_plan(make_project):
    root = make_project("site")
    shutil.copytree(root / "packs" / "gate-parcels", root / "packs" / "Gate-parcels")
    project, _ = inspect_project(root, load_settings(root))
    _, clashes = plan_site(project)
    assert where(clashes, "K106") == ["packs/Gate-parcels/pack.yml:1:1"]
    assert where(clashes, "K105") == ["packs/Gate-parcels/pack.yml:1:1"]


def test_check_with_and_without_posters_and_build_agree_on_names(make_project):
    root = make_project("site")
    shutil.copytree(root / "packs" / "gate-parcels", root / "packs" / "kitpress-all")
    without = run("check", "--no-posters", "--root", str(root))
    built = run("build", "--root", str(root))
    assert without.returncode == built.returncode == 1
    assert "packs/kitpress-all/pack.yml:1:1: K118" in without.stderr
    assert without.stderr == built.stderr
    assert not (root / "build" / "site").exists()
