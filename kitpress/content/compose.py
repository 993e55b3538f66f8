"""Compose YAML into nodes: with libyaml's fast parser when it reads a text as PyYAML would.

PyYAML's pure-Python scanner is most of the time a check takes. libyaml scans the same
events a hundred times faster, and the nodes are still composed here in Python, with the
same limits. libyaml and PyYAML disagree on a few texts (a tab after a flow comma, a BOM
inside the text, other line breaks, directives): those, and every text libyaml cannot
read, go to PyYAML, so every problem and its line and column are PyYAML's own.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.resolver import Resolver

TAG = "tag:yaml.org,2002:"
MAX_DEPTH = 30  # a pack nests five deep; far deeper would exhaust Python's own stack
# The plain scalars that become something other than text: YAML 1.2's core schema, narrowed.
# YAML 1.1 reads 010 as 8, 1:30 as 90, no as false and .inf as infinity, but a volunteer
# means the text they typed, so everything else stays text.
_IMPLICIT = (
    ("bool", r"true|True|TRUE|false|False|FALSE", "tTfF"),
    ("int", r"[-+]?(?:0|[1-9][0-9]*)", "-+0123456789"),
    ("float", r"[-+]?(?:0|[1-9][0-9]*)\.[0-9]+", "-+0123456789"),
    ("null", r"~|null|Null|NULL|", ["~", "n", "N", ""]),
    ("timestamp", r"[0-9]{4}-[0-9]{2}-[0-9]{2}", "0123456789"),
)
PATTERNS = {TAG + name: re.compile(f"^(?:{pattern})$") for name, pattern, _ in _IMPLICIT}
# What libyaml reads otherwise than PyYAML, found by comparing the two on fuzzed texts: tabs
# (libyaml skips them in more places), a BOM after the start, CR, NEL and the Unicode line
# breaks, tags (!), ? keys, flow mappings, a : inside [ ], # right after | or >, directives
# and document markers. Packs seldom write any of these; PyYAML reads those that do.
_PURE_ONLY = re.compile(
    r"[\t\r\ufeff\x85\u2028\u2029!?{]|\[[^\]]*:|[|>][-+0-9]*#|^(?:%|---|\.\.\.)", re.MULTILINE
)


class Stop(Exception):
    """Give up on a document: nothing read after this problem could be trusted."""

    def __init__(self, code: str, mark: Any, **args: object) -> None:
        super().__init__(code)
        self.code, self.mark, self.details = code, mark, args


class _Limits:
    """Refuse an alias inside its own anchor and nesting deeper than MAX_DEPTH."""

    open_nodes: list[str]  # the anchor of each node being composed, or ""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        """Compose one node, refusing an alias inside its own anchor and deep nesting."""
        event = self.peek_event()  # type: ignore[attr-defined]
        if isinstance(event, yaml.AliasEvent) and event.anchor in self.open_nodes:
            raise Stop("K010", event.start_mark, name=event.anchor)
        if len(self.open_nodes) >= MAX_DEPTH:
            raise Stop("K008", event.start_mark, limit=MAX_DEPTH)
        self.open_nodes.append(getattr(event, "anchor", None) or "")
        try:
            node: yaml.Node | None = super().compose_node(parent, index)  # type: ignore[misc]
            return node
        finally:
            self.open_nodes.pop()


class PureLoader(_Limits, yaml.SafeLoader):
    """PyYAML's safe loader with narrowed implicit types and limits on nesting and loops."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.open_nodes = []


def _add_resolvers(cls: type[Resolver]) -> None:
    cls.yaml_implicit_resolvers = {}  # none of YAML 1.1's, only ours
    for name, _, first in _IMPLICIT:
        cls.add_implicit_resolver(TAG + name, PATTERNS[TAG + name], list(first))


_add_resolvers(PureLoader)


def compose(text: str, fast: bool = True) -> yaml.Node | None:
    """Compose one YAML document (None if empty): fast when libyaml reads it as PyYAML would."""
    if fast and _FastLoader is not None and not _PURE_ONLY.search(text):
        try:
            return yaml.compose(text, Loader=_FastLoader)
        except Exception:  # whatever libyaml refuses, PyYAML reads and says why, below
            pass
    return yaml.compose(text, Loader=PureLoader)


def has_fast() -> bool:
    """Tell whether libyaml is there to compose with."""
    return _FastLoader is not None


def _fast_loader() -> type | None:
    """Make the loader that reads events with libyaml and composes them here."""
    try:
        from yaml._yaml import CParser
    except ImportError:  # PyYAML built without libyaml
        return None

    class FastLoader(_Limits, Composer, CParser, Resolver):
        def __init__(self, text: str) -> None:
            CParser.__init__(self, text)
            Composer.__init__(self)
            Resolver.__init__(self)
            self.open_nodes = []

        def compose_scalar_node(self, anchor: Any) -> yaml.ScalarNode:
            node: yaml.ScalarNode = super().compose_scalar_node(anchor)
            node.style = node.style or None  # libyaml calls a plain scalar's style "", PyYAML None
            return node

    _add_resolvers(FastLoader)
    return FastLoader


_FastLoader = _fast_loader()
