"""Every pack and card of the repository, whatever they are, passes the schemas editors use."""

import jsonschema
import pytest
from conftest import REPO
from test_schema import read_fields

from kitpress.content.taxonomy import load_taxonomy
from kitpress.publish.schema import CARD_SCHEMA, PACK_SCHEMA, schemas

SCHEMAS = schemas(load_taxonomy(REPO)[0])
FILES = sorted(REPO.glob("packs/*/pack.yml")) + sorted(REPO.glob("packs/*/cards/*.md"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_pack_and_card_passes_the_schema(path):
    schema = SCHEMAS[CARD_SCHEMA if path.suffix == ".md" else PACK_SCHEMA]
    data = read_fields(path, path.relative_to(REPO).as_posix())
    assert data is not None, "check reads this file as YAML fields"
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
