"""kitpress serve: preview the site locally, rebuild it when sources change, reload the page."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from kitpress.build import BuildOptions, build
from kitpress.cli.check import project_root
from kitpress.cli.preview import Live, serve_live
from kitpress.cli.report import problem_lines, report
from kitpress.cli.watch import snapshot, wait_for_change
from kitpress.messages import say
from kitpress.problems import ContentError, UsageError
from kitpress.publish.site import SiteError

SWAP_POLL_SECONDS = 0.05


def setup(p: argparse.ArgumentParser) -> None:
    """Add serve's arguments."""
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)


def run(args: argparse.Namespace) -> int:
    """Build, serve the site locally and rebuild when packs, content or templates change."""
    if not 0 <= args.port <= 65535:
        raise UsageError("K690", option="--port", value=args.port, expected="port")
    return serve_site(project_root(args), args.host, args.port, args.lang)


def rebuild(root: Path, options: BuildOptions, live: Live) -> bool:
    """Build once, printing problems instead of stopping and telling the pages; say if it worked."""
    lang = live.lang
    # The pages hear first: once the terminal says it, the pages know it too.
    try:
        with told_when_swapped(root / "build" / "site", live) as told:
            result = build(root, options)
    except ContentError as exc:
        live.failed("\n".join(problem_lines(exc.problems, lang)))
        report(exc.problems, lang)
        return False
    except SiteError as exc:
        live.failed(str(exc))
        print(exc, file=sys.stderr)
        return False
    if not told.is_set():  # the site was already current: no new folder, reload all the same
        live.built()
    print(say("serve.updated", lang, seconds=result.seconds), file=sys.stderr)
    return True


@contextlib.contextmanager
def told_when_swapped(site: Path, live: Live) -> Iterator[threading.Event]:
    """Tell the pages of a good build as soon as its new site is in place; yield whether told.

    A build swaps in a whole new build/site folder, then still tidies up (the old site's
    files, the cache's stamp): at 1,000 cards seconds that a writer need not wait for.
    """
    before, done, told = _identity(site), threading.Event(), threading.Event()

    def watch() -> None:
        while not done.wait(SWAP_POLL_SECONDS):
            now = _identity(site)
            if now is not None and now != before:  # None: between the two renames off Linux
                live.built()
                told.set()
                return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        yield told
    finally:
        done.set()
        watcher.join()


def _identity(folder: Path) -> tuple[int, int] | None:
    """Return which folder is at ``folder`` now (device and inode), or None if none is."""
    try:
        info = os.stat(folder)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def serve_site(
    root: Path, host: str, port: int, lang: str, stop: threading.Event | None = None
) -> int:
    """Serve build/site on host:port, rebuilding on change, until ``stop`` is set (or Ctrl+C)."""
    # The offline copy is a second MkDocs build: not worth waiting for on every edit.
    options = BuildOptions(site_url=f"http://{host}:{port}/", offline=False, lang=lang, wait=True)
    live = Live(lang)
    try:  # listen first: a busy port is said at once, not after a whole build
        server = serve_live(root / "build" / "site", live, host, port)
    except OSError as exc:
        raise UsageError("K693", address=f"{host}:{port}", reason=exc.strerror or exc) from None
    stop = stop or threading.Event()
    try:
        # Each snapshot is taken before its build: a save during a build builds once more.
        seen = snapshot(root)
        rebuild(root, options, live)
        print(say("serve.address", lang, url=f"http://{host}:{port}/"), file=sys.stderr)
        while (changed := wait_for_change(root, seen, stop)) is not None:
            seen = changed
            rebuild(root, options, live)
    finally:
        live.close()  # before shutting down: the server waits for every open event stream
        server.shutdown()
        server.server_close()
    return 0
