"""The press's process pool: workers import the kitpress that is installed."""

import os
import shutil
import subprocess
import sys
from pathlib import Path


def test_workers_import_the_installed_kitpress_whatever_the_current_folder_holds(make_project):
    root = make_project("site")
    here = root.parent / "clones"
    (here / "kitpress").mkdir(parents=True)  # a clone's default folder name, as a namespace
    (here / "kitpress" / "README.md").write_text("not the package", encoding="utf-8")
    kitpress = Path(sys.executable).with_name("kitpress")
    assert shutil.which(str(kitpress))
    done = subprocess.run(
        [str(kitpress), "build", "--jobs", "2", "--root", str(root)],
        cwd=here,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONSAFEPATH": ""},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert list((root / "build" / "site" / "downloads").rglob("*.pdf"))
