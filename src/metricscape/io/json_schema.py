"""The published JSON Schema of the file: the envelope around ``MetricTree``'s own schema.

The committed copy lives in ``schema/metricscape-<version>.schema.json``; a test regenerates it
and fails on drift, so editors and other tools can rely on it.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from metricscape.model import MetricTree

from . import envelope, migrations

SCHEMA_URL = "https://json-schema.org/draft/2020-12/schema"


def build_schema() -> dict[str, Any]:
    version = migrations.CHAIN.current
    tree = MetricTree.model_json_schema()
    defs = tree.pop("$defs", {})
    defs["MetricTree"] = tree
    for definition in defs.values():  # the models keep unknown fields of newer minors; this version has none
        if definition.get("additionalProperties") is True:
            definition["additionalProperties"] = False
    return {
        "$schema": SCHEMA_URL,
        "$id": f"https://metricscape.app/schema/metricscape-{version}.schema.json",
        "title": "Metricscape model file",
        "description": "A metric tree: the north star, the metrics that drive it, their links and scenarios.",
        "type": "object",
        "required": ["format", "schema_version", "model"],
        "additionalProperties": False,
        "properties": {
            "format": {"const": envelope.FORMAT_TAG},
            "schema_version": {"const": version},
            "schema_minor": {"type": "integer", "minimum": 0, "default": 0,
                             "description": "Minor version: newer minors only add optional fields"},
            "generator": {"type": "string", "description": "The program that wrote the file (informative)"},
            "model": {"$ref": "#/$defs/MetricTree"},
        },
        "$defs": defs,
    }


def schema_text() -> str:
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"


def schema_file_name(version: int | None = None) -> str:
    return f"metricscape-{migrations.CHAIN.current if version is None else version}.schema.json"


def committed_schema_text() -> str:
    return (resources.files("metricscape.io") / "schema" / schema_file_name()).read_text(encoding="utf-8")
