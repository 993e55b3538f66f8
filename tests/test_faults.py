"""Faults: a build killed at any point, two builds at once, a full or read-only disk.

Kills are deterministic: a driver runs the real command line in a subprocess and sends
itself SIGKILL at the Nth call of a function that writes or moves files (no timing).
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kitpress.cli import main
from kitpress.problems import UsageError
from kitpress.publish import site as site_module
from kitpress.publish.lock import build_lock

CARD = "packs/gate-parcels/cards/01-talk-to-guard.md"
DRIVER = """
import atexit, importlib, json, os, signal, sys

NAMES = ("os.replace", "os.rename", "shutil.rmtree", "mkdocs.utils.write_file")


def patch(name, nth, counts):
    module_name, attr = name.rsplit(".", 1)
    module = importlib.import_module(module_name)
    original = getattr(module, attr)

    def wrapper(*args, **kwargs):
        counts[name] = counts.get(name, 0) + 1
        if counts[name] == nth:
            os.kill(os.getpid(), signal.SIGKILL)  # no cleanup, no finally: as a power cut
        return original(*args, **kwargs)

    setattr(module, attr, wrapper)


target, nth, flags, *argv = sys.argv[1:]
counts = {}
for name in NAMES:
    patch(name, int(nth) if name == target else 0, counts)
if "no-exchange" in flags:  # the fallback of systems without an atomic exchange
    import kitpress.publish.site as site
    site._exchange = lambda a, b: False
if "hold" in flags:  # keep the lock until told: a build that is still running
    import pathlib, time
    import kitpress.build as build
    inner = build._build
    def held(root, options):
        pathlib.Path(os.environ["HOLDING"]).write_text("x")
        while not pathlib.Path(os.environ["RELEASE"]).exists():
            time.sleep(0.05)
        return inner(root, options)
    build._build = held
atexit.register(lambda: print(json.dumps(counts)))
from kitpress.cli import main
sys.exit(main(argv))
"""


def tree(folder: Path) -> dict[str, str]:
    """Hash every file below ``folder`` by its relative path (empty if there is none)."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def drive(
    root: Path,
    target: str = "none",
    nth: int = 0,
    flags: str = "-",
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Build ``root`` in a subprocess that kills itself at call ``nth`` of ``target``."""
    driver = root.parent / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    args = [sys.executable, str(driver), target, str(nth), flags, "build", "--jobs", "1"]
    return subprocess.run(
        [*args, "--root", str(root), "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


def version(root: Path, which: str) -> None:
    """Switch the fixture between two contents that make different sites."""
    card = root / CARD
    text = card.read_text(encoding="utf-8").replace("约好每天收拾的时间 B", "约好每天收拾的时间")
    card.write_text(text.replace("约好每天收拾的时间", f"约好每天收拾的时间{which}"), "utf-8")


@pytest.fixture(scope="module")
def sites(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, dict[str, dict[str, str]], dict[str, int]]:
    """Build version B, then A counting the calls a build makes; return both sites' hashes."""
    from conftest import copy_project

    os.environ.setdefault("SOURCE_DATE_EPOCH", "1583020800")
    root = copy_project("site", tmp_path_factory.mktemp("faults"))
    hashes = {}
    version(root, " B")
    assert drive(root).returncode == 0
    hashes[" B"] = tree(root / "build" / "site")
    version(root, "")
    counted = drive(root)
    assert counted.returncode == 0, counted.stderr
    hashes[""] = tree(root / "build" / "site")
    assert hashes[""] != hashes[" B"]
    return root, hashes, json.loads(counted.stdout.splitlines()[-1])


# Where a kill lands: a cache write (first, last), a folder removed (first: build/docs
# emptied; last: the previous site, just swapped out), and MkDocs writing a page.
POINTS = [
    ("os.replace", "first"),
    ("os.replace", "last"),
    ("shutil.rmtree", "first"),
    ("shutil.rmtree", "middle"),
    ("shutil.rmtree", "last"),
    ("mkdocs.utils.write_file", "first"),
    ("mkdocs.utils.write_file", "middle"),
    ("mkdocs.utils.write_file", "last"),
]
AFTER_THE_SWAP = {("shutil.rmtree", "last")}


@pytest.mark.parametrize(("target", "at"), POINTS)
def test_a_killed_build_leaves_a_whole_site_and_the_next_build_works(
    sites: tuple[Path, dict[str, dict[str, str]], dict[str, int]], target: str, at: object
) -> None:
    root, hashes, counts = sites
    calls = counts[target]
    nth = {"first": 1, "middle": calls // 2, "last": calls}.get(at, at)
    assert isinstance(nth, int) and 1 <= nth <= calls
    kill_and_check(root, hashes, target, nth, (target, at) in AFTER_THE_SWAP)


def test_no_rename_leaves_a_moment_without_a_site(
    sites: tuple[Path, dict[str, dict[str, str]], dict[str, int]],
) -> None:
    if site_module._renameat2() is None:
        pytest.skip("no atomic exchange here: the fallback test below covers the renames")
    # Two renames leave a moment with no build/site (the fallback); one exchange leaves none.
    assert sites[2].get("os.rename", 0) == 0


def kill_and_check(
    root: Path, hashes: dict[str, dict[str, str]], target: str, nth: int, after_swap: bool
) -> None:
    """Build the other version, killed at call ``nth`` of ``target``; check, build again."""
    before = tree(root / "build" / "site")
    wanted = " B" if before == hashes[""] else ""
    version(root, wanted)
    killed = drive(root, target, nth)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    after = tree(root / "build" / "site")
    # Before the swap the previous site, after it the new one: never a mix, never none.
    assert after in (before, hashes[wanted])
    if not after_swap:
        assert after == before
    again = drive(root)
    assert again.returncode == 0, again.stderr
    assert tree(root / "build" / "site") == hashes[wanted]


def test_a_kill_between_the_two_renames_of_the_fallback_is_undone(
    sites: tuple[Path, dict[str, dict[str, str]], dict[str, int]],
) -> None:
    root, hashes, _ = sites
    before = tree(root / "build" / "site")
    wanted = " B" if before == hashes[""] else ""
    version(root, wanted)
    # renames 1-2 swap the offline copy, 3-4 the site: killed before the 4th, site is aside
    killed = drive(root, "os.rename", 4, "no-exchange")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert not (root / "build" / "site").exists()
    assert tree(root / "build" / "site.old") == before
    with build_lock(root / "build"):  # what every build does first
        assert tree(root / "build" / "site") == before
    assert drive(root).returncode == 0
    assert tree(root / "build" / "site") == hashes[wanted]


def test_the_exchange_is_atomic_and_replaces_both(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "old.txt").write_text("old")
    (tmp_path / "site.new").mkdir()
    (tmp_path / "site.new" / "new.txt").write_text("new")
    site_module._swap(tmp_path / "site.new", tmp_path / "site")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert tree(tmp_path / "site") == tree_of({"new.txt": "new"})
    if sys.platform.startswith("linux"):  # so the kills above went through the exchange
        assert site_module._renameat2() is not None


def tree_of(files: dict[str, str]) -> dict[str, str]:
    return {name: hashlib.sha256(text.encode()).hexdigest() for name, text in files.items()}


def test_a_second_build_refuses_while_one_runs(
    sites: tuple[Path, dict[str, dict[str, str]], dict[str, int]],
) -> None:
    root, _, _ = sites
    holding, release = root.parent / "holding", root.parent / "release"
    env = {"HOLDING": str(holding), "RELEASE": str(release)}
    driver = root.parent / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    first = subprocess.Popen(
        [
            sys.executable,
            str(driver),
            "none",
            "0",
            "hold",
            "build",
            "--jobs",
            "1",
            "--root",
            str(root),
        ],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        while not holding.exists():
            assert first.poll() is None, first.communicate()
            threading.Event().wait(0.05)
        before = tree(root / "build")
        second = subprocess.run(
            [sys.executable, "-m", "kitpress", "build", "--root", str(root), "--lang", "en"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert second.returncode == 2
        lines = second.stderr.strip().splitlines()
        assert len(lines) == 1 and "K236" in lines[0] and f"process {first.pid}" in lines[0]
        assert tree(root / "build") == before  # the second wrote nothing
    finally:
        release.write_text("x")
        _out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err


def test_the_lock_refuses_or_waits_in_one_process_too(tmp_path: Path) -> None:
    out = tmp_path / "build"
    acquired = threading.Event()
    with build_lock(out):
        with pytest.raises(UsageError) as refused, build_lock(out):
            pass
        assert refused.value.code == "K236"
        assert f"{os.getpid()}" in refused.value.message("en")

        def waiter() -> None:
            with build_lock(out, wait=True):
                acquired.set()

        thread = threading.Thread(target=waiter)
        thread.start()
        assert not acquired.is_set()  # cannot have it: this block holds the lock
    thread.join(timeout=60)
    assert acquired.is_set()


def _failing_open(where: str, code: int, real: object) -> object:
    """Wrap ``open`` so writing below ``where`` fails with ``code``, as the disk would."""

    def fake(file: object, mode: str = "r", *args: object, **kwargs: object) -> object:
        writing = any(c in mode for c in "wax+")
        if writing and where in os.fspath(file):  # type: ignore[arg-type]
            raise OSError(code, os.strerror(code))  # a write() names no file
        return real(file, mode, *args, **kwargs)  # type: ignore[operator]

    return fake


@pytest.mark.parametrize(
    ("where", "code", "kcode"),
    [
        ("/build/cache/", errno.ENOSPC, "K237"),
        ("/build/docs/", errno.ENOSPC, "K237"),
        ("/build/site.new/", errno.ENOSPC, "K237"),
        ("/build/", errno.EROFS, "K238"),
        ("/build/", errno.EACCES, "K239"),
    ],
)
def test_a_full_or_read_only_disk_is_one_line_and_exit_2(
    make_project, monkeypatch, capsys, where: str, code: int, kcode: str
) -> None:
    root = make_project("site")
    assert main(["build", "--root", str(root), "--jobs", "1"]) == 0
    before = tree(root / "build" / "site")
    version(root, " B")  # new posters, zips and pages to write
    capsys.readouterr()
    for name in ("builtins.open", "io.open"):
        monkeypatch.setattr(name, _failing_open(where, code, open))
    assert main(["build", "--root", str(root), "--jobs", "1", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line and not line.startswith("Printing")]
    assert len(lines) == 1, err
    assert lines[0].startswith("kitpress: ") and f"({kcode})" in lines[0]
    assert "Traceback" not in err
    assert tree(root / "build" / "site") == before  # the old site still stands
    monkeypatch.undo()
    assert main(["build", "--root", str(root), "--jobs", "1"]) == 0


def test_build_where_a_file_is_is_one_line_and_exit_2(make_project) -> None:
    root = make_project("site")
    (root / "build").write_text("not a folder")
    done = subprocess.run(
        [sys.executable, "-m", "kitpress", "build", "--root", str(root), "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("kitpress: cannot read or write")


@pytest.mark.skipif(
    os.geteuid() == 0,
    reason="root writes through chmod: the simulated and namespace cases stand in",
)
def test_a_read_only_build_folder_is_one_line_and_exit_2(make_project) -> None:
    root = make_project("site")
    (root / "build").mkdir()
    (root / "build").chmod(0o555)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "kitpress", "build", "--root", str(root), "--lang", "en"],
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        (root / "build").chmod(0o755)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "(K239)" in done.stderr


def test_a_damaged_cache_is_made_anew(make_project) -> None:
    from kitpress.build import BuildOptions, build

    root = make_project("site")
    build(root, BuildOptions(jobs=1))
    site = tree(root / "build" / "site")
    cache = root / "build" / "cache"
    pdfs, zips = sorted((cache / "pdf").glob("*.pdf")), sorted((cache / "bundles").rglob("*.zip"))
    assert pdfs and zips
    for path in (pdfs[0], zips[0]):
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])  # torn by a power cut
    result = build(root, BuildOptions(jobs=1))
    assert result.press.rendered == 1
    assert tree(root / "build" / "site") == site


def test_serve_waits_for_a_running_build(make_project, monkeypatch) -> None:
    from kitpress.cli.serve import serve_site
    from kitpress.publish import lock

    root = make_project("site")
    asked, errors = threading.Event(), []
    flags: list[int] = []

    def flock(fd: int, operation: int) -> None:
        flags.append(operation)
        asked.set()
        real_flock(fd, operation)

    def serve() -> None:
        try:
            serve_site(root, "127.0.0.1", 0, "en", stop)
        except Exception as exc:
            errors.append(exc)

    real_flock, stop = lock.fcntl.flock, threading.Event()
    stop.set()  # one build, then stop
    with build_lock(root / "build"):
        monkeypatch.setattr(lock.fcntl, "flock", flock)
        thread = threading.Thread(target=serve)
        thread.start()
        assert asked.wait(60)
        assert not (root / "build" / "site").exists()  # still held here: nothing built yet
    thread.join(300)
    assert errors == [] and flags == [lock.fcntl.LOCK_EX]
    assert (root / "build" / "site" / "index.html").is_file()


def _in_a_mount_namespace() -> bool:
    """Tell whether this machine lets an unprivileged user mount a tmpfs of its own."""
    try:
        done = subprocess.run(["unshare", "-rm", "true"], capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


@pytest.mark.skipif(not _in_a_mount_namespace(), reason="no user and mount namespaces here")
@pytest.mark.parametrize(("options", "kcode"), [("size=1m", "K237"), ("size=64m,ro", "K238")])
def test_a_real_full_or_read_only_disk(make_project, options: str, kcode: str) -> None:
    root = make_project("site")
    (root / "build").mkdir()
    # build/ becomes a tiny (or read-only) disk of its own, in a namespace that ends with it.
    script = f'mount -t tmpfs -o {options} tmpfs build && exec "$0" -m kitpress build --lang en'
    done = subprocess.run(
        ["unshare", "-rm", "sh", "-c", script, sys.executable],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 2, done.stderr
    lines = [line for line in done.stderr.splitlines() if not line.startswith("Printing")]
    assert len(lines) == 1 and f"({kcode})" in lines[0], done.stderr
    assert "/build/" in lines[0]  # the file being written, not the one being copied
