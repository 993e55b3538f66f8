"""The repository's own packs and taxonomy as scripts and forms use them, whatever they are."""

import re
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import REPO

ISSUE_TEMPLATES = REPO / ".github" / "ISSUE_TEMPLATE"


def load(path: Path) -> dict:
    """Load a YAML mapping."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def test_new_pack_form_offers_the_taxonomy():
    form = load(ISSUE_TEMPLATES / "new-pack.yml")
    taxonomy = load(REPO / "content" / "taxonomy.yml")
    fields = {field.get("id"): field for field in form["body"]}
    for key in ("scenarios", "audiences"):
        labels = [term["label"] for term in taxonomy[key]]
        assert fields[key]["attributes"]["options"] == labels


def test_many_cards_makes_a_project_that_checks(tmp_path) -> None:
    """scripts/many-cards feeds the page-weight and Lighthouse figures: it must stay valid."""
    dest = tmp_path / "big"
    out = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "many-cards"), "40", str(dest), "--no-posters"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert out.strip().endswith(" 40 cards")
    assert len(list(dest.glob("packs/*/cards/*.md"))) == 40
    # A field, not a comment (kitpress new's card explains poster: true in one).
    poster = re.compile(r"^poster:\s*true\b", re.MULTILINE)
    assert not any(poster.search(p.read_text()) for p in dest.glob("packs/*/cards/*.md"))
    done = subprocess.run(
        [sys.executable, "-m", "kitpress", "check", "--no-posters", "--root", str(dest)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
