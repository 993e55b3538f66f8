"""The published JSON Schema and the checker describe the same format."""

import json
from importlib import resources

import jsonschema
import pytest
import yaml
from conftest import FIXTURES, REPO

from kitpress.content.packfile import AUTHOR_KEYS, MATERIAL_KEYS, PACK_KEYS, POSTER_KEYS, REQUIRED

SCHEMA = json.loads(
    resources.files("kitpress").joinpath("data/pack.schema.json").read_text(encoding="utf-8")
)


def test_schema_lists_exactly_the_checked_fields():
    props = SCHEMA["properties"]
    assert set(props) == set(PACK_KEYS)
    assert set(SCHEMA["required"]) == set(REQUIRED)
    assert set(props["authors"]["items"]["properties"]) == set(AUTHOR_KEYS)
    assert set(props["materials"]["items"]["properties"]) == set(MATERIAL_KEYS)
    assert set(props["posters"]["items"]["properties"]) == set(POSTER_KEYS)


def _as_json(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return json.loads(json.dumps(data, default=str))  # dates become YYYY-MM-DD strings


@pytest.mark.parametrize(
    "path",
    [*sorted(REPO.glob("packs/*/pack.yml")), FIXTURES / "site/packs/gate-parcels/pack.yml"],
    ids=lambda p: p.parent.name,
)
def test_valid_packs_pass_the_schema(path):
    jsonschema.validate(_as_json(path), SCHEMA)


@pytest.mark.parametrize("name", ["unknown-key", "missing-fields", "bad-time-cost", "poster-card"])
def test_broken_packs_fail_the_schema(name):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(_as_json(FIXTURES / "bad/packs" / name / "pack.yml"), SCHEMA)
