"""Write the site's Markdown pages into build/docs from the model and the pages templates."""

from __future__ import annotations

import posixpath
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2.sandbox import SandboxedEnvironment

from kitpress.model import LICENSES, Card, Download, Pack, Project
from kitpress.outputs import (
    CATALOG_PAGE,
    CODES_PAGE,
    DOWNLOADS,
    DOWNLOADS_PAGE,
    TERM_GROUPS,
    card_page,
    pack_page,
)
from kitpress.publish.codes import codes
from kitpress.publish.escape import (
    front_matter,
    front_matter_value,
    html_attr,
    split_front_matter,
    url,
)
from kitpress.publish.schema import write_schemas
from kitpress.templating import folders, sandbox, word, words

_TITLE = r"""(?:\s+(?:"[^"]*"|'[^']*'))?"""
_REF = re.compile(rf"(\]\(\s*<?)([^)\s>]+)(>?{_TITLE}\s*\))")
_DEFINITION = re.compile(rf"^( {{0,3}}\[[^\]\n]+\]:[ \t]*<?)([^\s>]+)(>?{_TITLE}[ \t]*)$", re.M)
LATEST_MARKER = "<!-- kitpress:latest-packs -->"
LATEST_COUNT = 6


@dataclass(frozen=True)
class Markdown:
    """How contributors' Markdown is escaped for a page, handed in by build.py.

    check must see exactly what a page renders, so the one implementation is content.markup's;
    publish/ only declares what it needs from it.
    """

    body: Callable[[str], str]  # a card body or content page: raw HTML shown as text
    inline: Callable[[str], str]  # a one-line value: no link, image or attribute it did not mean
    is_relative: Callable[[str], bool]  # a reference into the pack, not to the web


def write_pages(
    project: Project, downloads: tuple[Download, ...], docs_dir: Path, markdown: Markdown
) -> None:
    """Write every generated page, the content pages, 问题代码 and the JSON Schema into ``docs_dir``.

    The downloads page is written by ``write_downloads_page``, once in each copy of the site.
    """
    env = environment(project.settings.root, markdown)
    write = writer(env, project, downloads, docs_dir, markdown)
    _copy_content(project, env, docs_dir, markdown)
    _copy_assets(project, docs_dir)
    write(CATALOG_PAGE, "catalog.md.j2")
    write_pack_pages(project, downloads, docs_dir, markdown)
    for pack in project.packs:
        for card in pack.cards:
            write(card_page(pack, card), "card.md.j2", pack=pack, card=card)
    for group in TERM_GROUPS:
        write(f"{group}/index.md", "terms.md.j2", group=group)
        for term in getattr(project.taxonomy, group):
            write(f"{group}/{term.id}.md", "term.md.j2", group=group, term=term)
    write(CODES_PAGE, "codes.md.j2", codes=codes())
    write_schemas(project.taxonomy, docs_dir / "schema")


def write_pack_pages(
    project: Project, downloads: tuple[Download, ...], docs_dir: Path, markdown: Markdown
) -> None:
    """Write each pack's page, which offers its poster and zip from ``downloads``.

    The offline copy writes them again over its linked docs: it holds no pack zip.
    """
    write = writer(
        environment(project.settings.root, markdown), project, downloads, docs_dir, markdown
    )
    for pack in project.packs:
        write(pack_page(pack), "pack.md.j2", pack=pack)


def write_downloads_page(
    project: Project,
    downloads: tuple[Download, ...],
    docs_dir: Path,
    markdown: Markdown,
    offline: bool = False,
) -> None:
    """Write the downloads page listing ``downloads`` (the offline copy's lacks its own zip).

    The site's page says what the everything zip holds and how big it is; the offline copy's
    (inside that zip) says where each pack's files are, since it holds no pack zip.
    """
    root = project.settings.root
    found = words(root)
    pdfs = sum(d.path.endswith(".pdf") for d in downloads)
    holds = {
        d.path: word(
            found, "site-bundle-holds", packs=len(project.packs), pdfs=pdfs, size=human_size(d.size)
        )
        for d in downloads
        if d.kind == "site-bundle"
    }
    write = writer(environment(root, markdown), project, downloads, docs_dir, markdown)
    folder = {
        pack.slug: word(found, "pack-folder", folder=f"{DOWNLOADS}/{pack.slug}/")
        for pack in project.packs
    }
    write(DOWNLOADS_PAGE, "downloads.md.j2", offline=offline, holds=holds, folder=folder)


def environment(root: Path, markdown: Markdown) -> SandboxedEnvironment:
    """Return the pages environment (templates/pages over the built-in ones) with its filters."""
    # No autoescaping: the output is Markdown; values go through the md/attr filters.
    env = sandbox(folders(root, "pages"), autoescape=False)
    env.filters.update(
        yamlstr=front_matter_value,
        md=markdown.inline,
        body=lambda body: _card_body(body, markdown),
        size=human_size,
        attr=html_attr,
        url=url,
    )
    return env


def writer(
    env: SandboxedEnvironment,
    project: Project,
    downloads: tuple[Download, ...],
    docs_dir: Path,
    markdown: Markdown,
) -> Callable[..., None]:
    """Return a function that renders one template to one docs path."""

    def write(path: str, template: str, **values: Any) -> None:
        text = env.get_template(template).render(
            project=project,
            settings=project.settings,
            taxonomy=project.taxonomy,
            downloads=downloads,
            licenses=LICENSES,
            link=lambda target: _relative(path, target),
            pack_downloads=lambda slug: [d for d in downloads if d.pack == slug],
            card_downloads=lambda slug, card: [
                d for d in downloads if d.pack == slug and d.card == card
            ],
            packs_with=lambda group, term_id: [
                p for p in project.packs if term_id in getattr(p, group)
            ],
            cards_for=lambda audience: _cards_for(project, audience),
            label=lambda group, term_id: _label(project, group, term_id),
            asset=lambda ref: rewrite_ref(ref, "", markdown.is_relative),
            has_page=lambda name: (docs_dir / name).is_file(),
            **values,
        )
        out = docs_dir / path
        out.parent.mkdir(parents=True, exist_ok=True)
        out.unlink(missing_ok=True)  # a hard link into the site's docs (the offline copy's)
        out.write_text(text, encoding="utf-8")

    return write


def _card_body(body: str, markdown: Markdown) -> str:
    """Escape raw HTML and point a card's relative links at where the page will live."""

    def rewrite(m: re.Match[str]) -> str:
        return m.group(1) + rewrite_ref(m.group(2), "cards", markdown.is_relative) + m.group(3)

    return _DEFINITION.sub(rewrite, _REF.sub(rewrite, markdown.body(body)))


def rewrite_ref(ref: str, base: str, is_relative: Callable[[str], bool]) -> str:
    """Map a pack-relative reference (from ``base``) to a link from the pack's pages."""
    if not is_relative(ref) or ref.startswith("/"):
        return ref
    target = posixpath.normpath(posixpath.join(base, ref))
    card = re.fullmatch(r"cards/\d{2}-([a-z0-9-]+)\.md(#.*)?", target)
    return f"{card.group(1)}.md{card.group(2) or ''}" if card else target


def _copy_assets(project: Project, docs_dir: Path) -> None:
    """Copy each pack's assets/ files beside its pages (the files its zip ships)."""
    for pack in project.packs:
        folder = project.settings.root / pack.folder
        for rel in pack.files:
            if rel.startswith("assets/"):
                out = docs_dir / pack.slug / rel
                out.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(folder / rel, out)


def _relative(page: str, target: str) -> str:
    """Return the link from docs page ``page`` to docs file ``target``."""
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


def _label(project: Project, group: str, term_id: str) -> str:
    term = project.taxonomy.find(group, term_id)
    return term.label if term else term_id


def _cards_for(project: Project, audience: str) -> list[tuple[Pack, Card]]:
    return [(p, c) for p in project.packs for c in p.cards if audience in c.audiences]


def human_size(size: int) -> str:
    """Format a byte count the way a download box shows it."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def _copy_content(
    project: Project, env: SandboxedEnvironment, docs_dir: Path, markdown: Markdown
) -> None:
    """Copy content/ pages and files, with each page's edit link and the latest packs."""
    content = project.settings.root / "content"
    for rel in project.content_files:
        path = content / rel
        out = docs_dir / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix != ".md":
            shutil.copyfile(path, out)
            continue
        meta, body = split_front_matter(path.read_text(encoding="utf-8"))
        # Escaped as card bodies are: check reads content pages the same way.
        body = markdown.body(body.lstrip("\n"))
        marker = markdown.body(LATEST_MARKER)
        if marker in body:
            latest = env.get_template("latest.md.j2").render(
                packs=sorted(project.packs, key=lambda p: (p.updated, p.slug), reverse=True)[
                    :LATEST_COUNT
                ],
                link=lambda target, page=rel: _relative(page, target),
                label=lambda group, term_id: _label(project, group, term_id),
            )
            body = body.replace(marker, latest)
        if edit_url := project.settings.edit_url(f"content/{rel}"):
            meta["edit_url"] = edit_url
        out.write_text(front_matter(meta) + body, encoding="utf-8")
