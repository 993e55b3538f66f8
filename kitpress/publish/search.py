"""Search for the online site: Pagefind's index of build/site and the 搜索 page that uses it.

Material's own search makes every page download the whole index (about 6 KB a card) before
anyone searches. Pagefind writes the index in fragments; a reader's browser fetches its code
on the first focus of a search box and then only the fragments a query needs. Pagefind's
extended build segments Chinese, so a word is found in mid-sentence. It needs fetch(), which
file:// refuses: the offline copy keeps Material's search.
"""

from __future__ import annotations

import copy
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pagefind_bin_extended

from kitpress.model import Project
from kitpress.outputs import SEARCH_PAGE
from kitpress.publish.escape import front_matter
from kitpress.publish.site import SiteError
from kitpress.templating import words

INDEX_FOLDER = "pagefind"  # outputs.RESERVED holds it: no pack may take the name
SEARCH_TEMPLATE = "kitpress-search.html"  # in theme/: the form, with Material's own words
# What a page's text is, for the index: the article without its edit button and heading anchors.
ROOT_SELECTOR = "article.md-content__inner"
LEFT_OUT = (".md-content__button", ".headerlink", ".kp-search")
# Pagefind's ready-made interfaces; kitpress-search.js uses only its API (pagefind.js).
UNUSED = ("pagefind-*ui.*", "pagefind-highlight.js")


def without_search(plugins: Any) -> Any:
    """Return the plugins setting without Material's search (the online site uses Pagefind)."""
    plugins = copy.deepcopy(plugins)  # MkDocs pops what it reads: settings must stay whole
    if isinstance(plugins, dict):
        return {name: value for name, value in plugins.items() if not _is_search(name)}
    return [p for p in (plugins or []) if not _is_search(p)]


def _is_search(plugin: Any) -> bool:
    """Tell whether a plugins entry is Material's search plugin."""
    names = plugin if isinstance(plugin, dict) else {plugin: None}
    return any(name in ("search", "material/search") for name in names)


def write_search_page(project: Project, docs_dir: Path) -> None:
    """Write the 搜索 page: only a title, drawn by the theme's search template."""
    found = words(project.settings.root)
    meta = {"title": found["search-title"], "template": SEARCH_TEMPLATE, "hide": ["toc"]}
    page = docs_dir / SEARCH_PAGE
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(front_matter(meta) + f"# {found['search-title']}\n", encoding="utf-8")


def index_site(site_dir: Path) -> None:
    """Write Pagefind's index of ``site_dir`` into its ``pagefind/`` folder."""
    shutil.rmtree(site_dir / INDEX_FOLDER, ignore_errors=True)  # a copy's old fragments
    command = [
        str(pagefind_bin_extended.get_executable()),
        "--site",
        str(site_dir),
        "--output-subdir",
        INDEX_FOLDER,
        "--root-selector",
        ROOT_SELECTOR,
        "--quiet",
    ]
    for selector in LEFT_OUT:
        command += ["--exclude-selectors", selector]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SiteError(f"pagefind: {(done.stderr or done.stdout).strip()}")
    for pattern in UNUSED:
        for path in (site_dir / INDEX_FOLDER).glob(pattern):
            path.unlink()
