"""Every pack of the repository, whatever they are, validates against the published schema."""

import jsonschema
import pytest
from conftest import REPO
from test_schema import SCHEMA, _as_json


@pytest.mark.parametrize("path", sorted(REPO.glob("packs/*/pack.yml")), ids=lambda p: p.parent.name)
def test_every_pack_passes_the_schema(path):
    jsonschema.validate(_as_json(path), SCHEMA)
