"""Serve a built site over HTTP: gzip as GitHub Pages does, and, for serve, live reload.

The live part lives in the server only: it adds one script tag to the HTML it answers with,
and build/site stays exactly what `kitpress build` writes.
"""

from __future__ import annotations

import functools
import gzip
import io
import json
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO

from kitpress.messages import say

# What GitHub Pages compresses: text formats. PDFs, zips, pictures and Pagefind's own files
# (gzip already) go as they are.
COMPRESSED = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".md")
HTML = (".html", ".htm")
LIVE = "/__kitpress/"  # the server's own addresses, beside the site's
KEEP_ALIVE_SECONDS = 15  # a closed tab is noticed when its next keep-alive fails


def serve_directory(folder: Path, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    """Serve ``folder`` in a background thread, compressed as GitHub Pages serves it."""
    return _start(functools.partial(GzipHandler, directory=str(folder)), host, port)


def serve_live(folder: Path, live: Live, host: str, port: int) -> ThreadingHTTPServer:
    """Serve ``folder`` like serve_directory, each page reloading itself when ``live`` changes."""
    return _start(functools.partial(LiveHandler, directory=str(folder), live=live), host, port)


class _Server(ThreadingHTTPServer):
    """A threaded server that says nothing when a browser drops a connection."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A reloading page cancels what it was still loading: not worth a traceback.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def _start(handler: Any, host: str, port: int) -> ThreadingHTTPServer:
    server = _Server((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class GzipHandler(SimpleHTTPRequestHandler):
    """Serve files without logging every request, text formats gzip-compressed."""

    def log_message(self, format: str, *args: object) -> None:
        return

    def send_head(self) -> io.BytesIO | BinaryIO | None:
        """Answer with gzip-compressed bytes when the file is text and the client accepts gzip."""
        path = self.asked_file()
        if not self.accepts_gzip() or path is None or path.suffix not in COMPRESSED:
            return super().send_head()  # also redirects /x to /x/ and answers 404
        body = self.read(path)
        if body is None:
            return super().send_head()
        return self.send_bytes(body, self.guess_type(str(path)), compress=True)

    def read(self, path: Path) -> bytes | None:
        """Return the file's bytes, or None if a build has just removed it."""
        try:
            return path.read_bytes()
        except OSError:
            return None

    def asked_file(self) -> Path | None:
        """Return the file the request asks for (a folder's index.html), or None."""
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        return path if path.is_file() else None

    def accepts_gzip(self) -> bool:
        """Tell whether the client said it takes gzip-compressed answers."""
        return "gzip" in self.headers.get("Accept-Encoding", "")

    def send_bytes(
        self, body: bytes, kind: str, compress: bool, *headers: tuple[str, str]
    ) -> io.BytesIO:
        """Send the headers of a 200 answer; return ``body``, compressed if the client takes it."""
        compress = compress and self.accepts_gzip()
        if compress:
            body = gzip.compress(body, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        return io.BytesIO(body)


class Live:
    """What the preview's pages listen to: the number of good builds and the last failure."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.generation = 0  # good builds so far: a page built before the last one reloads
        self.error = ""  # what the last build said, when it failed
        self.closed = False
        self._version = 0  # every change, good or bad, so that listeners wake up
        self._changed = threading.Condition()

    def built(self) -> None:
        """Tell the pages that a build succeeded: they reload."""
        with self._changed:
            self.generation, self.error = self.generation + 1, ""
            self._tell()

    def failed(self, text: str) -> None:
        """Tell the pages that a build failed with ``text``: they show it over themselves."""
        with self._changed:
            self.error = text
            self._tell()

    def close(self) -> None:
        """End every page's event stream: the server is stopping."""
        with self._changed:
            self.closed = True
            self._tell()

    def _tell(self) -> None:
        self._version += 1
        self._changed.notify_all()

    def next(self, version: int, timeout: float) -> tuple[int, str | None]:
        """Wait for a change after ``version``; return the version and its message (None: none)."""
        with self._changed:
            self._changed.wait_for(lambda: self._version != version, timeout)
            if self._version == version or self.closed:
                return self._version, None
            return self._version, self.message()

    def message(self) -> str:
        """Return the state as one line of JSON, with the overlay's words in ``lang``."""
        state = {
            "generation": self.generation,
            "error": self.error,
            "title": say("serve.failed", self.lang),
            "hide": say("serve.hide", self.lang),
            "lang": "zh-CN" if self.lang == "zh" else self.lang,
        }
        return json.dumps(state, ensure_ascii=False)

    def tag(self) -> bytes:
        """Return the script tag a page gets, naming the build it came from."""
        src, generation = f"{LIVE}live.js", self.generation
        return f'<script src="{src}" data-generation="{generation}" defer></script>'.encode()


def inject(html: bytes, tag: bytes) -> bytes:
    """Put ``tag`` just before the page's </head> (after its CSP), or at its end without one."""
    at = html.lower().find(b"</head>")
    return html + tag if at < 0 else html[:at] + tag + html[at:]


class LiveHandler(GzipHandler):
    """Serve the site with a live-reload script in every HTML page, and the script's events."""

    def __init__(self, *args: Any, live: Live, **kwargs: Any) -> None:
        self.live = live  # before the base class, which answers the request
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        """Answer the live script and its events; the site's files as GzipHandler does."""
        asked = self.path.split("?")[0]
        if asked == LIVE + "events":
            self.send_events()
        elif asked == LIVE + "live.js":
            script = resources.files("kitpress").joinpath("data/live.js").read_bytes()
            kind = "text/javascript; charset=utf-8"
            body = self.send_bytes(script, kind, True, ("Cache-Control", "no-store"))
            self.wfile.write(body.getvalue())
        else:
            super().do_GET()

    def send_head(self) -> io.BytesIO | BinaryIO | None:
        """Answer an HTML page with the live script added; anything else as it is."""
        path = self.asked_file()
        html = self.read(path) if path is not None and path.suffix in HTML else None
        if html is None:
            return super().send_head()
        page = inject(html, self.live.tag())
        # no-store: a reload fetches the page again, never the copy from before the build
        return self.send_bytes(page, "text/html", True, ("Cache-Control", "no-store"))

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Answer an error page that reloads too: the page may exist after the next build."""
        page = type(self).error_message_format.encode()  # %-formatted: the tag holds no %
        self.error_message_format = inject(page, self.live.tag()).decode()
        super().send_error(code, message, explain)

    def send_events(self) -> None:
        """Stream the live state as server-sent events until the page or the server goes."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        version = -1  # so the first wait returns the state at once
        try:
            self.wfile.write(b"retry: 500\n\n")
            while not self.live.closed:
                version, message = self.live.next(version, KEEP_ALIVE_SECONDS)
                line = f"data: {message}\n\n" if message is not None else ": still here\n\n"
                self.wfile.write(line.encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return  # the page was closed or reloaded
