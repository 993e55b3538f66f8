"""The repository's own printed documents read back, whatever the packs are.

Generic like test_packs.py: every poster and sheet the real build makes is scanned by two
decoders in three conditions, its text is found whole and on the paper, and its type fills
the page. See tests/printed.py for how each is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from printed import (
    CONDITIONS,
    DECODERS,
    addresses,
    bad_breaks,
    code_geometry,
    missing_sentences,
    pdf_text,
    plain,
    scan,
    sources,
    unseen_glyphs,
)

from kitpress.build import inspect
from kitpress.content.settings import read_settings
from kitpress.model import Download, Project
from kitpress.printing import press
from kitpress.printing.jobs import Result
from kitpress.printing.plan import BODY_SIZES, plan_print


@dataclass(frozen=True)
class Build:
    """The real build: its project, its PDFs, and how each was fitted."""

    project: Project
    site: Path
    downloads: tuple[Download, ...]  # the printed ones
    results: dict[str, Result]  # by download path

    def path(self, download: Download) -> Path:
        """Return the built PDF of a download."""
        return self.site / download.path


@pytest.fixture(scope="module")
def real(repo_build: Path) -> Build:
    """Plan the real build's print jobs again and read their fitting from its cache."""
    settings, _ = read_settings(repo_build, None)
    project, _ = inspect(repo_build, settings)
    cache = repo_build / "build" / "cache"
    jobs = plan_print(project, cache)[0]
    results, report = press.run(jobs, cache, 1)
    assert report.rendered == 0  # the same jobs as the build's: all from its cache
    downloads = tuple(job.download for job in jobs)
    by_path = {job.download.path: results[job.key] for job in jobs}
    return Build(project, repo_build / "build" / "site", downloads, by_path)


def test_every_code_is_read_by_both_decoders_in_every_condition(real: Build) -> None:
    report = scan([real.path(d) for d in real.downloads])
    expected = sum(len(addresses(real.project, d)) for d in real.downloads)
    assert report.codes == expected > 0
    assert report.misses == []
    for decoder in DECODERS:
        for condition in CONDITIONS:
            assert report.read[(decoder, condition)] == expected, (decoder, condition)
    site_url = real.project.settings.site_url.rstrip("/") + "/"
    for text in report.texts:  # each one opens a page the build made
        assert text.startswith(site_url), text
        assert (real.site / text[len(site_url) :] / "index.html").is_file(), text


def test_codes_are_large_with_clear_quiet_zones(real: Build) -> None:
    for download in [d for d in real.downloads if d.kind != "building-labels"]:
        for _text, side_mm, module_mm, quiet in code_geometry(real.path(download)):
            least = 35.0 if download.kind == "card-sheet" else 70.0
            assert module_mm >= 0.8 * 0.995 and side_mm >= least - 0.5 and quiet, download.path


def test_every_sentence_is_printed_and_every_character_is_on_the_paper(real: Build) -> None:
    for download in real.downloads:
        text = pdf_text(real.path(download))
        for source in sources(real.project, download):
            assert missing_sentences(plain(source), text) == [], download.path
        assert unseen_glyphs(real.path(download)) == [], download.path


def test_addresses_break_after_slashes_and_numbers_keep_their_units(real: Build) -> None:
    for download in real.downloads:
        if download.kind != "building-labels":  # a sign's number stands above its 号楼
            bad, _ = bad_breaks(real.path(download), addresses(real.project, download))
            assert bad == [], download.path


def test_every_poster_prints_as_large_as_fits(real: Build) -> None:
    for download in real.downloads:
        if download.kind == "poster":
            result = real.results[download.path]
            factor = {"A3": 2**0.5, "A4": 1.0, "A5": 0.5**0.5}[download.paper.split()[0]]
            largest = round(BODY_SIZES[0] * factor, 2)
            assert result.size == largest or result.used >= 0.85, download.path
