"""Settings from mkdocs.yml: extra.kitpress validated where it was written, one set of defaults."""

import dataclasses
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

import kitpress.content.settings
from kitpress.build import CheckOptions, check
from kitpress.content.settings import read_settings
from kitpress.model import Settings
from kitpress.problems import ContentError


def with_settings(root: Path, lines: str) -> Path:
    """Replace the fixture's extra.kitpress block with ``lines`` (indented under kitpress:)."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("    font_family: Noto Sans CJK SC\n", lines)
    config.write_text(text, encoding="utf-8")
    return config


def position(config: Path, needle: str) -> str:
    """Return mkdocs.yml:line:col of ``needle``'s first use."""
    for number, line in enumerate(config.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return f"mkdocs.yml:{number}:{line.index(needle) + 1}"
    raise AssertionError(needle)


def located(problems, code):
    return [f"{p.mark.path}:{p.mark.line}:{p.mark.col}" for p in problems if p.code == code]


def test_a_limit_that_is_not_a_number_is_k103_at_its_value_not_a_traceback(make_project):
    root = make_project("site")
    config = with_settings(root, "    bundle_limit_mb: big\n")
    out = subprocess.run(
        [sys.executable, "-m", "kitpress", "check", "--no-posters", "--root", str(root)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    assert f"{position(config, 'big')}: K103" in out.stderr
    assert "extra.kitpress.bundle_limit_mb" in out.stderr


@pytest.mark.parametrize("value", ["0", "-5", ".inf"])
def test_a_limit_of_zero_or_less_is_k131(make_project, value):
    root = make_project("site")
    config = with_settings(root, f"    bundle_limit_mb: {value}\n")
    found = check(root, CheckOptions(posters=False))
    assert located(found, "K131") == [position(config, value)]
    assert "must be a number above 0" in found[0].message("en")


def test_an_unknown_key_is_k102_at_the_key_with_a_suggestion(make_project):
    root = make_project("site")
    config = with_settings(root, "    fnot_family: Noto Sans CJK SC\n")
    found = check(root, CheckOptions(posters=False))
    assert located(found, "K102") == [position(config, "fnot_family")]
    assert dict(found[0].args)["hint"] == "font_family"


def test_wrong_types_are_k103(make_project):
    root = make_project("site")
    config = with_settings(root, "    font_family: [a, b]\n    edit_branch: 7\n")
    found = check(root, CheckOptions(posters=False))
    assert located(found, "K103") == [position(config, "[a, b]"), position(config, "7")]


def test_kitpress_settings_that_are_not_a_mapping_are_k103(make_project):
    root = make_project("site")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("  kitpress:\n    font_family: Noto Sans CJK SC\n", "  kitpress: big\n")
    config.write_text(text, encoding="utf-8")
    found = check(root, CheckOptions(posters=False))
    assert located(found, "K103") == [position(config, "big")]


def test_unset_values_take_the_one_set_of_defaults(make_project):
    root = make_project("site")
    with_settings(root, "    edit_branch:\n")
    settings, problems = read_settings(root)
    assert problems == []
    defaults = Settings(root=root)
    for key in ("font_family", "bundle_limit_mb", "edit_branch"):
        assert getattr(settings, key) == getattr(defaults, key), key
    # The defaults are model.Settings' alone: the reader names none of them again.
    source = inspect.getsource(kitpress.content.settings)
    for name in ("font_family", "edit_branch", "site_url"):
        default = next(f.default for f in dataclasses.fields(Settings) if f.name == name)
        assert f'"{default}"' not in source, name
    assert "or 50" not in source and "50.0" not in source


def test_values_given_are_read_with_where_they_were_written(make_project):
    root = make_project("site")
    config = with_settings(root, "    bundle_limit_mb: 12.5\n    edit_branch: dev\n")
    settings, problems = read_settings(root)
    assert problems == []
    assert (settings.bundle_limit_mb, settings.edit_branch) == (12.5, "dev")
    mark = settings.mark("bundle_limit_mb")
    assert f"{mark.path}:{mark.line}:{mark.col}" == position(config, "12.5")


def test_a_broken_mkdocs_yml_still_stops_at_once(make_project):
    root = make_project("site")
    (root / "mkdocs.yml").write_text("site_name: [unclosed\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        read_settings(root)
    assert [(p.code, p.mark.line, p.mark.col) for p in caught.value.problems] == [("K021", 1, 21)]
    assert "]" in caught.value.problems[0].message("en")


@pytest.mark.parametrize(
    ("block", "code", "needle"),
    [
        ("loop: &x\n  again: *x\n", "K010", "*x"),  # MkDocs would build a dict holding itself
        ("deep: " + "[" * 40 + "]" * 40 + "\n", "K008", "[" * 10),  # found by scripts/fuzz
    ],
)
def test_an_alias_into_itself_or_deep_nesting_in_mkdocs_yml_is_located(
    make_project, block, code, needle
):
    """scripts/fuzz found both: a RecursionError traceback from check, not a problem."""
    root = make_project("site")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + block, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        read_settings(root)
    [found] = caught.value.problems
    assert found.code == code
    # K008 is at the bracket that goes one level too deep, on the line of the first one.
    line, col = position(config, needle).split(":")[1:]
    assert (found.mark.line, found.mark.col >= int(col)) == (int(line), True)


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        ("markdown_extensions:", "markdown_exvensions:", "markdown_exvensions"),  # a warning
        ("  name: material", "  name: materal", "name: materal"),  # an error, at the mapping
        ("  - search:\n      lang: zh", "  - search:\n      lang: 42", "- search"),  # a plugin's
    ],
)
def test_what_mkdocs_refuses_is_k132_at_check_time(make_project, old, new, needle):
    """scripts/fuzz found check passing and build failing on a typo among MkDocs' own keys."""
    root = make_project("site")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new), encoding="utf-8")
    found = check(root, CheckOptions(posters=False))
    assert located(found, "K132") == [position(config, needle)], [p.format("en") for p in found]
    assert "so the site would not build" in found[0].message("en")


def test_mkdocs_validation_ignores_the_folders_a_build_writes(make_project):
    """build/docs and build/theme do not exist before the first build: no K132 for them."""
    root = make_project("site")
    assert not (root / "build").exists()
    assert check(root, CheckOptions(posters=False)) == []
