"""kitpress serve: the preview answers, follows edits, and outlives a broken one."""

import json
import socket
import threading
import time
import urllib.request
from collections.abc import Callable

import pytest
from conftest import unquoted_cjk

from kitpress.cli import main, serve
from kitpress.cli.serve import serve_site

TIMEOUT = 180  # seconds for one rebuild on a loaded machine; the test waits no longer


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _first_event(url: str) -> dict:
    """Return the first state /__kitpress/events sends: the build as it stands."""
    with urllib.request.urlopen(url + "__kitpress/events", timeout=5) as stream:
        for line in stream:
            if line.startswith(b"data: "):
                return json.loads(line[len("data: ") :])
    raise AssertionError("no event")


def _wait_for(condition: Callable[[], bool], thread: threading.Thread) -> None:
    """Wait until ``condition`` holds, failing at once if the server thread died."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        assert thread.is_alive(), "kitpress serve stopped"
        try:
            if condition():
                return
        except OSError:
            pass  # not listening yet
        time.sleep(0.2)
    pytest.fail(f"not seen within {TIMEOUT} s")


def _start(
    root, lang: str, port: int | None = None
) -> tuple[str, threading.Event, threading.Thread]:
    """Run serve_site on ``root`` in a thread; return its address, its stop and the thread."""
    port = port or _free_port()
    stop = threading.Event()
    thread = threading.Thread(
        target=serve_site, args=(root, "127.0.0.1", port, lang, stop), daemon=True
    )
    thread.start()
    return f"http://127.0.0.1:{port}/", stop, thread


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_serve_rebuilds_after_an_edit_and_after_a_broken_one(make_project, capsys):
    root = make_project("site")
    url, stop, thread = _start(root, "en")
    said: list[str] = []

    def printed(text: str) -> Callable[[], bool]:
        def seen() -> bool:
            said.append(capsys.readouterr().err)
            return text in "".join(said)

        return seen

    try:
        _wait_for(lambda: "这是测试用的首页" in _get(url), thread)
        page, pack = root / "content" / "index.md", root / "packs/gate-parcels/pack.yml"
        _edit(page, "这是测试用的首页", "首页已经改过")
        _wait_for(lambda: "首页已经改过" in _get(url), thread)
        # A broken pack is reported and the last good site keeps being served...
        _edit(pack, "license: CC-BY-SA-4.0", "license: nope")
        _wait_for(printed("packs/gate-parcels/pack.yml:4:10: K109 error: "), thread)
        assert "首页已经改过" in _get(url)
        # The pages hear it too: the same lines, for the overlay, until a build succeeds.
        state = _first_event(url)
        assert state["error"].startswith("packs/gate-parcels/pack.yml:4:10: K109 error: ")
        assert state["error"].endswith("\n1 error(s), 0 warning(s)")
        # ... and the next good edit is built and served again.
        _edit(pack, "license: nope", "license: CC-BY-SA-4.0")
        _edit(page, "首页已经改过", "第三版首页")
        _wait_for(lambda: "第三版首页" in _get(url), thread)
        # The page is on disk a moment before the pages hear of it: wait for both.
        _wait_for(lambda: _first_event(url)["error"] == "", thread)
        assert _first_event(url)["generation"] > state["generation"]  # the pages reload
    finally:
        stop.set()
        thread.join(TIMEOUT)
    assert not thread.is_alive()
    lines = "".join([*said, capsys.readouterr().err]).splitlines()
    assert f"Preview at {url} (Ctrl+C to stop)" in lines
    assert sum(line.startswith("Updated (") and line.endswith(" s)") for line in lines) >= 3
    assert unquoted_cjk("\n".join(lines)) == []


def test_a_busy_port_is_a_usage_error_before_any_build(make_project, capsys):
    root = make_project("site")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        status = main(["serve", "--lang", "en", "--root", str(root), "--port", str(port)])
    assert status == 2
    err = capsys.readouterr().err
    assert err.startswith(f"kitpress: cannot serve the preview on 127.0.0.1:{port}: ")
    assert err.endswith("; pick another --port (or --host) (K693)\n")
    assert not (root / "build").exists()


def test_a_save_during_a_build_is_built_after_it(make_project, monkeypatch):
    """serve builds again when a file changed while it was building, not only after it."""
    root = make_project("site")
    page = root / "content" / "index.md"
    builds = []

    def build_then_save(root, options):
        result = real_build(root, options)
        builds.append(result)
        if len(builds) == 2:  # the writer saves again while the first edit is being built
            _edit(page, "首页已经改过", "又改了一次")
        return result

    real_build = serve.build
    monkeypatch.setattr(serve, "build", build_then_save)
    url, stop, thread = _start(root, "en")
    try:
        _wait_for(lambda: "这是测试用的首页" in _get(url), thread)
        _edit(page, "这是测试用的首页", "首页已经改过")
        _wait_for(lambda: "又改了一次" in _get(url), thread)
    finally:
        stop.set()
        thread.join(TIMEOUT)
    assert len(builds) == 3


def test_the_pages_hear_of_a_new_site_before_the_build_has_tidied_up(make_project, monkeypatch):
    """A page reloads once the new build/site is in place, not after the build's last chores."""
    root = make_project("site")
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    heard = []

    def build_then_listen(root, options):
        before = _first_event(url)["generation"] if heard else 0
        result = real_build(root, options)
        # Still inside the build, as its tidying up would be: the pages know already.
        deadline = time.monotonic() + TIMEOUT
        while _first_event(url)["generation"] == before and time.monotonic() < deadline:
            time.sleep(0.05)
        heard.append(_first_event(url)["generation"])
        return result

    real_build = serve.build
    monkeypatch.setattr(serve, "build", build_then_listen)
    url, stop, thread = _start(root, "en", port)
    try:
        _wait_for(lambda: len(heard) == 1, thread)
        _edit(root / "content" / "index.md", "这是测试用的首页", "首页已经改过")
        _wait_for(lambda: len(heard) == 2, thread)
    finally:
        stop.set()
        thread.join(TIMEOUT)
    assert heard == [1, 2]
