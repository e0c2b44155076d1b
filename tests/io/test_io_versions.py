"""Issue 16, item 10: major/minor file-format versions and re-saves that keep what the user wrote."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from metricscape.cli import main
from metricscape.io import LoadError, dumps, envelope, load, loads, migrations, save

MAJOR = migrations.CHAIN.current
NEWER_MINOR = envelope.SCHEMA_MINOR + 1


def newer_minor_file() -> dict[str, Any]:
    """A file from a newer minor version: new optional fields at every level of the model."""
    return {
        "format": "metricscape", "schema_version": MAJOR, "schema_minor": NEWER_MINOR,
        "generator": "metricscape 9.9", "model": {
            "info": {"name": "Shop", "colour_theme": "ocean"},
            "metrics": [
                {"id": "orders", "name": "Orders", "kind": "north_star", "formula": "visitors * conversion",
                 "dashboard_url": "https://example.com/orders"},
                {"id": "visitors", "name": "Visitors", "kind": "input", "baseline": 1000,
                 "uncertainty": {"distribution": "range", "low": 900, "high": 1100, "skew": 0.2},
                 "position": {"x": 10, "y": 20, "z": 3},
                 "gaming_risks": [{"description": "Bots", "owner_team": "Trust"}]},
                {"id": "conversion", "name": "Conversion", "kind": "input", "unit": "%", "baseline": 0.03},
            ],
            "links": [{"source": "visitors", "target": "orders", "kind": "formula", "strength": "strong"},
                      {"source": "conversion", "target": "orders", "kind": "formula"}],
            "scenarios": [{"id": "s", "name": "S", "changes": [{"metric": "visitors", "mode": "relative",
                                                                "value": 5, "note": "from the plan"}],
                           "tags": ["q3"]}],
            "simulation": {"samples": 500, "engine": "qmc"},
            "annotations": [{"text": "a sticky note"}],
        }}


def write(tmp_path: Path, document: dict[str, Any], name: str = "model.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return path


def test_a_newer_minor_opens_with_a_note(tmp_path):
    loaded = load(write(tmp_path, newer_minor_file()))
    assert loaded.tree.metric("visitors").baseline == 1000
    assert loaded.notes == ((
        f"This file comes from a newer Metricscape (file format {MAJOR}.{NEWER_MINOR}; this version knows "
        f"{MAJOR}.{envelope.SCHEMA_MINOR}). It opens, and what this version does not know is kept unchanged "
        "when you save. Update Metricscape to see and edit everything in it."),)


def test_a_newer_minor_keeps_unknown_fields_at_every_level_through_a_save(tmp_path):
    original = newer_minor_file()
    path = write(tmp_path, original)
    loaded = load(path)
    save(loaded.tree, path, expected_fingerprint=loaded.fingerprint)
    again = json.loads(path.read_text(encoding="utf-8"))
    assert again["schema_minor"] == NEWER_MINOR  # it still holds that version's fields
    model, before = again["model"], original["model"]
    assert model["info"]["colour_theme"] == "ocean"
    assert model["annotations"] == before["annotations"]
    assert model["simulation"]["engine"] == "qmc"
    visitors = model["metrics"][1]
    assert visitors["uncertainty"]["skew"] == 0.2 and visitors["position"]["z"] == 3
    assert visitors["gaming_risks"][0]["owner_team"] == "Trust"
    assert model["metrics"][0]["dashboard_url"] == "https://example.com/orders"
    assert model["links"][0]["strength"] == "strong"
    assert model["scenarios"][0]["tags"] == ["q3"] and model["scenarios"][0]["changes"][0]["note"] == "from the plan"
    assert list(visitors)[:3] == ["id", "name", "kind"]  # known fields first, in the usual order
    assert load(path).notes  # and it opens again the same way


def test_unknown_fields_survive_an_edit_in_the_app_model(tmp_path):
    from metricscape.model import Document

    doc = Document(load(write(tmp_path, newer_minor_file())).tree)
    doc.apply(doc.plan.update_metric("visitors", name="Weekly visitors"))
    written = json.loads(dumps(doc.tree))
    assert written["schema_minor"] == NEWER_MINOR
    assert written["model"]["annotations"] == [{"text": "a sticky note"}]
    assert written["model"]["metrics"][1]["name"] == "Weekly visitors"
    assert written["model"]["metrics"][1]["uncertainty"]["skew"] == 0.2


def test_a_file_of_this_version_still_refuses_an_unknown_field():
    document = newer_minor_file()
    document["schema_minor"] = envelope.SCHEMA_MINOR
    with pytest.raises(LoadError) as caught:
        loads(json.dumps(document))
    assert "model.info.colour_theme: unknown field" in str(caught.value)


def test_a_newer_major_is_refused_as_before():
    document = newer_minor_file()
    document["schema_version"] = MAJOR + 1
    with pytest.raises(LoadError) as caught:
        loads(json.dumps(document))
    assert f"written by a newer Metricscape (file format {MAJOR + 1}); this version reads up to {MAJOR}" \
        in str(caught.value)


@pytest.mark.parametrize("minor", [-1, "1", 1.5, True])
def test_a_malformed_minor_is_refused(minor):
    document = newer_minor_file()
    document["schema_minor"] = minor
    with pytest.raises(LoadError, match='"schema_minor" should be a whole number'):
        loads(json.dumps(document))


def test_the_cli_prints_the_note(tmp_path, capsys):
    assert main(["show", str(write(tmp_path, newer_minor_file()))]) == 0
    assert "file format" in capsys.readouterr().err


def test_the_writer_states_the_minor_it_writes():
    document = json.loads(dumps(loads(json.dumps({"format": "metricscape", "schema_version": MAJOR, "model": {}}))))
    assert list(document)[:3] == ["format", "schema_version", "schema_minor"]
    assert document["schema_minor"] == envelope.SCHEMA_MINOR


@pytest.mark.parametrize("number", [2**53 + 1, -(2**60) - 7, 10**300 + 1])
def test_a_whole_number_beyond_2_53_keeps_its_digits(number):
    metric = {"id": "a", "name": "A", "baseline": number, "target": number}
    text = dumps(loads(json.dumps({"format": "metricscape", "schema_version": MAJOR, "model": {"metrics": [metric]}})))
    written = json.loads(text)["model"]["metrics"][0]
    assert written["baseline"] == number and written["target"] == number
    assert isinstance(written["baseline"], int)


@pytest.mark.parametrize(("x", "kept"), [(-0.04, -0.04), (0.04, 0.04), (123.44, 123.4), (-0.0, None)])
def test_a_small_position_is_not_rounded_away_to_the_default(x, kept):
    metric = {"id": "a", "name": "A", "position": {"x": x}}
    written = json.loads(dumps(loads(json.dumps(
        {"format": "metricscape", "schema_version": MAJOR, "model": {"metrics": [metric]}}))))
    assert written["model"]["metrics"][0].get("position", {}).get("x") == kept
