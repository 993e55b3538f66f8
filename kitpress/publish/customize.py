"""The 打印定制 pages: a pack's building signs filled in and printed by the reader's browser.

The sign designs come from printing/ (custom.sign_sheets, handed in by build.py); the page
text is pages/print.md.j2 and print-index.md.j2, the script theme/assets/kitpress-print.js.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from kitpress.model import Download, Project
from kitpress.outputs import PRINT_INDEX_PAGE, has_print, print_page
from kitpress.publish.pages import Markdown, environment, writer

KINDS = ("poster", "building-labels", "card-sheet")  # the ready-made PDFs a page links to


def write_print_pages(
    project: Project,
    sheets: Sequence[Any],
    posters: Mapping[str, Sequence[Any]],
    downloads: tuple[Download, ...],
    docs_dir: Path,
    markdown: Markdown,
    *,
    max_buildings: int,
) -> None:
    """Write each printing pack's 打印定制 page and their index into ``docs_dir``.

    ``sheets`` are the sign sheets and ``posters`` each pack's poster designs (by slug), both
    rendered by printing/custom.py.
    """
    packs = [pack for pack in project.packs if has_print(pack)]
    if not packs:
        return
    env = environment(project.settings.root, markdown)
    write = writer(env, project, downloads, docs_dir, markdown)
    write(PRINT_INDEX_PAGE, "print-index.md.j2", packs=packs)
    for pack in packs:
        files = [d for d in downloads if d.pack == pack.slug and d.kind in KINDS]
        write(
            print_page(pack),
            "print.md.j2",
            pack=pack,
            sheets=sheets,
            posters=posters.get(pack.slug, ()),
            files=files,
            max_buildings=max_buildings,
        )
