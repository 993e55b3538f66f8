"""libyaml's fast path gives every document, problem, line and column PyYAML's own would."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
import yaml
from mutations import mutate

from kitpress.content import compose
from kitpress.content.document import parse_yaml, split_front_matter

FIXTURES = Path(__file__).parent / "fixtures"
pytestmark = pytest.mark.skipif(not compose.has_fast(), reason="PyYAML built without libyaml")
# Texts libyaml alone reads otherwise than PyYAML: each must go to PyYAML.
DIVERGING = [
    "a: [1,\t2]\n",  # a tab libyaml skips
    "title: x\nve\ufeffrsion: 1\n",  # a BOM inside
    "audiences: [connecto? rs]\n",  # ? inside a flow list
    "k: !\n",  # the non-specific tag
    "k: >#\n",  # a comment right after >
    "k: {x: }\n",  # an empty value in a flow mapping
    "k: [ab:\n]\n",  # an implicit key in a flow list
    "---",  # a document marker
]
ALPHABET = [
    *"[]{},:?- ab#'\"\n&*!|>.%@`~\\\t",
    ": ",
    ", ",
    "\n  ",
    "\n- ",
    "x: ",
    "中文",
    "：",
    '"\\u4e2d"',
]


def corpus() -> list[str]:
    """Return the fixtures' YAML and card front matter, mutated, and random bits of syntax."""
    texts = [p.read_text("utf-8", "replace") for p in sorted(FIXTURES.rglob("*.yml"))]
    for card in sorted(FIXTURES.rglob("cards/*.md")):
        split = split_front_matter(card.read_text(encoding="utf-8", errors="replace"))
        texts += [split[0]] if split else []
    seeds = [t.encode() for t in texts]
    rng = random.Random(15)
    mutants = [mutate(rng, rng.choice(seeds), seeds) for _ in range(1500)]
    texts += [m.decode("utf-8", errors="replace") for m in mutants]
    texts += ["".join(rng.choices(ALPHABET, k=rng.randint(1, 14))) for _ in range(3000)]
    return texts + DIVERGING


def outcome(text: str, fast: bool) -> tuple[object, ...]:
    doc, problems = parse_yaml(text, "x.yml", line_offset=1, fast=fast)
    return repr(doc.data), doc.value_marks, doc.key_marks, doc.texts, doc.refused, problems


def libyaml_reads(text: str) -> bool:
    try:
        yaml.compose(text, Loader=compose._FastLoader)
    except Exception:
        return False
    return True


def test_both_parsers_give_the_same_documents_and_problems() -> None:
    texts = corpus()
    differ = [t for t in texts if outcome(t, True) != outcome(t, False)]
    assert differ == []
    fast = [t for t in texts if libyaml_reads(t) and not compose._PURE_ONLY.search(t)]
    assert len(fast) > 1000  # the comparison covers libyaml's path, not only PyYAML's


@pytest.mark.parametrize("text", DIVERGING)
def test_a_text_libyaml_reads_otherwise_goes_to_pyyaml(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    guarded = outcome(text, True)
    monkeypatch.setattr(compose, "_PURE_ONLY", re.compile(r"(?!)"))  # libyaml for every text
    assert outcome(text, True) != outcome(text, False) == guarded
