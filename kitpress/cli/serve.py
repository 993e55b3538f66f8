"""kitpress serve: preview the site locally and rebuild it when sources change."""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import BinaryIO

from kitpress.build import BuildOptions, build
from kitpress.cli.check import project_root
from kitpress.cli.report import report
from kitpress.messages import say
from kitpress.problems import ContentError, UsageError
from kitpress.publish.site import SiteError

WATCHED = ("packs", "content", "templates", "mkdocs.yml")
POLL_SECONDS = 1.0


def setup(p: argparse.ArgumentParser) -> None:
    """Add serve's arguments."""
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)


def run(args: argparse.Namespace) -> int:
    """Build, serve the site locally and rebuild when packs, content or templates change."""
    if not 0 <= args.port <= 65535:
        raise UsageError("K690", option="--port", value=args.port, expected="port")
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


def serve_site(
    root: Path, host: str, port: int, lang: str, stop: threading.Event | None = None
) -> int:
    """Serve build/site on host:port, rebuilding on change, until ``stop`` is set (or Ctrl+C)."""
    # The offline copy is a second MkDocs build: not worth waiting for on every edit.
    options = BuildOptions(site_url=f"http://{host}:{port}/", offline=False, lang=lang, wait=True)
    try:  # listen first: a busy port is said at once, not after a whole build
        server = serve_directory(root / "build" / "site", host, port)
    except OSError as exc:
        raise UsageError("K693", address=f"{host}:{port}", reason=exc.strerror or exc) from None
    rebuild(root, options, lang)
    print(say("serve.address", lang, url=f"http://{host}:{port}/"), file=sys.stderr)
    stop = stop or threading.Event()
    seen = snapshot(root)
    try:
        while not stop.wait(POLL_SECONDS):
            now = snapshot(root)
            if now != seen:
                seen = now
                rebuild(root, options, lang)
    finally:
        server.shutdown()
        server.server_close()
    return 0


def serve_directory(folder: Path, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    """Serve ``folder`` in a background thread, compressed as GitHub Pages serves it."""
    handler = functools.partial(GzipHandler, directory=str(folder))
    server = ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# What GitHub Pages compresses: text formats. PDFs, zips, pictures and Pagefind's own files
# (gzip already) go as they are.
COMPRESSED = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".md")


class GzipHandler(SimpleHTTPRequestHandler):
    """Serve files without logging every request, text formats gzip-compressed."""

    def log_message(self, format: str, *args: object) -> None:
        return

    def send_head(self) -> io.BytesIO | BinaryIO | None:
        """Answer with gzip-compressed bytes when the file is text and the client accepts gzip."""
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not wants or path.suffix not in COMPRESSED or not path.is_file():
            return super().send_head()  # also redirects /x to /x/ and answers 404
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)
