"""The press: print jobs to PDF through a cache and a pool of WeasyPrint workers."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import multiprocessing
import multiprocessing.context
import os
import sys
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import forkserver
from pathlib import Path
from typing import TextIO

from kitpress.messages import say
from kitpress.model import Download
from kitpress.printing.jobs import Job, Result

LOG = logging.getLogger("kitpress.printing.press")
BATCHES_PER_WORKER = 4  # tasks of a pool: fewer load fewer fonts, more share the work evenly


@dataclass(frozen=True)
class Report:
    """How a press run went, for the summary line at the end of a build."""

    rendered: int = 0
    reused: int = 0
    seconds: float = 0.0
    warnings: tuple[str, ...] = ()

    def summary(self, lang: str = "zh") -> str:
        """Describe the run in one line: how many PDFs were printed, reused, and how long."""
        return say(
            "press.summary", lang, rendered=self.rendered, reused=self.reused, seconds=self.seconds
        )


def run(
    jobs: Iterable[Job], cache_dir: Path, workers: int = 0, lang: str = "zh"
) -> tuple[dict[str, Result], Report]:
    """Print every job, reusing cached PDFs; return the results by job key and a report."""
    started = time.monotonic()
    store = cache_dir / "pdf"
    unique = {job.key: job for job in jobs}
    if any(not job.fonts.family for job in unique.values()):
        raise ValueError("a job has no fonts yet: pass it through designs.share_fonts")
    results = {key: found for key in unique if (found := _cached(store, key))}
    pending = [job for key, job in unique.items() if key not in results]
    for result in _render_all(pending, workers, lang):
        results[result.key] = result
        if result.pdf or result.overflow or any(result.part_overflow):
            _store(store, result)  # too long text too: check and build then both skip it
    warnings = tuple(w for r in results.values() for w in r.warnings)
    for warning in warnings:
        LOG.warning("%s", warning)
    report = Report(len(pending), len(unique) - len(pending), time.monotonic() - started, warnings)
    return results, report


def publish(job: Job, result: Result, docs_dir: Path) -> Download:
    """Write a printed PDF into the docs folder and describe it as a download."""
    target = docs_dir / job.download.path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(result.pdf)
    return dataclasses.replace(
        job.download,
        size=len(result.pdf),
        sha256=hashlib.sha256(result.pdf).hexdigest(),
        pages=result.pages,
    )


def prune(cache_dir: Path, jobs: Iterable[Job]) -> None:
    """Delete cached PDFs and font subsets that none of ``jobs`` uses any more."""
    keep = {f"{job.key}.pdf" for job in jobs} | {f"{job.key}.json" for job in jobs}
    keep |= {out.name for job in jobs for _face, out in job.fonts.files}
    for folder in (cache_dir / "pdf", cache_dir / "fonts"):
        for path in folder.glob("*") if folder.is_dir() else ():
            if path.name not in keep:
                path.unlink(missing_ok=True)


def _cached(store: Path, key: str) -> Result | None:
    """Return the cached result of ``key``, if a complete one is stored."""
    try:
        record = json.loads((store / f"{key}.json").read_text())
        measured = Result(
            key,
            overflow=int(record.get("overflow", 0)),
            size=float(record.get("size", 0.0)),
            used=float(record.get("used", 0.0)),
            part_sizes=tuple(float(size) for size in record.get("part_sizes", ())),
            part_overflow=tuple(int(over) for over in record.get("part_overflow", ())),
            missing=str(record.get("missing", "")),  # a reused poster still has its boxes
        )
        if measured.overflow or any(measured.part_overflow):
            return measured
        pdf = (store / f"{key}.pdf").read_bytes()
        if hashlib.sha256(pdf).hexdigest() != record["sha256"]:
            return None  # a torn or damaged file (a machine that lost power): print anew
        return dataclasses.replace(measured, pdf=pdf, pages=int(record["pages"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _store(store: Path, result: Result) -> None:
    """Keep a result for the next run (PDF first, then its record)."""
    store.mkdir(parents=True, exist_ok=True)
    record = {
        "pages": result.pages,
        "overflow": result.overflow,
        "sha256": hashlib.sha256(result.pdf).hexdigest(),
        "size": result.size,
        "used": result.used,
        "part_sizes": result.part_sizes,
        "part_overflow": result.part_overflow,
        "missing": result.missing,
    }
    files = [(f"{result.key}.pdf", result.pdf)] if result.pdf else []
    files.append((f"{result.key}.json", json.dumps(record).encode()))
    for name, data in files:
        tmp = store / f"{name}.{os.getpid()}.tmp"
        tmp.write_bytes(data)
        os.replace(tmp, store / name)  # a run stopped half-way leaves no torn file


def _render_all(jobs: list[Job], workers: int, lang: str) -> list[Result]:
    """Render jobs in this process or in a pool, showing progress on a terminal."""
    if not jobs:
        return []
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    progress = _Progress(len(jobs), sys.stderr, lang)
    if workers == 1:
        return [progress.tick(render_job(job)) for job in jobs]
    # forkserver: workers start from a clean process that imported WeasyPrint once, and a
    # parent with threads (kitpress serve) cannot hand them a locked mutex, as fork can.
    with ProcessPoolExecutor(workers, mp_context=_forkserver()) as pool:
        futures = [pool.submit(render_jobs, batch) for batch in batches(jobs, workers)]
        return [progress.tick(r) for future in as_completed(futures) for r in future.result()]


def batches(jobs: list[Job], workers: int) -> list[list[Job]]:
    """Split jobs into tasks for the pool: a font's documents together, the largest first.

    A worker loads each subset font it meets (two thirds of a poster's layout), so a
    pack's documents go to one worker; a group is cut when it is more than a share of the
    work, and the largest go first, so no worker is left with a long one at the end.
    """
    groups: dict[str, list[Job]] = {}
    for job in sorted(jobs, key=_cost, reverse=True):
        groups.setdefault(job.fonts.family, []).append(job)
    share = sum(map(_cost, jobs)) / (workers * BATCHES_PER_WORKER)
    out: list[tuple[int, list[Job]]] = []
    for group in groups.values():
        cost, batch = 0, list[Job]()
        for job in group:
            if batch and cost + _cost(job) > share:
                out.append((cost, batch))
                cost, batch = 0, []
            cost += _cost(job)
            batch.append(job)
        out.append((cost, batch))
    return [batch for _, batch in sorted(out, key=lambda pair: pair[0], reverse=True)]


def _cost(job: Job) -> int:
    """Estimate the work of a job: its markup's length (a card sheet is ten posters' worth)."""
    return len(job.html)


def _forkserver() -> multiprocessing.context.BaseContext:
    """Return the forkserver context, its server started so it imports this kitpress."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["kitpress.printing.pdf"])
    # The server runs as "python -c …", which puts the current folder first on sys.path (and
    # Python 3.11 ignores the sys.path it is handed): a folder named kitpress there, such as a
    # clone's, would be imported instead. PYTHONSAFEPATH keeps the current folder out.
    saved = os.environ.get("PYTHONSAFEPATH")
    os.environ["PYTHONSAFEPATH"] = "1"
    try:
        forkserver.ensure_running()
    finally:
        if saved is None:
            del os.environ["PYTHONSAFEPATH"]
        else:
            os.environ["PYTHONSAFEPATH"] = saved
    return context


def render_job(job: Job) -> Result:
    """Render one job with WeasyPrint (imported here: it takes most of a second)."""
    from kitpress.printing.pdf import render

    return render(job)


def render_jobs(jobs: list[Job]) -> list[Result]:
    """Render a pool's task, one job after the other."""
    return [render_job(job) for job in jobs]


class _Progress:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self, total: int, stream: TextIO, lang: str = "zh") -> None:
        self.total, self.done, self.stream, self.lang = total, 0, stream, lang
        self.live = total > 1 and stream.isatty()

    def tick(self, result: Result) -> Result:
        """Count one finished job and redraw the bar."""
        self.done += 1
        if self.live:
            filled = 30 * self.done // self.total
            bar = "█" * filled + "·" * (30 - filled)
            end = "\n" if self.done == self.total else ""
            line = say("press.progress", self.lang, bar=bar, done=self.done, total=self.total)
            self.stream.write(f"\r{line}{end}")
            self.stream.flush()
        return result
