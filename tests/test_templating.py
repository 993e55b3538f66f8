"""Templates: the project's templates/ overrides the built-in ones file by file."""

from __future__ import annotations

from pathlib import Path

from kitpress.templating import (
    BUILTIN,
    display_name,
    folders,
    merged_files,
    sandbox,
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
