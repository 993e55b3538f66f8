"""Tests for the command line: exit codes, languages, annotations, documentation."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, unquoted_cjk

from kitpress.cli import COMMANDS, make_parser
from kitpress.messages import TEXTS


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None):
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("GITHUB_ACTIONS", "LANG", "LC_ALL", "LC_MESSAGES", "KITPRESS_LANG")
    }
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "kitpress", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def fixtures(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Copy the fixture projects: check lays out posters into the project's build/cache."""
    folder = tmp_path_factory.mktemp("fixtures")
    for name in ("bad", "site"):
        shutil.copytree(FIXTURES / name, folder / name)
    return folder


LINE = re.compile(r"^(packs|content)/[^:]+:\d+:\d+: K\d{3} (错误|警告|error|warning)(：|: ).+")


def test_check_bad_content_exits_1_with_located_lines_and_no_traceback(fixtures):
    out = run("check", "--root", str(fixtures / "bad"))
    assert out.returncode == 1
    assert "Traceback" not in out.stderr + out.stdout
    lines = out.stderr.splitlines()
    assert all(LINE.match(line) for line in lines[:-1]), lines
    assert lines[-1].startswith("共 ")


def test_check_each_bad_pack_alone(tmp_path, fixtures):
    """Every broken pack on its own still gives exit 1 and file:line, never a traceback."""
    for pack in sorted((fixtures / "bad" / "packs").iterdir()):
        out = run("check", "--strict", "--root", str(fixtures / "bad"), str(pack))
        assert out.returncode == 1, pack.name
        assert "Traceback" not in out.stderr
        assert f"packs/{pack.name}/" in out.stderr


def test_english_on_request_and_from_lang(fixtures):
    chinese = run("check", "--root", str(fixtures / "bad"))
    flag = run("check", "--root", str(fixtures / "bad"), "--lang", "en")
    env = run("check", "--root", str(fixtures / "bad"), env={"LANG": "en_US.UTF-8"})
    assert flag.stderr == env.stderr
    lines, zh_lines = flag.stderr.splitlines(), chinese.stderr.splitlines()
    english = re.compile(r"^(packs|content)/[^:]+:\d+:\d+: K\d{3} (error|warning): [^：]+$")
    assert [line for line in lines[:-1] if not english.match(line)] == []
    # The same problems at the same places, one language for the other.
    assert [line.split(" ")[:2] for line in lines[:-1]] == [
        line.split(" ")[:2] for line in zh_lines[:-1]
    ]
    errors = sum(" error: " in line for line in lines)
    warnings = len(lines) - 1 - errors
    assert errors > 30 and warnings > 0
    assert lines[-1] == f"{errors} error(s), {warnings} warning(s)"
    assert zh_lines[-1] == f"共 {errors} 个错误，{warnings} 个警告"
    assert unquoted_cjk(flag.stderr) == []


def test_github_annotations_on_actions(fixtures):
    out = run("check", "--root", str(fixtures / "bad"), env={"GITHUB_ACTIONS": "true"})
    annotations = [line for line in out.stdout.splitlines() if line.startswith("::")]
    assert "::error file=packs/duplicate-key/pack.yml,line=9,col=1,title=K002::K002 " in out.stdout
    assert len(annotations) == len(out.stderr.splitlines()) - 1
    # Each annotation links its code on the 问题代码 page; the lines for people stay as they are.
    page = "https://example.github.io/kits/codes/"
    assert all(
        a.endswith(f"（说明和例子：{page}#{a.split('title=')[1][:4]}）") for a in annotations
    )
    assert "codes/" not in out.stderr
    english = run("build", "--lang", "en", "--site-url", "https://x.org/", "--root", str(fixtures / "bad"),
                  env={"GITHUB_ACTIONS": "true"})  # fmt: skip
    first = next(line for line in english.stdout.splitlines() if line.startswith("::"))
    assert first.endswith(
        f"(explained, with examples: https://x.org/codes/#{first.split('title=')[1][:4]})"
    )


def test_clean_check_exits_0(fixtures):
    out = run("check", "--root", str(fixtures / "site"))
    assert out.returncode == 0
    assert out.stderr.strip() == "没有发现问题。"


def test_strict_fails_on_warnings(fixtures):
    args = (
        "check",
        "--root",
        str(fixtures / "site"),
        "--site-url",
        "https://a-very-long-organisation.github.io/toolkits/",
    )
    assert run(*args).returncode == 0
    assert run(*args, "--strict").returncode == 1


USAGE_ERRORS = [  # (arguments, the message's code, a word of the message in English)
    (("check", "/"), "K601", "is outside the project"),
    (("build", "--jobs", "-1"), "K690", "--jobs '-1'"),
    (("labels", "--buildings", "1-3", "--per-sign", "0"), "K690", "--per-sign '0'"),
    (("labels", "--buildings", "1-3", "--per-sign", "51"), "K690", "from 1 to 50"),
    (("labels", "--buildings", "1-3,2"), "K690", "--buildings '1-3,2'"),
    (("new", "Bad_Name"), "K105", "'Bad_Name' is invalid"),
    (("new", "downloads"), "K118", "'downloads' clashes"),
    (("new", "gate-parcels"), "K691", "packs/gate-parcels already exists"),
    (("serve", "--port", "70000"), "K690", "--port '70000' is not valid"),
]


@pytest.mark.parametrize(("args", "code", "words"), USAGE_ERRORS, ids=lambda a: str(a))
def test_usage_errors_exit_2_with_their_message(make_project, tmp_path, args, code, words):
    root = make_project("site")
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    out = run(*args, "--lang", "en", "--root", str(root), cwd=tmp_path)
    assert out.returncode == 2, out.stderr
    assert out.stderr.startswith("kitpress: ") and out.stderr.endswith(f" ({code})\n"), out.stderr
    assert words in out.stderr
    assert "Traceback" not in out.stderr and out.stdout == ""
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before  # nothing written


def test_usage_errors_of_the_parser_and_the_project_exit_2(tmp_path):
    unknown = run("check", "--no-such-option")
    assert unknown.returncode == 2 and "unrecognized arguments: --no-such-option" in unknown.stderr
    bare = run()
    assert bare.returncode == 2 and bare.stdout.startswith("用法：kitpress")
    for where in (("--root", str(tmp_path)), ()):  # --root, or the current folder, not a project
        out = run("check", "--lang", "en", *where, cwd=tmp_path)
        assert out.returncode == 2, out.stderr
        assert (
            out.stderr
            == f"kitpress: {tmp_path} is not a kitpress project (no mkdocs.yml and packs/ folder): run inside one, or name it with --root (K692)\n"
        )


def test_an_unwritable_output_is_a_message_not_a_traceback(make_project):
    root = make_project("site")
    (root / "build").write_text("a file where the build folder should be", encoding="utf-8")
    out = run("build", "--root", str(root))
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert out.stderr.startswith("kitpress: 无法读写") and "build" in out.stderr


def test_paths_narrow_the_report(fixtures):
    out = run("check", "--root", str(fixtures / "bad"), str(fixtures / "bad" / "packs" / "no-alt"))
    assert {line.split("/")[1] for line in out.stderr.splitlines()[:-1]} == {"no-alt"}


LONG_LINE = "这一行正文写得很长很长，是为了让海报一页放不下才写的，请把它删短一些。"


def test_check_reports_posters_too_long_at_their_lines(make_project):
    root = make_project("site")
    pack = root / "packs" / "gate-parcels"
    steps = "".join(f"  - 第{i}步：{LONG_LINE}\n" for i in range(100))
    text = (pack / "pack.yml").read_text(encoding="utf-8")
    start, end = text.index("steps:\n") + len("steps:\n"), text.index("posters:")
    (pack / "pack.yml").write_text(text[:start] + steps + text[end:], encoding="utf-8")
    long_body = "\n\n".join([LONG_LINE * 3] * 60)
    for card in ("01-talk-to-guard.md", "02-write-signs.md"):  # a poster: true card; a listed one
        path = pack / "cards" / card
        path.write_text(path.read_text(encoding="utf-8") + long_body + "\n", encoding="utf-8")
    expected = [
        "packs/gate-parcels/cards/01-talk-to-guard.md:11:1: K309",  # its body's first line
        "packs/gate-parcels/pack.yml:25:1: K309",  # steps:
        "packs/gate-parcels/pack.yml:127:5: K309",  # its entry under posters: (line 126)
    ]
    out = run("check", "--root", str(root))
    assert out.returncode == 1
    assert [line[: line.index(" K309") + 5] for line in out.stderr.splitlines()[:-1]] == expected
    assert "缩到最小字号 12 pt 仍多出约" in out.stderr
    # No site, no docs: the poster cache, and the schemas for editors.
    assert sorted(p.name for p in (root / "build").iterdir()) == ["cache", "schema"]
    again = run("check", "--root", str(root))
    assert again.stderr == out.stderr
    english = run("check", "--lang", "en", "--root", str(root))
    assert english.returncode == 1 and unquoted_cjk(english.stderr) == []
    assert (
        "K309 error: the steps on the poster of pack “门口的快递分楼摆放” is too long to fit the poster's"
        " one page: at the smallest size, 12 pt, it is still about" in english.stderr
    )
    assert "K309 error: the text of card “" in english.stderr
    assert run("check", "--no-posters", "--root", str(root)).returncode == 0
    built = run("build", "--root", str(root))
    assert built.returncode == 1
    assert built.stderr == out.stderr


def test_check_reports_downloads_that_would_share_a_file(make_project):
    root = make_project("site")
    pack = root / "packs" / "gate-parcels"
    clash = pack / "cards" / "03-write-signs-a5.md"  # its poster: poster-write-signs-a5.pdf
    clash.write_text("---\ntitle: 又一张\nposter: true\n---\n\n正文。\n", encoding="utf-8")
    shutil.copytree(pack, root / "packs" / "kitpress-all")  # the everything zip's name
    out = run("check", "--root", str(root))
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    lines = [line[: line.index(" 错误")] for line in out.stderr.splitlines()[:-1]]
    assert lines == [
        "packs/gate-parcels/cards/03-write-signs-a5.md:1:1: K310",
        "packs/kitpress-all/cards/03-write-signs-a5.md:1:1: K310",
        "packs/kitpress-all/pack.yml:1:1: K118",
    ]
    assert "卡片 write-signs 的 A5 竖版海报" in out.stderr
    english = run("check", "--lang", "en", "--root", str(root))
    assert unquoted_cjk(english.stderr) == []
    assert "and another (card write-signs's A5 portrait poster) would both" in english.stderr


def test_python_m_and_console_script_agree():
    script = Path(sys.executable).with_name("kitpress")
    console = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
    module = run("--version")
    assert module.stdout.startswith("kitpress ")
    assert console.stdout == module.stdout


def test_every_command_and_option_is_documented_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    parser = make_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name in COMMANDS:
        assert f"kitpress {name}" in readme, name
        for action in sub.choices[name]._actions:
            for option in action.option_strings:
                if option.startswith("--") and option != "--help":
                    assert option in readme, f"{name} {option}"


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_has_help(name):
    out = run(name, "--help")
    assert out.returncode == 0
    assert name in out.stdout


@pytest.mark.parametrize("name", list(COMMANDS))
def test_help_speaks_the_asked_language(name):
    english = run(name, "--help", "--lang", "en")
    chinese = run(name, "--help", "--lang", "zh")
    assert english.returncode == chinese.returncode == 0
    assert not re.search(r"[\u4e00-\u9fff]", english.stdout), english.stdout
    assert chinese.stdout.startswith("用法：") and "显示这段帮助后退出" in chinese.stdout
    sub = next(a for a in make_parser("zh")._actions if a.dest == "command")
    for action in sub.choices[name]._actions:  # every option's line came from the catalog
        key = f"help.{action.dest}" if action.dest in ("lang", "root", "help") else None
        key = key or f"help.{name}.{action.dest}"
        assert TEXTS[key][0] in " ".join(chinese.stdout.split()), key


def test_a_parsing_error_is_a_catalog_line_and_exit_2():
    out = run("check", "--bogus")
    assert out.returncode == 2
    assert "命令写得不对（unrecognized arguments: --bogus）" in out.stderr
    assert "kitpress --help" in out.stderr and out.stderr.endswith(" (K694)\n")
    english = run("build", "--jobs", "x", "--lang", "en")
    assert english.returncode == 2
    assert "wrong usage (argument --jobs: invalid int value: 'x')" in english.stderr
    assert not re.search(r"[\u4e00-\u9fff]", english.stderr)
