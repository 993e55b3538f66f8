"""kitpress serve: preview the site locally and rebuild it when sources change."""

from __future__ import annotations

import argparse
import functools
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kitpress.build import BuildOptions, build
from kitpress.cli.check import project_root
from kitpress.cli.report import report
from kitpress.messages import say
from kitpress.problems import ContentError
from kitpress.publish.site import SiteError

WATCHED = ("packs", "content", "templates", "mkdocs.yml")
POLL_SECONDS = 1.0


def setup(p: argparse.ArgumentParser) -> None:
    """Add serve's arguments."""
    p.add_argument("--host", default="127.0.0.1", help="address to listen on")
    p.add_argument("--port", type=int, default=8000, help="port to listen on")


def run(args: argparse.Namespace) -> int:
    """Build, serve the site locally and rebuild when packs, content or templates change."""
    return serve_site(project_root(args), args.host, args.port, args.lang)


def snapshot(root: Path) -> dict[str, float]:
    """Return the modification time of every watched file."""
    stamps: dict[str, float] = {}
    for name in WATCHED:
        path = root / name
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for file in files:
            try:
                stamps[file.as_posix()] = file.stat().st_mtime
            except OSError:
                continue
    return stamps


def rebuild(root: Path, options: BuildOptions, lang: str) -> bool:
    """Build once, printing problems instead of stopping; tell whether it worked."""
    try:
        result = build(root, options)
    except ContentError as exc:
        report(exc.problems, lang)
        return False
    except SiteError as exc:
        print(exc, file=sys.stderr)
        return False
    print(say("serve.updated", lang, seconds=result.seconds), file=sys.stderr)
    return True


def serve_site(root: Path, host: str, port: int, lang: str, max_polls: int = 0) -> int:
    """Serve build/site on host:port, rebuilding on change; stop after max_polls if set."""
    # The offline copy is a second MkDocs build: not worth waiting for on every edit.
    options = BuildOptions(site_url=f"http://{host}:{port}/", offline=False, lang=lang)
    rebuild(root, options, lang)
    handler = functools.partial(_QuietHandler, directory=str(root / "build" / "site"))
    server = ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(say("serve.address", lang, url=f"http://{host}:{port}/"), file=sys.stderr)
    seen, polls = snapshot(root), 0
    try:
        while not max_polls or polls < max_polls:
            time.sleep(POLL_SECONDS)
            polls += 1
            now = snapshot(root)
            if now != seen:
                seen = now
                rebuild(root, options, lang)
    finally:
        server.shutdown()
        server.server_close()
    return 0


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serve files without logging every request."""

    def log_message(self, format: str, *args: object) -> None:
        return
