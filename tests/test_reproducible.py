"""The same commit builds byte-identical PDFs and zips whatever the machine's clock and place.

Three copies of one fixture, each the same git commit, in folders of different paths, with
different file times and modes, built by the console script under different TZ and LANG.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import FIXTURES

from kitpress.outputs import SITE_FOLDER

KITPRESS = Path(sys.executable).with_name("kitpress")  # the console script of this venv
COMMIT_DATE = "2021-06-15T12:00:00+00:00"
# (folder, TZ, LANG, --jobs, file time, file mode): every way the three builds differ.
MACHINES = [
    ("a", "UTC", "C.UTF-8", "1", 1_000_000_000, 0o644),
    ("某个 很长的/文件夹 path", "Asia/Shanghai", "zh_CN.UTF-8", "2", 1_900_000_000, 0o600),
    ("c/d/e", "America/Los_Angeles", "en_US.UTF-8", "0", 1_600_000_000, 0o664),
]


def _commit(root: Path) -> str:
    """Make ``root`` a git repository of one commit, the same commit in every copy."""
    env = {**os.environ, "GIT_AUTHOR_DATE": COMMIT_DATE, "GIT_COMMITTER_DATE": COMMIT_DATE}
    user = ["-c", "user.name=Kit Press", "-c", "user.email=kit@example.org"]
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "pack"]):
        subprocess.run(["git", *user, *args], cwd=root, env=env, check=True)
    out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True)
    return out.stdout.strip()


def _touch(root: Path, when: int, mode: int) -> None:
    """Give every source file the same time and mode (git keeps neither)."""
    for path in root.rglob("*"):
        if path.is_file() and ".git" not in path.parts:
            path.chmod(mode)
            os.utime(path, (when, when))


def _build(root: Path, tz: str, lang: str, jobs: str) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SOURCE_DATE_EPOCH", "LC_ALL", "LC_MESSAGES", "LANGUAGE", "KITPRESS_LANG")
    }
    env.update(TZ=tz, LANG=lang)  # no SOURCE_DATE_EPOCH: the date comes from the commit
    out = subprocess.run(
        [str(KITPRESS), "build", "--jobs", jobs, "--root", str(root)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr


def _hashes(build: Path) -> dict[str, str]:
    """Hash every PDF, zip and checksum list the build published (its cache left out)."""
    found = {}
    for path in sorted(build.rglob("*")):
        rel = path.relative_to(build).as_posix()
        published = rel.startswith(("site/", "docs/"))
        if published and (path.suffix in (".pdf", ".zip") or path.name == "SHA256SUMS"):
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def test_pdfs_and_zips_are_the_same_bytes_under_any_tz_lang_path_and_file_times(tmp_path):
    builds, commits = [], set()
    for folder, tz, lang, jobs, when, mode in MACHINES:
        root = tmp_path / folder / "bundles-project"
        root.parent.mkdir(parents=True)
        shutil.copytree(FIXTURES / "bundles-project", root)
        commits.add(_commit(root))
        _touch(root, when, mode)
        _build(root, tz, lang, jobs)
        builds.append(_hashes(root / "build"))
    assert len(commits) == 1  # the same commit, so the same date in every build
    first = builds[0]
    names = sorted(first)
    assert any(n.endswith(".pdf") for n in names) and any(n.endswith(".zip") for n in names)
    # The everything zip holds the offline copy: it is a download like any other.
    everything = f"site/downloads/{SITE_FOLDER}.zip"
    assert everything in names, names
    # Dated by the commit in UTC, not by the clock or TZ (Asia/Shanghai would show 20:00).
    with zipfile.ZipFile(tmp_path / MACHINES[1][0] / "bundles-project" / "build" / everything) as z:
        assert {i.date_time for i in z.infolist()} == {(2021, 6, 15, 12, 0, 0)}
    for other, (folder, *_) in zip(builds[1:], MACHINES[1:], strict=True):
        differ = sorted(n for n in set(first) | set(other) if first.get(n) != other.get(n))
        assert differ == [], (folder, differ)
