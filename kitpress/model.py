"""The immutable model of a project: taxonomy, packs, cards and site settings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

from kitpress.problems import Mark

CONFIG_FILE = "mkdocs.yml"  # named here for Settings; outputs.py names it for everyone else
PaperSize = Literal["A4", "A3", "A5"]
Orientation = Literal["portrait", "landscape"]
PrintableKind = Literal["building-labels", "card-sheet"]
DownloadKind = Literal["poster", "building-labels", "card-sheet", "bundle", "site-bundle"]
PAPER_SIZES: tuple[PaperSize, ...] = get_args(PaperSize)
ORIENTATIONS: tuple[Orientation, ...] = get_args(Orientation)
PRINTABLE_KINDS: tuple[PrintableKind, ...] = get_args(PrintableKind)
ORIENTATION_LABELS: dict[Orientation, str] = {"portrait": "竖版", "landscape": "横版"}
DIFFICULTIES = ("容易", "中等", "较难")
LICENSES = {
    "CC-BY-4.0": (
        "知识共享 署名 4.0 国际",
        "https://creativecommons.org/licenses/by/4.0/deed.zh-hans",
    ),
    "CC-BY-SA-4.0": (
        "知识共享 署名-相同方式共享 4.0 国际",
        "https://creativecommons.org/licenses/by-sa/4.0/deed.zh-hans",
    ),
    "CC-BY-NC-SA-4.0": (
        "知识共享 署名-非商业性使用-相同方式共享 4.0 国际",
        "https://creativecommons.org/licenses/by-nc-sa/4.0/deed.zh-hans",
    ),
    "CC0-1.0": (
        "CC0 1.0 公共领域贡献",
        "https://creativecommons.org/publicdomain/zero/1.0/deed.zh-hans",
    ),
}


@dataclass(frozen=True)
class Term:
    """One taxonomy entry: a scenario, an audience or a circle."""

    id: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class Taxonomy:
    """The closed vocabularies packs choose from, read from content/taxonomy.yml."""

    scenarios: tuple[Term, ...]
    audiences: tuple[Term, ...]
    circles: tuple[Term, ...]

    def find(self, group: str, value: str) -> Term | None:
        """Return the term of ``group`` whose id or label is ``value``."""
        terms: tuple[Term, ...] = getattr(self, group)
        return next((t for t in terms if value in (t.id, t.label)), None)


@dataclass(frozen=True)
class Span:
    """A parsed quantity range such as 1-2小时 (minutes) or 10-20元 (yuan)."""

    text: str
    low: float
    high: float


@dataclass(frozen=True)
class Author:
    """A credited person or group, with the circle they worked in."""

    name: str
    circle: str = ""
    url: str = ""


@dataclass(frozen=True)
class Material:
    """Something a pack needs, with how many and what it costs."""

    name: str
    quantity: str = ""
    cost: Span | None = None
    optional: bool = False
    note: str = ""


@dataclass(frozen=True)
class Image:
    """An image in the pack folder, path relative to the pack, with its alt text."""

    src: str
    alt: str


@dataclass(frozen=True)
class PosterSpec:
    """A poster to render: the pack's own (card empty) or one card's."""

    card: str = ""
    size: PaperSize = "A4"
    orientation: Orientation = "portrait"
    mark: Mark | None = field(default=None, compare=False)  # its entry under posters:


@dataclass(frozen=True)
class Printable:
    """A printed material sheet: building labels or a card deck."""

    kind: PrintableKind
    buildings: tuple[str, ...] = ()
    per_sign: int = 1
    title: str = ""
    mark: Mark | None = field(default=None, compare=False)  # its entry under printables:
    size: PaperSize = "A4"


@dataclass(frozen=True)
class Card:
    """One tip or action of a pack, written as cards/NN-<slug>.md."""

    slug: str
    order: int
    title: str
    body: str
    source: str
    summary: str = ""
    time: Span | None = None
    cost: Span | None = None
    audiences: tuple[str, ...] = ()
    poster: bool = False
    checkin: str = ""
    body_mark: Mark | None = field(default=None, compare=False)  # the body's first line


@dataclass(frozen=True)
class Pack:
    """A toolkit pack: packs/<slug>/pack.yml with its cards and assets."""

    slug: str
    title: str
    summary: str
    license: str
    version: str
    updated: dt.date
    scenarios: tuple[str, ...]
    authors: tuple[Author, ...]
    source: str
    audiences: tuple[str, ...] = ()
    time: Span | None = None
    cost: Span | None = None
    difficulty: str = ""
    origin: str = ""
    materials: tuple[Material, ...] = ()
    steps: tuple[str, ...] = ()
    cover: Image | None = None
    posters: tuple[PosterSpec, ...] = ()
    printables: tuple[Printable, ...] = ()
    cards: tuple[Card, ...] = ()
    tags: tuple[str, ...] = ()
    steps_mark: Mark | None = field(default=None, compare=False)  # the steps: key
    files: tuple[str, ...] = ()  # what the pack's zip ships, relative to its folder

    @property
    def folder(self) -> str:
        """Return the pack's folder relative to the project root."""
        return f"packs/{self.slug}"

    def card(self, slug: str) -> Card | None:
        """Return the card named ``slug`` (or its file stem NN-slug)."""
        for card in self.cards:
            if slug in (card.slug, f"{card.order:02d}-{card.slug}"):
                return card
        return None

    def material_cost(self) -> Span | None:
        """Add up the cost of the non-optional materials that give one."""
        costs = [m.cost for m in self.materials if m.cost and not m.optional]
        if not costs:
            return None
        low, high = sum(c.low for c in costs), sum(c.high for c in costs)
        return Span(_yuan(low, high), low, high)

    def poster_specs(self) -> tuple[PosterSpec, ...]:
        """List every poster to render: the pack's own, listed ones, and cards asking."""
        specs = list(self.posters)
        if not any(not s.card for s in specs):
            specs.insert(0, PosterSpec())
        named = {s.card for s in specs}
        specs += [PosterSpec(card=c.slug) for c in self.cards if c.poster and c.slug not in named]
        return tuple(specs)


def _yuan(low: float, high: float) -> str:
    fmt = "{:g}".format
    return f"{fmt(low)}元" if low == high else f"{fmt(low)}-{fmt(high)}元"


def paper_label(size: PaperSize, orientation: Orientation) -> str:
    """Describe a paper for the downloads list, e.g. "A4 竖版"."""
    return f"{size} {ORIENTATION_LABELS[orientation]}"


def _first_day() -> dt.datetime:
    return dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Settings:
    """Site-wide settings read from mkdocs.yml (site_url, repo, extra.kitpress).

    The defaults here are the only ones: content/settings.py passes only what mkdocs.yml sets.
    """

    root: Path
    site_name: str = "kitpress"
    site_url: str = "http://localhost:8000/"
    repo_url: str = ""
    edit_branch: str = "main"
    font_family: str = "Noto Sans CJK SC"
    bundle_limit_mb: float = 50.0
    source_date: dt.datetime = field(default_factory=_first_day)
    # Where each extra.kitpress key was written in mkdocs.yml, for problems about its value.
    marks: tuple[tuple[str, Mark], ...] = field(default=(), compare=False)
    # What the offline copy changes in mkdocs.yml: its plugins and extra, as written.
    plugins: Any = field(default=None, compare=False)
    extra: Any = field(default=None, compare=False)

    def mark(self, key: str) -> Mark:
        """Return where ``key`` of extra.kitpress was written, or the top of mkdocs.yml."""
        return dict(self.marks).get(key) or Mark(CONFIG_FILE)

    def page_url(self, path: str) -> str:
        """Return the absolute URL of a site path such as ``parcel-sorting/``."""
        return self.site_url.rstrip("/") + "/" + path.lstrip("/")

    def edit_url(self, source: str) -> str:
        """Return GitHub's web-editor URL for a source file, or empty without a repo."""
        if not self.repo_url:
            return ""
        return f"{self.repo_url.rstrip('/')}/edit/{self.edit_branch}/{source}"


@dataclass(frozen=True)
class Project:
    """Everything a build needs, loaded and validated."""

    settings: Settings
    taxonomy: Taxonomy
    packs: tuple[Pack, ...]
    folders: tuple[str, ...] = ()  # every folder name under packs/, loaded or not
    pages: tuple[str, ...] = ()  # top-level names in content/: about for about.md, folders
    content_files: tuple[str, ...] = ()  # every file below content/ the site copies

    def pack(self, slug: str) -> Pack | None:
        """Return the pack named ``slug``."""
        return next((p for p in self.packs if p.slug == slug), None)


@dataclass(frozen=True)
class Download:
    """A file offered for download on the site: a poster, a sheet or a bundle."""

    path: str  # site path, e.g. downloads/parcel-sorting/poster.pdf
    kind: DownloadKind
    title: str
    size: int
    sha256: str
    pack: str = ""  # slug of the pack it belongs to, empty for site-wide files
    card: str = ""  # slug of the card for a card poster
    pages: int = 0
    paper: str = ""  # e.g. "A4 竖版"
