"""The press's process pool: workers import the installed kitpress, tasks share the work."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from kitpress.model import Download
from kitpress.printing.fonts import FontPlan
from kitpress.printing.jobs import Job
from kitpress.printing.press import batches
from kitpress.problems import Mark


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


def job(key: str, family: str, length: int) -> Job:
    """Make a job of markup ``length`` long whose fonts are the subset ``family``."""
    return Job(
        key=key,
        html="x" * length,
        css="",
        fonts=FontPlan(family, "Noto Sans CJK SC", "", ()),
        allowed=(),
        sizes=(),
        one_page=True,
        download=Download(f"{key}.pdf", "poster", key, 0, ""),
        origin=Mark("packs/x/pack.yml"),
    )


def test_a_pool_gets_each_packs_documents_together_the_largest_first() -> None:
    jobs = [job(f"{pack}-{n}", f"kp-{pack}", 100) for pack in range(12) for n in range(5)]
    jobs.append(job("sheet", "kp-3", 1000))
    tasks = batches(jobs, 2)
    assert sorted(j.key for task in tasks for j in task) == sorted(j.key for j in jobs)
    assert all(len({j.fonts.family for j in task}) == 1 for task in tasks)
    # A task holds an eighth of the work at most: only the pack with the sheet is cut.
    assert len(tasks) == 13
    assert [j.key for j in tasks[0]] == ["sheet"]
    costs = [sum(len(j.html) for j in task) for task in tasks]
    assert costs == sorted(costs, reverse=True)


def test_a_pool_cuts_a_large_pack_so_every_worker_has_a_share() -> None:
    jobs = [job(f"poster-{n}", "kp-one", 100) for n in range(10)]
    tasks = batches(jobs, 2)
    assert len(tasks) >= 2 * 4 and max(len(task) for task in tasks) <= 2
    assert sorted(j.key for task in tasks for j in task) == sorted(j.key for j in jobs)
