"""Shared fixtures: copies of the small projects under tests/fixtures, ready to build."""

from __future__ import annotations

import logging
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def copy_project(name: str, dest: Path) -> Path:
    """Copy fixture project ``name`` to ``dest``; it uses kitpress's built-in templates."""
    root = dest / name
    shutil.copytree(FIXTURES / name, root, symlinks=True)
    return root


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[[str], Path]:
    """Return a function that copies a fixture project into the test's own folder."""
    return lambda name: copy_project(name, tmp_path)


@pytest.fixture(autouse=True)
def _fixed_source_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pin the build date so outputs do not depend on git history or the clock."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1583020800")  # 2020-03-01


class _Records(logging.Handler):
    """Keep every log record at warning level or above."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def no_logged_warnings() -> Iterator[None]:
    """Fail if WeasyPrint logs a warning (in a worker too: kitpress relays them)."""
    handler = _Records()
    loggers = [logging.getLogger(name) for name in ("weasyprint", "kitpress")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
    assert [r.getMessage() for r in handler.records] == []


@pytest.fixture
def no_weasyprint_warnings() -> Iterator[None]:
    """Fail the test if WeasyPrint logs a warning while it runs."""
    with no_logged_warnings():
        yield


# Chinese characters, CJK punctuation and full-width forms.
CJK = re.compile(
    r"[\u2e80-\u2fff\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]"
)
# A quoted user value: '…' (not the apostrophe of "card's") or “…”.
QUOTED = re.compile(r"(?<!\w)'[^'\n]*'(?!\w)|“[^”\n]*”")
# The file a problem is in, as named: on its line, and in an annotation's file=.
LOCATION = re.compile(r"^\S+:\d+:\d+: |^::\w+ file=[^,]*,", re.MULTILINE)


def unquoted_cjk(output: str) -> list[str]:
    """Return the lines of ``output`` with Chinese outside locations and quoted values."""
    return [
        line for line in output.splitlines() if CJK.search(QUOTED.sub("", LOCATION.sub("", line)))
    ]


CHROMIUM = "/usr/bin/chromium"  # Debian's: Playwright's own browser download does not work here
# Without the background-networking flags Chromium keeps calling hosts this machine cannot reach.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@contextmanager
def file_only_page(browser) -> Iterator[tuple[object, list[str], list[str]]]:
    """Open a page that may load file: URLs only; yield it, the blocked URLs and page errors."""
    blocked: list[str] = []
    errors: list[str] = []

    def only_files(route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context = browser.new_context()
    try:
        context.route("**/*", only_files)
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        yield page, blocked, errors
    finally:
        context.close()


@pytest.fixture(scope="session")
def browser():
    """Start one headless Chromium for every browser test of the run."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def repo_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build a copy of the repository's own project strictly, once a run; return its root.

    For tests/project only: engine tests use the fixtures under tests/fixtures.
    """
    from kitpress.build import BuildOptions, build

    root = tmp_path_factory.mktemp("repo") / "kitpress"
    root.mkdir()
    for name in ("content", "packs", "templates"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    with no_logged_warnings():
        build(root, BuildOptions(strict=True))
    return root


# The site engines every browser test runs on (`kitpress build --engine`); MkDocs is the default.
ENGINES = ("mkdocs", "zensical")


@pytest.fixture(scope="session", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """Run the test once with each site engine."""
    return str(request.param)


@pytest.fixture(scope="session")
def engine_build(engine: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the site fixture, offline copy too, with ``engine`` once a run; return its build/."""
    from kitpress.build import BuildOptions, build

    root = copy_project("site", tmp_path_factory.mktemp(f"site-{engine}"))
    build(root, BuildOptions(engine=engine))
    return root / "build"


@pytest.fixture(scope="session")
def engine_served(engine_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve ``engine_build``'s online site under a sub-path, as GitHub Pages does; yield its URL."""
    from kitpress.cli.preview import serve_directory

    www = tmp_path_factory.mktemp("www")
    (www / "kits").symlink_to(engine_build / "site")
    server = serve_directory(www)
    yield f"http://127.0.0.1:{server.server_address[1]}/kits/"
    server.shutdown()
    server.server_close()


def cannot_on(request: pytest.FixtureRequest, engine: str, reason: str) -> None:
    """Expect this test to fail on Zensical, strictly: the day it passes, the suite says so."""
    if engine == "zensical":
        request.applymarker(pytest.mark.xfail(reason=reason, strict=True))
