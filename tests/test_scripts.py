"""Tests for scripts/: set-up, build and test entry points, the lock, and site-url."""

from __future__ import annotations

import importlib.machinery
import importlib.metadata
import importlib.util
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
SHELL_SCRIPTS = ["scripts/setup", "scripts/build", "scripts/test", "scripts/fuzz", ".ci/run"]
# The only real commands the scripts under test may find on PATH; the rest are stubs.
BASE_TOOLS = [
    "bash",
    "env",
    "cat",
    "cut",
    "sha256sum",
    "dirname",
    "mkdir",
    "rm",
    "mv",
    "sed",
    "chmod",
]


# --- helpers -------------------------------------------------------------------------------


def write_exe(path: Path, text: str) -> Path:
    """Write an executable script."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(0o755)
    return path


def logging_stub(path: Path, log: Path, body: str = "") -> Path:
    """Write a stub command that appends its name and arguments to ``log``."""
    return write_exe(
        path,
        f'#!/usr/bin/env bash\necho "{path.name} $*" >>"{log}"\n{body}\n',
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Lay out a tiny project holding a copy of the real scripts."""
    for name in SHELL_SCRIPTS:
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'demo'\n", encoding="utf-8")
    (tmp_path / "requirements.lock").write_text("demo-dep==1.0\n", encoding="utf-8")
    (tmp_path / "package-lock.json").write_text('{"lockfileVersion": 3}\n', encoding="utf-8")
    return tmp_path


class FakeSystem:
    """Stub commands on PATH standing in for dpkg-query, apt-get, sudo, id, npm and python."""

    def __init__(self, root: Path) -> None:
        self.bin = root / "fakebin"
        self.tools = root / "toolbin"
        self.tools.mkdir()
        for tool in BASE_TOOLS:
            found = shutil.which(tool)
            assert found, f"{tool} is missing"
            (self.tools / tool).symlink_to(found)
        self.log = root / "calls.log"
        self.log.touch()
        self.missing: set[str] = set()
        self.uid = 0
        self.sudo_works = False
        self.pip_fails = False
        # dpkg-query prints ii for every package not named in $FAKE_MISSING.
        write_exe(
            self.bin / "dpkg-query",
            '#!/usr/bin/env bash\npkg="${!#}"\n'
            'case " $FAKE_MISSING " in *" $pkg "*) exit 1 ;; esac\nprintf "ii "\n',
        )
        write_exe(self.bin / "id", '#!/usr/bin/env bash\necho "$FAKE_UID"\n')
        logging_stub(
            self.bin / "apt-get", self.log, 'echo "  frontend=$DEBIAN_FRONTEND" >>"$0.env"'
        )
        logging_stub(
            self.bin / "sudo",
            self.log,
            '[[ $1 == -n ]] && { [[ $FAKE_SUDO == 1 ]]; exit; }\nexec "$@"',
        )
        logging_stub(self.bin / "npm", self.log, "mkdir -p node_modules")
        for tool in (
            "git",
            "fc-match",
            "pdftoppm",
            "pdfinfo",
            "unzip",
            "shellcheck",
            "node",
            "java",
        ):
            write_exe(self.bin / tool, "#!/usr/bin/env bash\n")
        # A python that makes venvs whose python logs pip calls instead of running them.
        venv_python = (
            f'#!/usr/bin/env bash\n[[ $1 == -c ]] && exit 0\necho "venv-python $*" >>"{self.log}"\n'
            "[[ $FAKE_PIP_FAILS == 1 && $* == *install* ]] && exit 1\nexit 0\n"
        )
        write_exe(
            self.bin / "fake-python3",
            f'#!/usr/bin/env bash\necho "python3 $*" >>"{self.log}"\n'
            "if [[ $1 == -m && $2 == venv ]]; then\n"
            f'  mkdir -p "$3/bin"\n  cat >"$3/bin/python" <<\'STUB\'\n{venv_python}STUB\n'
            '  chmod +x "$3/bin/python"\nfi\nexit 0\n',
        )

    def run(
        self, project: Path, *args: str, script: str = "scripts/setup"
    ) -> subprocess.CompletedProcess[str]:
        """Run a project script with the stubs first on PATH."""
        self.log.write_text("", encoding="utf-8")
        env = {
            "PATH": f"{self.bin}:{self.tools}",
            "HOME": str(project),
            "PYTHON": str(self.bin / "fake-python3"),
            "FAKE_MISSING": " ".join(sorted(self.missing)),
            "FAKE_UID": str(self.uid),
            "FAKE_SUDO": "1" if self.sudo_works else "0",
            "FAKE_PIP_FAILS": "1" if self.pip_fails else "0",
        }
        return subprocess.run(
            [str(project / script), *args],
            cwd=project,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
        )

    def calls(self) -> list[str]:
        """Return the logged stub calls."""
        return self.log.read_text(encoding="utf-8").splitlines()


@pytest.fixture
def fake(tmp_path: Path) -> FakeSystem:
    """Provide stubbed system commands."""
    return FakeSystem(tmp_path)


# --- system packages -----------------------------------------------------------------------


def test_setup_installs_nothing_when_nothing_is_missing(project: Path, fake: FakeSystem) -> None:
    done = fake.run(project, "--system-only")
    assert done.returncode == 0, done.stderr
    assert [c for c in fake.calls() if c.startswith(("apt-get", "sudo"))] == []


def test_setup_as_root_installs_only_what_is_missing(project: Path, fake: FakeSystem) -> None:
    fake.missing = {"fonts-noto-cjk", "libpango-1.0-0"}
    done = fake.run(project, "--system-only")
    assert done.returncode == 0, done.stderr
    assert [c for c in fake.calls() if c.startswith(("apt-get", "sudo"))] == [
        "apt-get update -q",
        "apt-get install -y -q --no-install-recommends fonts-noto-cjk libpango-1.0-0",
    ]
    env_log = (fake.bin / "apt-get.env").read_text(encoding="utf-8")
    assert env_log.count("frontend=noninteractive") == 2


def test_setup_without_root_or_sudo_prints_the_apt_command_and_stops(
    project: Path, fake: FakeSystem
) -> None:
    fake.missing = {"libharfbuzz-subset0"}
    fake.uid = 1000
    done = fake.run(project)
    assert done.returncode == 1
    assert (
        "sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q "
        "--no-install-recommends libharfbuzz-subset0"
    ) in done.stderr
    assert not any(c.startswith("apt-get") for c in fake.calls())
    assert not (project / ".venv").exists()


def test_setup_uses_passwordless_sudo_when_not_root(project: Path, fake: FakeSystem) -> None:
    fake.missing = {"fonts-noto-cjk"}
    fake.uid = 1000
    fake.sudo_works = True
    done = fake.run(project, "--system-only")
    assert done.returncode == 0, done.stderr
    assert "sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q" in fake.calls()
    assert "apt-get install -y -q --no-install-recommends fonts-noto-cjk" in fake.calls()


def test_setup_for_tests_also_wants_the_test_packages(project: Path, fake: FakeSystem) -> None:
    fake.missing = {"poppler-utils", "fonts-noto-cjk"}
    (fake.bin / "pdftoppm").unlink()  # poppler-utils is judged by its commands
    done = fake.run(project, "--test", "--system-only")
    assert done.returncode == 0, done.stderr
    wanted = "fonts-noto-cjk poppler-utils"
    if not os.access("/usr/bin/chromium", os.X_OK):  # judged by the file tests launch
        wanted += " chromium"
    installs = [c for c in fake.calls() if c.startswith("apt-get install")]
    assert installs == [f"apt-get install -y -q --no-install-recommends {wanted}"]


def test_setup_rejects_unknown_options(project: Path, fake: FakeSystem) -> None:
    done = fake.run(project, "--fast")
    assert done.returncode == 1
    assert "unknown option: --fast" in done.stderr


# --- the virtual environment ---------------------------------------------------------------


def pip_calls(fake: FakeSystem) -> list[str]:
    """Return the logged pip invocations."""
    return [c for c in fake.calls() if " -m pip " in f" {c} "]


def test_setup_creates_the_venv_and_installs_pinned(project: Path, fake: FakeSystem) -> None:
    done = fake.run(project)
    assert done.returncode == 0, done.stderr
    assert any(c.startswith("python3 -m venv") for c in fake.calls())
    installs = [c for c in pip_calls(fake) if " install " in c]
    assert installs[-1].endswith(f"install -c {project}/requirements.lock -e .[test]")
    assert (project / ".venv" / ".kitpress-setup").is_file()


def test_setup_skips_pip_until_the_lock_or_pyproject_changes(
    project: Path, fake: FakeSystem
) -> None:
    assert fake.run(project).returncode == 0
    assert fake.run(project).returncode == 0
    assert pip_calls(fake) == []
    with (project / "requirements.lock").open("a", encoding="utf-8") as lock:
        lock.write("other-dep==2.0\n")
    assert fake.run(project).returncode == 0
    assert any(" install " in c for c in pip_calls(fake))
    assert fake.run(project).returncode == 0
    assert pip_calls(fake) == []
    (project / "pyproject.toml").write_text("[project]\nname = 'demo2'\n", encoding="utf-8")
    assert fake.run(project).returncode == 0
    assert any(" install " in c for c in pip_calls(fake))


def test_setup_retries_after_a_failed_install(project: Path, fake: FakeSystem) -> None:
    fake.pip_fails = True
    assert fake.run(project).returncode != 0
    assert not (project / ".venv" / ".kitpress-setup").exists()
    fake.pip_fails = False
    assert fake.run(project).returncode == 0
    assert any(" install " in c for c in pip_calls(fake))


def test_setup_replaces_a_broken_venv(project: Path, fake: FakeSystem) -> None:
    write_exe(project / ".venv" / "bin" / "python", "#!/bin/sh\nexit 1\n")
    assert fake.run(project).returncode == 0
    assert any(c.startswith("python3 -m venv") for c in fake.calls())


def test_setup_for_tests_runs_npm_ci_only_when_the_lock_changes(
    project: Path, fake: FakeSystem
) -> None:
    assert fake.run(project, "--test").returncode == 0
    assert "npm ci --ignore-scripts --no-audit --no-fund --loglevel=error" in fake.calls()
    assert fake.run(project, "--test").returncode == 0
    assert not any(c.startswith("npm") for c in fake.calls())
    (project / "package-lock.json").write_text('{"lockfileVersion": 3, "x": 1}\n')
    assert fake.run(project, "--test").returncode == 0
    assert any(c.startswith("npm ci") for c in fake.calls())


# --- build and test entry points -----------------------------------------------------------


def test_build_sets_up_then_passes_arguments_to_kitpress(project: Path, fake: FakeSystem) -> None:
    logging_stub(project / "scripts" / "setup", fake.log)
    logging_stub(project / ".venv" / "bin" / "kitpress", fake.log)
    done = fake.run(project, "--site-url", "https://x.github.io/y/", script="scripts/build")
    assert done.returncode == 0, done.stderr
    assert fake.calls() == ["setup ", "kitpress build --site-url https://x.github.io/y/"]


def test_test_runs_linters_then_pytest_and_stops_at_a_failure(
    project: Path, fake: FakeSystem
) -> None:
    logging_stub(project / "scripts" / "setup", fake.log)
    for tool in ("ruff", "mypy", "kitpress", "pytest"):
        logging_stub(project / ".venv" / "bin" / tool, fake.log)
    done = fake.run(project, "-x", "tests/test_scripts.py", script="scripts/test")
    assert done.returncode == 0, done.stderr
    assert fake.calls() == [
        "setup --test",
        "ruff check .",
        "ruff format --check .",
        "mypy kitpress",
        "kitpress check --strict --no-posters",
        "pytest -x tests/test_scripts.py",
    ]
    logging_stub(project / ".venv" / "bin" / "mypy", fake.log, "exit 1")
    done = fake.run(project, script="scripts/test")
    assert done.returncode == 1
    assert not any(c.startswith("pytest") for c in fake.calls())


def test_ci_run_runs_the_test_script(project: Path, fake: FakeSystem) -> None:
    logging_stub(project / "scripts" / "test", fake.log, "exit 3")
    done = fake.run(project, script=".ci/run")
    assert done.returncode == 3
    assert fake.calls() == ["test "]


@pytest.mark.parametrize("name", [*SHELL_SCRIPTS, "scripts/site-url"])
def test_scripts_are_executable(name: str) -> None:
    assert os.access(ROOT / name, os.X_OK)


def test_every_script_is_linted_by_its_language() -> None:
    """A script in scripts/ is shellchecked or, when Python, in ruff's extend-include."""
    ruff = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["ruff"]
    python, shell = set(), set()
    for path in (ROOT / "scripts").iterdir():
        first = path.read_text(encoding="utf-8").partition("\n")[0]
        (python if "python" in first else shell).add(f"scripts/{path.name}")
    assert python == set(ruff["extend-include"])
    assert shell <= set(SHELL_SCRIPTS)


def test_shell_scripts_pass_shellcheck() -> None:
    shellcheck = shutil.which("shellcheck")
    assert shellcheck, "shellcheck is missing: run ./scripts/setup --test"
    done = subprocess.run(
        [shellcheck, "--shell=bash", *SHELL_SCRIPTS], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


# --- requirements.lock ---------------------------------------------------------------------


def read_lock() -> dict[str, str]:
    """Return requirements.lock as canonical name -> pinned version."""
    pins: dict[str, str] = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"not an exact pin: {line}"
            pins[canonicalize_name(name)] = version.strip()
    return pins


def declared_requirements() -> list[Requirement]:
    """Return pyproject.toml's dependencies and its test extra."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = project["dependencies"] + project["optional-dependencies"]["test"]
    return [Requirement(text) for text in declared]


def test_lock_pins_every_declared_dependency_within_its_range() -> None:
    pins = read_lock()
    for requirement in declared_requirements():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not in requirements.lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{name}=={pins[name]} does not satisfy {requirement}"
        )


def test_lock_keeps_the_pins_the_project_promises() -> None:
    pins = read_lock()
    assert pins["mkdocs"].startswith("1.") and pins["mkdocs"] >= "1.6"
    assert pins["mkdocs-material"].startswith("9.8.")
    assert int(pins["weasyprint"].split(".")[0]) >= 70
    assert "jieba" in pins
    assert "kitpress" not in pins


def test_installed_packages_match_the_lock() -> None:
    mismatched = {}
    for name, version in read_lock().items():
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            installed = "missing"
        if installed != version:
            mismatched[name] = (version, installed)
    assert mismatched == {}, "pinned vs installed; run ./scripts/setup"


# --- site-url ------------------------------------------------------------------------------


def load_site_url() -> ModuleType:
    """Import scripts/site-url, a Python file without a .py suffix."""
    path = str(ROOT / "scripts" / "site-url")
    loader = importlib.machinery.SourceFileLoader("site_url", path)
    spec = importlib.util.spec_from_loader("site_url", loader)
    assert spec
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


site_url = load_site_url()
UPSTREAM = {
    "site_url": "https://can-network.github.io/kitpress/",
    "repo_url": "https://github.com/can-network/kitpress",
}


@pytest.mark.parametrize(
    ("repository", "config", "expected"),
    [
        ("can-network/kitpress", UPSTREAM, UPSTREAM["site_url"]),
        ("CAN-Network/KitPress", UPSTREAM, UPSTREAM["site_url"]),
        ("", UPSTREAM, UPSTREAM["site_url"]),
        ("alice/kitpress", UPSTREAM, "https://alice.github.io/kitpress/"),
        ("Alice/Mutual-Aid", UPSTREAM, "https://alice.github.io/Mutual-Aid/"),
        ("alice/alice.github.io", UPSTREAM, "https://alice.github.io/"),
        ("Alice/alice.GitHub.io", UPSTREAM, "https://alice.github.io/"),
        (
            "alice/kitpress",
            {"repo_url": "https://github.com/alice/kitpress"},
            "https://alice.github.io/kitpress/",
        ),
        (
            "alice/kitpress",
            {
                "site_url": "https://help.example.org/",
                "repo_url": "https://github.com/alice/kitpress.git",
            },
            "https://help.example.org/",
        ),
        (
            "alice/kitpress",
            {
                "site_url": "https://help.example.org/",
                "repo_url": "https://github.com/alice/kitpress/",
            },
            "https://help.example.org/",
        ),
        (
            "alice/kitpress",
            {"site_url": "https://help.example.org/"},
            "https://alice.github.io/kitpress/",
        ),
    ],
)
def test_site_url_rule(repository: str, config: dict[str, str], expected: str) -> None:
    assert site_url.site_url_for(repository, config) == expected


def test_site_url_needs_a_site_url_or_a_repository() -> None:
    with pytest.raises(ValueError, match="no site_url"):
        site_url.site_url_for("", {"repo_url": "https://github.com/alice/kitpress"})


def run_site_url(*args: str, repository: str = "") -> subprocess.CompletedProcess[str]:
    """Run scripts/site-url as the workflows do."""
    env = {**os.environ, "GITHUB_REPOSITORY": repository}
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "site-url"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_site_url_reads_mkdocs_yml_with_python_tags(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_url: https://can-network.github.io/kitpress/\n"
        "repo_url: https://github.com/can-network/kitpress\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "extra:\n  analytics: !ENV [NOTHING, none]\n",
        encoding="utf-8",
    )
    done = run_site_url("--config", str(config), repository="bob/kitpress")
    assert (done.returncode, done.stdout) == (0, "https://bob.github.io/kitpress/\n"), done.stderr
    done = run_site_url("--config", str(config), repository="can-network/kitpress")
    assert done.stdout == "https://can-network.github.io/kitpress/\n"


def test_site_url_keeps_the_projects_own_url_upstream() -> None:
    config = site_url.read_config(ROOT / "mkdocs.yml")
    home = site_url.home_repository(config["repo_url"])
    assert home, "mkdocs.yml's repo_url should name the upstream GitHub repository"
    done = run_site_url(repository=home)
    assert done.stdout.strip() == config["site_url"]


@pytest.mark.parametrize("repository", ["alice", "alice/kit press", "a/b;rm -rf ~", "/kitpress"])
def test_site_url_rejects_malformed_repositories(repository: str) -> None:
    done = run_site_url(repository=repository)
    assert done.returncode == 2
    assert done.stdout == ""


def test_bench_runs_and_prints_its_table():
    """Speed is measured by scripts/bench, not timed tests; it must keep running as code moves."""
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "bench"),
            "--packs",
            "1",
            "--sample",
            "2",
            "--scan",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    ).stdout
    assert "median CPU time per poster" in out and "rendered 0, reused 6" in out  # and a sheet
    assert "scan: 9 codes in 6 PDFs" in out  # 5 posters, 4 cards on the sheet
    assert "wechat  photo      9/9" in out


def test_lighthouse_and_page_weight_ask_for_a_build_first(tmp_path: Path) -> None:
    """Both score build/site: on a project not built they say so, before any browser starts."""
    for name in ("lighthouse", "page-weight"):
        done = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / name), "--root", str(tmp_path)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 1
        assert "is not built; run .venv/bin/kitpress build first" in done.stderr


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="no Debian chromium")
def test_page_weight_weighs_the_landing_pages_and_a_search(tmp_path: Path) -> None:
    """scripts/page-weight gives the big projects' figures: it must keep running."""
    root = tmp_path / "site"
    shutil.copytree(ROOT / "tests" / "fixtures" / "site", root)
    run = [sys.executable, "-m", "kitpress", "build", "--root", str(root)]
    subprocess.run(run, capture_output=True, timeout=300, check=True)
    weigh = [sys.executable, str(ROOT / "scripts" / "page-weight"), "--root", str(root)]
    out = subprocess.run(
        [*weigh, "--query", "门卫"],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    ).stdout
    lines = out.splitlines()
    assert [line.split()[0] for line in lines[:5]] == [
        "/",
        "/packs/",
        "/gate-parcels/",
        "/gate-parcels/talk-to-guard/",
        "/search/",
    ]
    assert "first search '门卫'" in out and "个符合条件的结果" in out
