"""The migration chain: old files are upgraded one step at a time on the raw JSON before validation.

The chain's mechanics are tested with a test-only chain (rates written as 62 for 62 % become 0.62);
the real step 1 -> 2 (formula links stored once, in the formula) in test_io_migration_v1_to_v2.py.
"""

import json
import shutil

import pytest
from io_paths import FIXTURES

from metricscape.io import LoadError, load, loads, migrations
from metricscape.io.migrations import MigrationChain


def rates_as_fractions(document: dict) -> dict:
    for metric in document["model"].get("metrics", []):
        if metric.get("unit") == "%" and isinstance(metric.get("baseline"), (int, float)):
            metric["baseline"] = metric["baseline"] / 100
    return {**document, "schema_version": 2}


@pytest.fixture
def chain_with_format_2(monkeypatch) -> MigrationChain:
    chain = MigrationChain(current=2)
    chain.step(1)(rates_as_fractions)
    monkeypatch.setattr(migrations, "CHAIN", chain)
    return chain


def v1_with_percent_rate() -> str:
    return json.dumps({"format": "metricscape", "schema_version": 1, "model": {"metrics": [
        {"id": "conversion", "name": "Conversion", "unit": "%", "baseline": 3.1}]}})


def test_an_old_file_is_upgraded_before_validation(chain_with_format_2, tmp_path):
    path = tmp_path / "old.json"
    path.write_text(v1_with_percent_rate(), encoding="utf-8")
    loaded = load(path)
    assert loaded.upgraded_from == 1
    assert loaded.tree.metric("conversion").baseline == pytest.approx(0.031)


def test_a_current_file_is_not_touched_by_the_steps(chain_with_format_2):
    text = json.dumps({"format": "metricscape", "schema_version": 2, "model": {"metrics": [
        {"id": "conversion", "name": "Conversion", "unit": "%", "baseline": 0.031}]}})
    assert loads(text).metric("conversion").baseline == 0.031


def test_every_fixture_of_every_released_version_loads_through_the_chain():
    fixtures = sorted(FIXTURES.glob("v*/*.json"))
    assert {path.parent.name for path in fixtures} == {f"v{n}" for n in range(1, migrations.CURRENT_VERSION + 1)}
    for path in fixtures:
        version = int(path.parent.name[1:])
        assert load(path).upgraded_from == (version if version < migrations.CURRENT_VERSION else None)


def test_a_step_that_fails_gives_a_load_error(monkeypatch):
    chain = MigrationChain(current=2)

    @chain.step(1)
    def broken(document: dict) -> dict:
        return {**document, "schema_version": 2, "model": document["model"]["no such key"]}

    monkeypatch.setattr(migrations, "CHAIN", chain)
    with pytest.raises(LoadError, match="could not upgrade the file from format 1 to 2"):
        loads(v1_with_percent_rate(), source="old.json")


def test_a_missing_step_gives_a_load_error(monkeypatch):
    monkeypatch.setattr(migrations, "CHAIN", MigrationChain(current=3))
    with pytest.raises(LoadError, match="cannot upgrade file format 1"):
        loads(v1_with_percent_rate())


def test_a_step_must_produce_the_next_version(monkeypatch):
    chain = MigrationChain(current=2)
    chain.step(1)(lambda document: document)
    monkeypatch.setattr(migrations, "CHAIN", chain)
    with pytest.raises(LoadError, match="did not produce format 2"):
        loads(v1_with_percent_rate())


def test_steps_register_once_and_only_below_the_current_version():
    chain = MigrationChain(current=2)
    chain.step(1)(rates_as_fractions)
    with pytest.raises(ValueError, match="two migration steps"):
        chain.step(1)(rates_as_fractions)
    with pytest.raises(ValueError):
        chain.step(2)
    with pytest.raises(ValueError):
        chain.step(0)


def test_the_released_chain_is_complete():
    # Every version from 1 to the current one can be upgraded: a forgotten step fails here, not at a user's desk.
    document = {"format": "metricscape", "schema_version": 1, "model": {}}
    assert migrations.CHAIN.upgrade(document)["schema_version"] == migrations.CURRENT_VERSION


def test_a_v1_fixture_copied_elsewhere_still_loads(tmp_path):
    copy = tmp_path / "every-field.json"
    shutil.copy(FIXTURES / "v1" / "every-field.json", copy)
    assert len(load(copy).tree.metrics) == 8
