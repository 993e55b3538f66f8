"""The project's and the site's address space: source names, slugs, reserved names, output paths.

Every address a build writes (pages, posters, sheets, zips, SHA256SUMS) is named here, and
``plan_site`` plans them all from the model before anything renders, so every naming clash is
found by check (with or without posters), by build and by ``kitpress new`` alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kitpress.model import CONFIG_FILE as CONFIG_FILE  # named in model.py for Settings
from kitpress.model import Card, Pack, PosterSpec, Printable, Project
from kitpress.problems import Mark, Problem, problem

SLUG = re.compile(r"^(?=.{3,40}$)[a-z0-9]+(?:-[a-z0-9]+)*$")
DOWNLOADS = "downloads"
SITE_FOLDER = "kitpress-all"  # the everything zip: downloads/kitpress-all.zip, ASCII for old unzips
SITE_BUNDLE = f"{DOWNLOADS}/{SITE_FOLDER}.zip"
SUMS = "SHA256SUMS"
SUMS_PATH = f"{DOWNLOADS}/{SUMS}"
# Site folders a pack page must not shadow: generated sections and MkDocs/Material assets.
RESERVED = {
    "packs", "scenarios", "audiences", "downloads", "schema", "codes", "assets", "search",
    "stylesheets", "javascripts", "offline", "content", "build", "static", "404", "pagefind",
    "print",
}  # fmt: skip


# Pages the build writes besides the packs' and content/'s (publish/pages.py writes them).
CATALOG_PAGE = "packs/index.md"
CODES_PAGE = "codes/index.md"
SEARCH_PAGE = "search/index.md"  # the 搜索 page of the online site (Pagefind)
DOWNLOADS_PAGE = f"{DOWNLOADS}/index.md"
# 打印定制: print/<pack>/ for each pack with posters or printables, and their index print/.
# A section of its own, not <pack>/print/, which a card named "print" would take.
PRINT = "print"
PRINT_INDEX_PAGE = f"{PRINT}/index.md"
TERM_GROUPS = ("scenarios", "audiences")


def generated_pages(project: Project) -> frozenset[str]:
    """Name every Markdown page the build writes into build/docs besides content/'s."""
    pages = {CATALOG_PAGE, CODES_PAGE, DOWNLOADS_PAGE, SEARCH_PAGE, *print_pages(project)}
    for group in TERM_GROUPS:
        pages.add(f"{group}/index.md")
        pages |= {f"{group}/{term.id}.md" for term in getattr(project.taxonomy, group)}
    for pack in project.packs:
        pages |= {pack_page(pack)} | {card_page(pack, card) for card in pack.cards}
    return frozenset(pages)


def has_print(pack: Pack) -> bool:
    """Tell whether a pack gets a 打印定制 page: it has posters or printables."""
    return bool(pack.printables or pack.poster_specs())


def print_page(pack: Pack) -> str:
    """Return the docs file of a pack's 打印定制 page."""
    return f"{PRINT}/{pack.slug}.md"


def print_pages(project: Project) -> list[str]:
    """Name the 打印定制 pages: one per pack that prints something, and their index."""
    packs = [print_page(pack) for pack in project.packs if has_print(pack)]
    return [PRINT_INDEX_PAGE, *packs] if packs else []


def pack_path(pack: Pack) -> str:
    """Return the site path of a pack's page."""
    return f"{pack.slug}/"


def card_path(pack: Pack, card: Card) -> str:
    """Return the site path of a card's page."""
    return f"{pack.slug}/{card.slug}/"


def pack_page(pack: Pack) -> str:
    """Return the docs file of a pack's page."""
    return f"{pack.slug}/index.md"


def card_page(pack: Pack, card: Card) -> str:
    """Return the docs file of a card's page."""
    return f"{pack.slug}/{card.slug}.md"


def bundle_path(pack: Pack) -> str:
    """Return the site path of a pack's zip."""
    return f"{DOWNLOADS}/{pack.slug}.zip"


def poster_name(spec: PosterSpec, card: Card | None) -> str:
    """Name a poster file: poster.pdf, poster-<card>.pdf, poster-a3-landscape.pdf ..."""
    parts = ["poster"] + ([card.slug] if card else [])
    if spec.size != "A4":
        parts.append(spec.size.lower())
    if spec.orientation != "portrait":
        parts.append(spec.orientation)
    return "-".join(parts) + ".pdf"


def poster_path(pack: Pack, spec: PosterSpec, card: Card | None) -> str:
    """Return the site path of one of a pack's posters."""
    return f"{DOWNLOADS}/{pack.slug}/{poster_name(spec, card)}"


def printable_path(pack: Pack, index: int) -> str:
    """Return the site path of a pack's printable; the n-th of a kind gets the suffix -n."""
    printable = pack.printables[index]
    same = [
        p for p in pack.printables[:index] if (p.kind, p.size) == (printable.kind, printable.size)
    ]
    suffix = f"-{len(same) + 1}" if same else ""
    name = "building-labels" if printable.kind == "building-labels" else "cards"
    paper = "" if printable.size == "A4" else f"-{printable.size.lower()}"
    return f"{DOWNLOADS}/{pack.slug}/{name}{paper}{suffix}.pdf"


def taken_names(pages: Iterable[str]) -> frozenset[str]:
    """Return the names no pack may have: site folders, the everything zip, content pages."""
    return frozenset(RESERVED | {SITE_FOLDER} | set(pages))


def name_problem(slug: str, taken: frozenset[str]) -> str:
    """Name what is wrong with ``slug`` as a pack's name: "K105", "K118", or ""."""
    if not SLUG.match(slug):
        return "K105"
    return "K118" if slug in taken else ""


@dataclass(frozen=True)
class PlannedPoster:
    """One poster file of a pack: what it shows and where it goes."""

    spec: PosterSpec
    card: Card | None
    path: str


@dataclass(frozen=True)
class SitePlan:
    """Every address a build writes, planned from the model before anything renders."""

    posters: tuple[tuple[str, tuple[PlannedPoster, ...]], ...]  # by pack slug
    printables: tuple[str, ...]
    bundles: tuple[str, ...]
    pages: tuple[str, ...]
    site_bundle: str = SITE_BUNDLE
    sums: str = SUMS_PATH

    def addresses(self) -> tuple[str, ...]:
        """List every file the build writes below build/docs, pages included."""
        posters = tuple(p.path for _, planned in self.posters for p in planned)
        downloads = (*posters, *self.printables, *self.bundles, self.site_bundle, self.sums)
        return (*self.pages, *downloads)


def plan_site(project: Project) -> tuple[SitePlan, list[Problem]]:
    """Plan every page and download of the project, reporting every naming clash."""
    problems = _name_problems(project)
    posters = []
    for pack in project.packs:
        planned, clashes = plan_posters(pack)
        posters.append((pack.slug, planned))
        problems += clashes
    printables = tuple(
        printable_path(pack, i) for pack in project.packs for i in range(len(pack.printables))
    )
    pages = ["packs/index.md", f"{DOWNLOADS}/index.md"]
    for pack in project.packs:
        pages += [pack_page(pack), *(card_page(pack, card) for card in pack.cards)]
    pages += print_pages(project)
    for group in ("scenarios", "audiences"):
        pages += [f"{group}/index.md"]
        pages += [f"{group}/{term.id}.md" for term in getattr(project.taxonomy, group)]
    plan = SitePlan(
        posters=tuple(posters),
        printables=printables,
        bundles=tuple(bundle_path(pack) for pack in project.packs),
        pages=tuple(pages),
    )
    return plan, problems


def _name_problems(project: Project) -> list[Problem]:
    """Report pack folders whose name is not a slug, is taken, or differs only in case."""
    taken = taken_names(project.pages)
    owners = _first_of_each_name(project.folders)
    out = []
    for name in project.folders:
        mark = Mark(f"packs/{name}/pack.yml")
        code = name_problem(name, taken)
        if code:
            out.append(problem(mark, code, slug=name))
        if owners[name.lower()] != name:
            out.append(problem(mark, "K106", slug=name, other=f"packs/{owners[name.lower()]}"))
    return out


def _first_of_each_name(folders: Iterable[str]) -> dict[str, str]:
    """Map each lower-cased pack name to the folder that keeps it: the all-lowercase one."""
    # Folders differing only in case clash on macOS and Windows; blame the one that differs.
    kept: dict[str, str] = {}
    for name in sorted(folders, key=lambda n: (n != n.lower(), n)):
        kept.setdefault(name.lower(), name)
    return kept


def plan_posters(pack: Pack) -> tuple[tuple[PlannedPoster, ...], list[Problem]]:
    """Plan a pack's posters, one per file; report two different posters on one file (K310)."""
    planned: dict[str, PlannedPoster] = {}
    clashes = []
    for spec in pack.poster_specs():
        card = pack.card(spec.card) if spec.card else None
        if spec.card and card is None:
            continue  # an unknown card is the validator's K303, not a poster
        path = poster_path(pack, spec, card)
        first = planned.get(path)
        if first is None:
            planned[path] = PlannedPoster(spec, card, path)
        elif not _same_poster(first, card, spec):  # e.g. card "a3" and the pack's A3 poster
            mark = spec.mark or Mark(card.source if card else pack.source)
            name = poster_name(spec, card)
            clashes.append(problem(mark, "K310", name=name, **describe_poster(first)))
    return tuple(planned.values()), clashes


def _same_poster(first: PlannedPoster, card: Card | None, spec: PosterSpec) -> bool:
    """Tell whether a spec asks for a planned poster again (a card named with its number)."""
    same_card = first.card == card
    return same_card and (first.spec.size, first.spec.orientation) == (spec.size, spec.orientation)


def describe_poster(poster: PlannedPoster) -> dict[str, str]:
    """Name a poster for a message by catalog words: card a3's A4 portrait poster."""
    card = poster.card
    whose = {"poster": "card-poster", "card": card.slug} if card else {"poster": "pack-poster"}
    return whose | {"size": poster.spec.size, "orientation": poster.spec.orientation}


def printables_of(pack: Pack) -> tuple[tuple[Printable, str], ...]:
    """Pair each printable of a pack with its site path."""
    return tuple((p, printable_path(pack, i)) for i, p in enumerate(pack.printables))
