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


def test_bench_scale_times_the_pipeline_on_generated_cards(tmp_path) -> None:
    """scripts/bench --scale prints the issue's table, and its one edit reaches the site."""
    kept = tmp_path / "scaled"
    command = [sys.executable, str(REPO / "scripts" / "bench"), "--scale", "60", "--no-posters"]
    out = subprocess.run(
        [*command, "--keep", str(kept)], capture_output=True, text=True, timeout=300, check=True
    ).stdout
    assert re.search(r"^\d+ packs, 60 cards; ", out, re.MULTILINE), out  # whatever packs exist
    rows = dict(re.findall(r"^\| ([^|]+?) \| ([^|]+?) \|$", out, re.MULTILINE))
    for name in ("cold build", "rebuild, nothing changed", "after editing one card", "check"):
        assert re.fullmatch(r"[\d.]+ s \(CPU [\d.]+ s\)", rows[name]), rows
    ratio = rows["rebuild, nothing changed vs plain MkDocs (CPU)"]
    assert float(ratio.rstrip("×")) > 0
    assert re.match(r"\d+ MB, \d+ files", rows["`build/site`"])
    edited = min(kept.glob("packs/*/cards/*.md"))
    pages = [p.read_text() for p in (kept / "build" / "site").rglob("index.html")]
    assert sum("改过的一句话" in page for page in pages) == 1, edited
