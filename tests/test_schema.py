"""The JSON Schemas and the checker describe the same format: every fixture gets one verdict."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import CJK, FIXTURES

from kitpress.build import CheckOptions, check
from kitpress.content.cards import CARD_KEYS
from kitpress.content.document import parse_yaml, split_front_matter
from kitpress.content.packfile import AUTHOR_KEYS, MATERIAL_KEYS, PACK_KEYS, POSTER_KEYS, REQUIRED
from kitpress.content.taxonomy import load_taxonomy
from kitpress.publish.schema import CARD_SCHEMA, FOLDER, PACK_SCHEMA, schemas

SITE = FIXTURES / "site"
SCHEMAS = schemas(load_taxonomy(SITE)[0])
SCHEMA, CARD = SCHEMAS[PACK_SCHEMA], SCHEMAS[CARD_SCHEMA]
# The problems a schema can see too: fields, types, lengths, formats and closed lists.
# The rest (files, links, card names, dates after today, plausible sums...) only check knows.
COVERED = {"K101", "K102", "K103", "K104", "K107", "K108", "K109", "K110", "K111", "K112"}
COVERED |= {"K113", "K114", "K115", "K116", "K117", "K304", "K306"}
# K119 also names a link without https:// inside Markdown text, which a schema cannot read:
# the field it shares with check, an author's url, is tested on its own below.
PROJECTS = sorted(p.parent for p in FIXTURES.glob("*/mkdocs.yml"))


def test_schemas_list_exactly_the_checked_fields():
    props = SCHEMA["properties"]
    assert set(props) == set(PACK_KEYS)
    assert set(SCHEMA["required"]) == set(REQUIRED)
    assert set(props["authors"]["items"]["properties"]) == set(AUTHOR_KEYS)
    assert set(props["materials"]["items"]["properties"]) == set(MATERIAL_KEYS)
    assert set(props["posters"]["items"]["properties"]) == set(POSTER_KEYS)
    assert set(CARD["properties"]) == set(CARD_KEYS)
    assert CARD["required"] == ["title"]


def test_scenarios_audiences_and_circles_come_from_the_taxonomy():
    taxonomy = load_taxonomy(SITE)[0]
    defs = SCHEMA["$defs"]
    for name, terms in (("scenario", taxonomy.scenarios), ("circle", taxonomy.circles)):
        assert defs[name]["enum"][: len(terms)] == [t.label for t in terms]
        assert set(defs[name]["enum"]) == {t.label for t in terms} | {t.id for t in terms}
        assert "、".join(t.label for t in terms) in defs[name]["description"]
    assert CARD["$defs"]["audience"] == defs["audience"]
    assert "志愿者" in defs["audience"]["enum"] and "volunteers" in defs["audience"]["enum"]


def test_check_writes_the_schemas_for_editors_with_the_projects_own_taxonomy(make_project):
    root = make_project("site")
    taxonomy = root / "content" / "taxonomy.yml"
    text = taxonomy.read_text(encoding="utf-8")
    taxonomy.write_text(
        text.replace("audiences:\n", "audiences:\n  - {id: cyclists, label: 骑车的人}\n"),
        encoding="utf-8",
    )
    assert check(root, CheckOptions(posters=False)) == []
    written = json.loads((root / FOLDER / PACK_SCHEMA).read_text(encoding="utf-8"))
    assert written["$defs"]["audience"]["enum"][0] == "骑车的人"
    card = json.loads((root / FOLDER / CARD_SCHEMA).read_text(encoding="utf-8"))
    assert "cyclists" in card["$defs"]["audience"]["enum"]


def nodes(schema: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Return every subschema with where it is, depth first."""
    found = []
    if isinstance(schema, dict):
        found.append((path, schema))
        for key, value in schema.items():
            found += nodes(value, f"{path}/{key}")
    elif isinstance(schema, list):
        for index, value in enumerate(schema):
            found += nodes(value, f"{path}/{index}")
    return found


@pytest.mark.parametrize("name", [PACK_SCHEMA, CARD_SCHEMA])
def test_every_field_is_described_in_chinese_and_every_pattern_has_examples(name):
    schema = SCHEMAS[name]
    fields = [  # each property and each definition
        (path, node)
        for path, node in nodes(schema)
        if path.split("/")[-2:-1] in (["properties"], ["$defs"])
    ]
    assert len(fields) > 20 if name == PACK_SCHEMA else len(fields) > 6
    for path, node in fields:
        if "$ref" in node:
            continue  # described where it is defined
        assert CJK.search(node.get("description", "")), f"{path}: no Chinese description"
    for path, node in nodes(schema):
        if "pattern" in node:
            assert node.get("examples") and CJK.search(node.get("description", "")), path


@pytest.mark.parametrize("name", [PACK_SCHEMA, CARD_SCHEMA])
def test_every_example_is_valid_where_it_is_given(name):
    schema = SCHEMAS[name]
    given = [(path, node) for path, node in nodes(schema) if isinstance(node.get("examples"), list)]
    assert given
    for _, node in given:
        for example in node["examples"]:
            alone = {**node, "$defs": schema.get("$defs", {})}
            jsonschema.validate(example, alone, format_checker=jsonschema.FormatChecker())


def _as_json(data: Any) -> Any:
    """Make parsed YAML what an editor's schema sees: dates as YYYY-MM-DD text."""
    return json.loads(json.dumps(data, default=str))


def read_fields(path: Path, rel: str) -> Any:
    """Return what check reads from a pack.yml or a card's front matter; None if unreadable."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None
    if path.suffix == ".md":
        split = split_front_matter(text)
        if split is None:
            return None
        text = split[0]
    doc, problems = parse_yaml(text, rel)
    return None if problems or not isinstance(doc.data, dict) else _as_json(doc.data)


def verdicts(root: Path) -> list[tuple[str, bool, bool, list[str]]]:
    """Return (file, schema refuses, check refuses, schema messages) for each file of packs/."""
    taxonomy = load_taxonomy(root)[0]
    local = schemas(taxonomy)
    found = check(root, CheckOptions(posters=False))
    out = []
    for path in sorted((root / "packs").glob("*/pack.yml")) + sorted(
        (root / "packs").glob("*/cards/*.md")
    ):
        rel = path.relative_to(root).as_posix()
        data = read_fields(path, rel)
        if data is None:
            continue  # the schema never sees a file YAML cannot read: check's K0xx says why
        schema = local[CARD_SCHEMA if path.suffix == ".md" else PACK_SCHEMA]
        validator = jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.FormatChecker()
        )
        errors = [e.message for e in validator.iter_errors(data)]
        refused = any(p.code in COVERED and p.mark.path == rel for p in found)
        out.append((rel, bool(errors), refused, errors))
    return out


@pytest.fixture(scope="module")
def judged(tmp_path_factory) -> dict[str, list[tuple[str, bool, bool, list[str]]]]:
    """Judge copies of the fixture projects (check writes build/schema into a project)."""
    out = {}
    for root in PROJECTS:
        copy = tmp_path_factory.mktemp("judged") / root.name
        shutil.copytree(root, copy)
        out[root.name] = verdicts(copy)
    return out


@pytest.mark.parametrize("name", [p.name for p in PROJECTS])
def test_every_fixture_gets_the_same_verdict_from_the_schema_and_from_check(judged, name):
    got = judged[name]
    assert got, "no pack or card read"
    differ = [
        (rel, schema, checked, errors) for rel, schema, checked, errors in got if schema != checked
    ]
    assert differ == []


def test_the_verdicts_cover_good_and_bad_files(judged):
    got = [v for found in judged.values() for v in found]
    assert sum(1 for _, refused, _, _ in got if refused) >= 10
    assert sum(1 for _, refused, _, _ in got if not refused) >= 10


BROKEN = [  # (bad fixture pack, what the schema refuses: (path, validator, a word))
    ("unknown-key", [((), "additionalProperties", "'titel'")]),
    ("author-url", [(("authors", 0, "url"), "pattern", "'www.example.org'")]),
    ("missing-fields", [((), "required", "'authors'"), ((), "required", "'license'")]),
    (
        "bad-time-cost",
        [
            (("cost",), "anyOf", "'很便宜'"),  # neither 数字加元 nor a bare number
            (("materials", 0, "cost"), "anyOf", "'十块'"),
            (("time",), "pattern", "'一会儿'"),
        ],
    ),
    ("poster-card", [(("posters", 1, "size"), "enum", "'B5'")]),
    (
        "unknown-taxonomy",
        [(("audiences", 0), "enum", "'老人家'"), (("scenarios", 0), "enum", "'小区门进'")],
    ),
]


@pytest.mark.parametrize(("name", "refused"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_packs_fail_the_schema_at_the_field_check_names(name, refused, tmp_path):
    root = tmp_path / "bad"
    shutil.copytree(FIXTURES / "bad", root)
    if name == "author-url":  # made here: the bad fixture keeps one kind of mistake per pack
        made = root / "packs" / name
        shutil.copytree(root / "packs" / "unknown-key", made)
        text = (made / "pack.yml").read_text(encoding="utf-8").replace("titel: 多写的字段\n", "")
        text = text.replace("  - name: 测试小组", "  - name: 测试小组\n    url: www.example.org")
        (made / "pack.yml").write_text(text, encoding="utf-8")
        found = [
            p.code for p in check(root, CheckOptions(posters=False)) if f"/{name}/" in p.mark.path
        ]
        assert found == ["K119"]
    local = schemas(load_taxonomy(root)[0])[PACK_SCHEMA]
    validator = jsonschema.Draft202012Validator(local)
    path = root / "packs" / name / "pack.yml"
    errors = validator.iter_errors(read_fields(path, f"packs/{name}/pack.yml"))
    found = sorted((tuple(e.absolute_path), e.validator, e.message) for e in errors)
    assert [(at, kind) for at, kind, _ in found] == [(at, kind) for at, kind, _ in refused]
    assert all(
        word in message for (_, _, message), (_, _, word) in zip(found, refused, strict=True)
    )


def test_a_project_where_build_cannot_be_written_is_still_checked(make_project):
    root = make_project("site")
    (root / "build").write_text("a file where the build folder should be", encoding="utf-8")
    assert check(root, CheckOptions(posters=False)) == []
