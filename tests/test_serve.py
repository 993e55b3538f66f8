"""kitpress serve: the preview answers and follows edits."""

import socket
import threading
import time
import urllib.request

from kitpress.cli.serve import serve_site


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _wait_for(predicate, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def test_serve_rebuilds_after_an_edit(make_project):
    root = make_project("site")
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    thread = threading.Thread(
        target=serve_site,
        args=(root, "127.0.0.1", port, "zh"),
        kwargs={"max_polls": 120},
        daemon=True,
    )
    thread.start()
    assert _wait_for(lambda: "这是测试用的首页" in _get(url))
    page = root / "content" / "index.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("这是测试用的首页", "首页已经改过"),
        encoding="utf-8",
    )
    assert _wait_for(lambda: "首页已经改过" in _get(url))
    # A broken pack is reported and the last good site keeps being served.
    pack = root / "packs/gate-parcels/pack.yml"
    pack.write_text(
        pack.read_text(encoding="utf-8").replace("license: CC-BY-SA-4.0", "license: nope"),
        encoding="utf-8",
    )
    time.sleep(3)
    assert "首页已经改过" in _get(url)
