"""kitpress as others install it: a wheel in a fresh venv, and the shipped pre-commit hook.

Both build from a copy of the working tree's package files, so they test what would be
committed, and use a content-only project: only mkdocs.yml, content/ and packs/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pypdfium2
import pytest
from conftest import REPO, copy_project

# What `pip install .` needs from the repository, and nothing of this project's content.
PACKAGE_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "kitpress")
CONTENT_ONLY = ["content", "mkdocs.yml", "packs"]


def copy_package(dest: Path) -> Path:
    """Copy the files a wheel is built from into ``dest``, without caches or build leftovers."""
    dest.mkdir(parents=True)
    for name in PACKAGE_FILES:
        source = REPO / name
        if source.is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
            shutil.copytree(source, dest / name, ignore=ignore)
        else:
            shutil.copy(source, dest / name)
    return dest


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None, timeout: int = 600):
    """Run a command, returning its result; its output is shown when an assertion fails."""
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Build kitpress's wheel offline, with the venv's setuptools (no build isolation)."""
    work = tmp_path_factory.mktemp("wheel")
    source = copy_package(work / "source")
    made = run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
        "-q", "-w", work / "dist", source, cwd=work,
    )  # fmt: skip
    assert made.returncode == 0, made.stdout + made.stderr
    [built] = (work / "dist").glob("kitpress-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory) -> Path:
    """Install the wheel, non-editable, into a fresh venv; return the venv's bin folder.

    The dependencies come from this test run's own environment through a .pth file, so no
    download is needed; that environment's editable kitpress is not seen, because .pth files
    are only read in site folders, not in the folders they add.
    """
    folder = tmp_path_factory.mktemp("venv") / "env"
    made = run(sys.executable, "-m", "venv", "--without-pip", folder, cwd=folder.parent)
    assert made.returncode == 0, made.stderr
    python = folder / "bin" / "python"
    ask = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = Path(run(python, "-c", ask, cwd=folder).stdout.strip())
    ours = {sysconfig.get_paths()[key] for key in ("purelib", "platlib")}
    (site / "kitpress-deps.pth").write_text("".join(f"{p}\n" for p in sorted(ours)))
    installed = run(
        sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
        "-q", wheel, cwd=folder,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stdout + installed.stderr
    where = run(python, "-c", "import kitpress; print(kitpress.__file__)", cwd=folder)
    assert Path(where.stdout.strip()) == site / "kitpress" / "__init__.py", where.stderr
    return folder / "bin"


def test_the_wheel_ships_every_built_in_template(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        shipped = {name for name in archive.namelist() if name.startswith("kitpress/templates/")}
    builtin = REPO / "kitpress" / "templates"
    expected = {
        f"kitpress/templates/{path.relative_to(builtin).as_posix()}"
        for path in builtin.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert expected and shipped == expected
    assert {"pages", "posters", "theme"} <= {name.split("/")[2] for name in shipped}


def test_installed_kitpress_builds_a_content_only_project(venv: Path, tmp_path: Path) -> None:
    root = copy_project("site", tmp_path)
    assert sorted(path.name for path in root.iterdir()) == CONTENT_ONLY
    built = run(venv / "kitpress", "build", "--lang", "en", cwd=root)
    assert built.returncode == 0, built.stdout + built.stderr
    site = root / "build" / "site"
    posters = sorted(site.glob("downloads/*/poster*.pdf"))
    assert len(posters) >= 2
    for path in posters:
        assert len(pypdfium2.PdfDocument(path)) == 1, path.name
    page = (site / "gate-parcels" / "index.html").read_text(encoding="utf-8")
    assert "assets/kitpress.css" in page and (site / "assets" / "kitpress.css").is_file()
    # The built-in theme partial drops Material's call to api.github.com.
    assert 'class="md-source"' in page and 'data-md-component="source"' not in page
    # Plain MkDocs over build/docs and build/theme gives the same site (no plugin, no hook),
    # with Material's search off as kitpress builds it; kitpress adds only Pagefind's index.
    (root / "plain.yml").write_text("INHERIT: mkdocs.yml\nplugins: []\n", encoding="utf-8")
    mkdocs = [venv / "python", "-m", "mkdocs", "build", "-q", "-f", "plain.yml"]
    plain = run(*mkdocs, "-d", tmp_path / "plain", cwd=root)
    assert plain.returncode == 0, plain.stderr
    ours = {name: data for name, data in _tree(site).items() if not name.startswith("pagefind/")}
    assert "pagefind/pagefind.js" in _tree(site)
    assert _tree(tmp_path / "plain") == ours


def _tree(folder: Path) -> dict[str, bytes]:
    """Return every file below ``folder`` by relative name, with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


# --- the pre-commit hook ----------------------------------------------------------------


def commit_all(folder: Path) -> str:
    """Make ``folder`` a git repository with one commit of everything in it; return its id."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "kitpress tests",
        "GIT_AUTHOR_EMAIL": "tests@example.org",
        "GIT_COMMITTER_NAME": "kitpress tests",
        "GIT_COMMITTER_EMAIL": "tests@example.org",
    }
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "all"]):
        done = run("git", *args, cwd=folder, env=env)
        assert done.returncode == 0, done.stderr
    return run("git", "rev-parse", "HEAD", cwd=folder).stdout.strip()


def test_the_shipped_hook_checks_a_content_only_repository(tmp_path: Path) -> None:
    """Run the real pre-commit, which installs kitpress from a local clone as it would from GitHub.

    Installing the hook's environment (pip, kitpress's dependencies from the index, pinned by
    requirements.lock so a new release elsewhere cannot turn this red) takes about a minute.
    """
    hook_repo = copy_package(tmp_path / "kitpress")
    rev = commit_all(hook_repo)
    content = copy_project("site", tmp_path)
    (content / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook_repo}\n    rev: {rev}\n    hooks:\n      - id: kitpress-check\n",
        encoding="utf-8",
    )
    (content / ".gitignore").write_text("build/\n", encoding="utf-8")
    commit_all(content)
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PIP_CONSTRAINT": str(REPO / "requirements.lock"),
        "LANG": "C.UTF-8",
    }
    pre_commit = Path(sys.executable).parent / "pre-commit"
    passed = run(pre_commit, "run", "--all-files", cwd=content, env=env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "kitpress check" in passed.stdout and "Passed" in passed.stdout

    pack = content / "packs" / "gate-parcels" / "pack.yml"
    lines = pack.read_text(encoding="utf-8").splitlines(keepends=True)
    [number] = [n for n, line in enumerate(lines, 1) if line.startswith("license:")]
    lines[number - 1] = "license: CC-BY-SA\n"
    pack.write_text("".join(lines), encoding="utf-8")
    failed = run(pre_commit, "run", "--all-files", cwd=content, env=env)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert f"packs/gate-parcels/pack.yml:{number}:10: K109 " in failed.stdout, failed.stdout
    assert "site-packages" not in failed.stdout
