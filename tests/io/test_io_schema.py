"""The committed JSON Schema matches the models, and real files validate against it."""

import json

import jsonschema
import pytest
from io_paths import EXAMPLES, FIXTURES, ROOT

from metricscape.io import dumps
from metricscape.io.json_schema import (
    build_schema,
    committed_schema_text,
    schema_file_name,
    schema_text,
)

COMMITTED = ROOT / "src" / "metricscape" / "io" / "schema" / schema_file_name()


def test_the_committed_schema_matches_the_models():
    assert committed_schema_text() == schema_text(), (
        f"The JSON Schema changed with the models. Regenerate it: "
        f"metricscape schema > {COMMITTED.relative_to(ROOT)} (and bump schema_version with a migration "
        "step if existing files no longer validate).")


def test_the_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(build_schema())


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("v2/*.json")) + sorted(EXAMPLES.glob("*.json")),
                         ids=lambda p: p.name)
def test_fixtures_and_examples_validate_against_the_schema(path):
    jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), build_schema())


def test_written_files_validate_against_the_schema(small_tree):
    jsonschema.validate(json.loads(dumps(small_tree)), build_schema())


def test_the_schema_refuses_a_file_from_another_version():
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"format": "metricscape", "schema_version": 1, "model": {}}, build_schema())
