"""Templates: the project's templates/ overrides the built-in ones file by file (words key by key)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kitpress.printing.designs import templates_reported
from kitpress.problems import ContentError
from kitpress.templating import (
    BUILTIN,
    display_name,
    folders,
    merged_files,
    sandbox,
    word,
    words,
    write_theme,
)


def test_without_templates_only_the_built_in_ones_are_used(tmp_path: Path) -> None:
    assert folders(tmp_path, "pages") == (BUILTIN / "pages",)
    assert (BUILTIN / "pages" / "card.md.j2").is_file()
    assert (BUILTIN / "posters" / "poster.html").is_file()
    assert (BUILTIN / "theme" / "partials" / "source.html").is_file()


def test_a_project_file_wins_and_the_rest_stay_built_in(tmp_path: Path) -> None:
    own = tmp_path / "templates" / "pages"
    own.mkdir(parents=True)
    (own / "card.md.j2").write_text("{{ 1 + 1 }} mine\n", encoding="utf-8")
    assert folders(tmp_path, "pages") == (own, BUILTIN / "pages")
    env = sandbox(folders(tmp_path, "pages"), autoescape=False)
    assert env.get_template("card.md.j2").render() == "2 mine\n"
    assert env.loader is not None
    _, filename, _ = env.loader.get_source(env, "pack.md.j2")
    assert filename == str(BUILTIN / "pages" / "pack.md.j2")


def test_the_merged_theme_takes_each_file_from_where_it_wins(tmp_path: Path) -> None:
    own = tmp_path / "templates" / "theme"
    (own / "partials").mkdir(parents=True)
    (own / "partials" / "source.html").write_text("mine", encoding="utf-8")
    (own / "main.html").write_text("{% extends 'base.html' %}", encoding="utf-8")
    (own / "partials" / "link.html").symlink_to("/etc/hostname")
    files = merged_files(tmp_path, "theme")
    assert files["partials/source.html"] == own / "partials" / "source.html"
    assert files["main.html"] == own / "main.html"
    assert files["partials/actions.html"] == BUILTIN / "theme" / "partials" / "actions.html"
    assert "partials/link.html" not in files  # a symlink could point anywhere on the machine


def test_write_theme_copies_the_merged_files_afresh(tmp_path: Path) -> None:
    own = tmp_path / "templates" / "theme"
    own.mkdir(parents=True)
    (own / "main.html").write_text("mine", encoding="utf-8")
    out = write_theme(tmp_path)
    assert out == tmp_path / "build" / "theme"
    assert (out / "main.html").read_text(encoding="utf-8") == "mine"
    builtin = BUILTIN / "theme" / "assets" / "kitpress.css"
    assert (out / "assets" / "kitpress.css").read_bytes() == builtin.read_bytes()
    (own / "main.html").unlink()
    write_theme(tmp_path)
    # A removed override does not linger: the built-in file (or none) takes its place.
    builtin_main = BUILTIN / "theme" / "main.html"
    if builtin_main.exists():
        assert (out / "main.html").read_bytes() == builtin_main.read_bytes()
    else:
        assert not (out / "main.html").exists()


def test_template_files_are_named_as_problems_name_files(tmp_path: Path) -> None:
    own = tmp_path / "templates" / "posters" / "poster.html"
    assert display_name(tmp_path, str(own)) == "templates/posters/poster.html"
    builtin = BUILTIN / "posters" / "poster.html"
    assert display_name(tmp_path, str(builtin)) == "kitpress/templates/posters/poster.html"


# --- published words (words.yml) ---------------------------------------------------------


def test_builtin_words_fill_their_placeholders(tmp_path: Path) -> None:
    found = words(tmp_path)
    assert word(found, "poster-title", title="返程锦囊") == "返程锦囊 海报"
    assert word(found, "note-pages", pages=2) == "，2 页"


def test_a_project_overrides_words_key_by_key(tmp_path: Path) -> None:
    own = tmp_path / "templates" / "words.yml"
    own.parent.mkdir()
    own.write_text('poster-title: "Poster: {title}"\n', encoding="utf-8")
    found = words(tmp_path)
    assert word(found, "poster-title", title="Return trip") == "Poster: Return trip"
    assert found["labels-title"] == words(tmp_path / "elsewhere")["labels-title"]  # kept


def test_placeholders_are_plain_names_only(tmp_path: Path) -> None:
    # str.format would let a pull request read attributes: {title.__class__}
    found = {"x": "{title.__class__} {title}"}
    assert word(found, "x", title="t") == "{title.__class__} t"


@pytest.mark.parametrize(
    ("text", "line"),
    [("poster-title: [unclosed\n", 2), ("- a list\n", 1), ("n: 3\n", 1), (b"\xb4\xe6: x\n", 1)],
)
def test_a_broken_project_words_file_is_a_located_k007(tmp_path: Path, text, line) -> None:
    own = tmp_path / "templates" / "words.yml"
    own.parent.mkdir()
    own.write_bytes(text if isinstance(text, bytes) else text.encode())
    with pytest.raises(ContentError) as caught, templates_reported(tmp_path):
        words(tmp_path)
    (found,) = caught.value.problems
    assert (found.code, found.mark.path, found.mark.line) == ("K007", "templates/words.yml", line)


def test_every_builtin_word_is_used_by_the_engine() -> None:
    engine = "\n".join(p.read_text(encoding="utf-8") for p in (BUILTIN.parent).rglob("*.py"))
    for key in words(Path("/nonexistent")):
        if key.startswith("license-"):
            continue  # looked up by the pack's licence id
        assert f'"{key}"' in engine, key
