"""A fork for another city: a new pack in, one of ours out, and everything stays green.

scripts/try-fork does the work; without --quick it runs the whole suite in the copy too.
Run alone with: .venv/bin/pytest -m fork
"""

import subprocess
import sys

import pytest
from conftest import REPO

pytestmark = pytest.mark.fork


def test_a_fork_with_a_new_pack_and_one_removed_checks_builds_and_tests_green(tmp_path):
    dest = tmp_path / "fork"
    done = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "try-fork"), str(dest), "--quick"],
        capture_output=True, text=True, timeout=1800, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    removed = sorted(p.parent.name for p in REPO.glob("packs/*/pack.yml"))[0]
    assert f"removed packs/{removed}, added packs/tools" in done.stderr
    assert not (dest / "packs" / removed).exists()
    site = dest / "build" / "site"
    assert (site / "tools" / "log" / "index.html").is_file()
    assert not (site / removed).exists()
    assert sorted(site.glob("downloads/tools/poster*.pdf"))
    assert " passed" in done.stdout and " failed" not in done.stdout
