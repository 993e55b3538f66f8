"""The published JSON Schema and the checker describe the same format."""

import json
from importlib import resources

import jsonschema
import pytest
import yaml
from conftest import FIXTURES

from kitpress.build import inspect
from kitpress.content.packfile import AUTHOR_KEYS, MATERIAL_KEYS, PACK_KEYS, POSTER_KEYS, REQUIRED
from kitpress.content.settings import load_settings

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


def problems_of(root):
    return inspect(root, load_settings(root))[1]


def _as_json(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return json.loads(json.dumps(data, default=str))  # dates become YYYY-MM-DD strings


@pytest.mark.parametrize(
    "path",
    [FIXTURES / "site/packs/gate-parcels/pack.yml"],
    ids=lambda p: p.parent.name,
)
def test_valid_packs_pass_the_schema(path):
    jsonschema.validate(_as_json(path), SCHEMA)


BROKEN = [  # (bad fixture pack, what the schema refuses: (path, validator, a word), the checker's codes)
    ("unknown-key", [((), "additionalProperties", "'titel'")], {"K102"}),
    (
        "missing-fields",
        [((), "required", "'authors'"), ((), "required", "'license'")],
        {"K101"},
    ),
    (
        "bad-time-cost",
        [
            (("cost",), "pattern", "'很便宜'"),
            (("materials", 0, "cost"), "pattern", "'十块'"),
            (("time",), "pattern", "'一会儿'"),
        ],
        {"K111", "K112"},
    ),
    ("poster-card", [(("posters", 1, "size"), "enum", "'B5'")], {"K303", "K304"}),
]


@pytest.mark.parametrize(("name", "refused", "codes"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_packs_fail_the_schema_where_the_checker_does(name, refused, codes):
    validator = jsonschema.validators.validator_for(SCHEMA)(SCHEMA)
    errors = validator.iter_errors(_as_json(FIXTURES / "bad/packs" / name / "pack.yml"))
    found = sorted((tuple(e.absolute_path), e.validator, e.message) for e in errors)
    assert [(path, kind) for path, kind, _ in found] == [(path, kind) for path, kind, _ in refused]
    assert all(
        word in message for (_, _, message), (_, _, word) in zip(found, refused, strict=True)
    )
    checked = {p.code for p in problems_of(FIXTURES / "bad") if f"/{name}/" in p.mark.path}
    assert checked == codes
