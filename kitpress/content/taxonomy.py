"""Load the closed vocabularies (scenarios, audiences, circles) from content/taxonomy.yml."""

from __future__ import annotations

from pathlib import Path

from kitpress.content.document import parse_yaml, read_text
from kitpress.content.fields import Fields
from kitpress.content.markup import text_field_problems
from kitpress.model import Taxonomy, Term
from kitpress.problems import Problem

TAXONOMY_FILE = "content/taxonomy.yml"
GROUPS = ("scenarios", "audiences", "circles")


def load_taxonomy(root: Path) -> tuple[Taxonomy, list[Problem]]:
    """Read content/taxonomy.yml; an unreadable file gives an empty taxonomy and problems."""
    text, problems = read_text(root / TAXONOMY_FILE, TAXONOMY_FILE)
    if text is None:
        return Taxonomy((), (), ()), problems
    doc, problems = parse_yaml(text, TAXONOMY_FILE)
    if doc.data is None:  # the YAML problem says why; its fields cannot be checked
        return Taxonomy((), (), ()), problems
    fields = Fields(doc)
    data = fields.mapping(doc.data, (), GROUPS, GROUPS)
    groups = [_terms(fields, data, group) for group in GROUPS]
    # Labels and descriptions reach pages as Markdown.
    return Taxonomy(*groups), problems + fields.problems + text_field_problems(doc)


def _terms(fields: Fields, data: dict[str, object], group: str) -> tuple[Term, ...]:
    terms = []
    for i, item in enumerate(fields.items(data, (), group, required=True)):
        at = (group, i)
        entry = fields.mapping(item, at, ("id", "label", "description"), ("id", "label"))
        if "id" in entry and "label" in entry:
            terms.append(
                Term(
                    fields.text(entry, at, "id"),
                    fields.text(entry, at, "label"),
                    fields.text(entry, at, "description"),
                )
            )
    return tuple(terms)
