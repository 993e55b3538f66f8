"""serve's watch: every edit to the sources is seen, an editor's scratch files are not."""

import os
import threading
from pathlib import Path

from kitpress.cli import watch
from kitpress.cli.watch import snapshot, wait_for_change


def project(tmp_path):
    """Make the watched parts of a project, with one card."""
    (tmp_path / "packs" / "a" / "cards").mkdir(parents=True)
    (tmp_path / "content").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    card = tmp_path / "packs" / "a" / "cards" / "01.md"
    card.write_text("一\n", encoding="utf-8")
    return card


def test_an_edit_of_the_same_size_a_new_file_and_a_removal_are_seen(tmp_path):
    card = project(tmp_path)
    before = snapshot(tmp_path)
    assert set(before) == {str(card), str(tmp_path / "mkdocs.yml")}
    card.write_text("二\n", encoding="utf-8")  # same length: only the time tells
    os.utime(card, ns=(before[str(card)][0] + 1_000_000, before[str(card)][0] + 1_000_000))
    edited = snapshot(tmp_path)
    assert edited != before
    (tmp_path / "content" / "index.md").write_text("# 首页\n", encoding="utf-8")
    added = snapshot(tmp_path)
    assert str(tmp_path / "content" / "index.md") in added
    (tmp_path / "mkdocs.yml").unlink()
    assert str(tmp_path / "mkdocs.yml") not in snapshot(tmp_path)


def test_an_editors_scratch_files_change_nothing(tmp_path):
    card = project(tmp_path)
    before = snapshot(tmp_path)
    for name in (".01.md.swp", "01.md~", "4913", ".#01.md"):
        (card.parent / name).write_text("x", encoding="utf-8")
    assert snapshot(tmp_path) == before


def test_a_linked_pack_is_watched_and_a_link_up_the_tree_is_not_followed_forever(tmp_path):
    card = project(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "cards").mkdir(parents=True)
    (elsewhere / "cards" / "01.md").write_text("一\n", encoding="utf-8")
    (tmp_path / "packs" / "b").symlink_to(elsewhere)
    (tmp_path / "packs" / "a" / "loop").symlink_to(tmp_path / "packs")
    linked = tmp_path / "packs" / "b" / "cards" / "01.md"
    assert set(snapshot(tmp_path)) == {str(card), str(linked), str(tmp_path / "mkdocs.yml")}


def test_waiting_returns_the_settled_files_or_nothing_once_stopped(tmp_path):
    card = project(tmp_path)
    seen = snapshot(tmp_path)
    card.write_text("改过了，长度也变了\n", encoding="utf-8")
    assert wait_for_change(tmp_path, seen, threading.Event()) == snapshot(tmp_path)
    stopped = threading.Event()
    stopped.set()
    assert wait_for_change(tmp_path, snapshot(tmp_path), stopped) is None


class _Saves:
    """A project being saved in a burst: each scan sees the next state, then the last one."""

    def __init__(self, states):
        self.states, self.scans = list(states), 0

    def __call__(self, root):
        self.scans += 1
        return self.states[min(self.scans, len(self.states)) - 1]


class _NoWait(threading.Event):
    """A stop that never comes and never waits: the burst runs at the test's own pace."""

    def wait(self, timeout=None):
        return False


def test_a_burst_of_saves_is_built_once_with_its_last_state(monkeypatch):
    a, b, c, d = ({"f": (n, 1)} for n in range(4))
    saves = _Saves([b, c, d, d])  # an editor's temporary file, a rename, a backup, then still
    monkeypatch.setattr(watch, "snapshot", saves)
    assert watch.wait_for_change(Path("."), a, _NoWait()) == d
    assert saves.scans == 4  # the change, two more while it went on, one to see it stopped
