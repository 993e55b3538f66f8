"""Tests for kitpress new: the starting pack passes check and builds."""

import pytest

from kitpress.build import BuildOptions, build
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
