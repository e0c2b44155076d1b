"""The writer: deterministic, short, git-friendly, and lossless through a load."""

import json

from hypothesis import HealthCheck, given, settings
from io_strategies import FIELD_COVERAGE, trees

from metricscape.io import dumps, load, loads, save
from metricscape.model import Metric, MetricTree


def test_saving_twice_gives_identical_bytes(tmp_path, small_tree):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    save(small_tree, first)
    save(load(first).tree, second)
    assert first.read_bytes() == second.read_bytes()


def test_output_is_indented_utf8_with_a_trailing_newline(small_tree):
    tree = MetricTree(metrics=(Metric(id="nps", name="Net Promoter Score — Ärzte"),))
    text = dumps(tree)
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert "Ärzte" in text and "\\u" not in text  # readable in a diff, not escaped
    assert '\n  "model": {' in text


def test_envelope_and_key_order_put_what_a_reader_needs_first(small_tree):
    document = json.loads(dumps(small_tree))
    assert list(document) == ["format", "schema_version", "generator", "model"]
    assert document["format"] == "metricscape" and document["schema_version"] == 2
    input_metric = document["model"]["metrics"][1]
    assert list(input_metric)[:3] == ["id", "name", "kind"]
    assert input_metric["kind"] == "input"  # written although it is the default
    assert list(document["model"]["links"][0])[:3] == ["source", "target", "kind"]


def test_defaults_are_left_out(small_tree):
    document = json.loads(dumps(small_tree))
    listeners = document["model"]["metrics"][1]
    assert set(listeners) == {"id", "name", "kind", "unit", "baseline"}
    assert "simulation" not in document["model"] and "info" not in document["model"]


def test_formula_links_that_only_restate_a_formula_are_left_out(small_tree):
    links = json.loads(dumps(small_tree))["model"]["links"]
    assert [link for link in links if link["kind"] == "formula"] == []
    assert ("listeners", "weekly_hours") in {link.key for link in loads(dumps(small_tree)).links}


def test_each_actuals_series_is_one_line_and_whole_numbers_have_no_decimals(small_tree):
    from metricscape.model.actuals import Actuals, Series

    tree = small_tree.model_copy(update={"actuals": Actuals(series=(
        Series(metric="listeners", segment="ios", start="2026-W01", values=(9.3e6, None, 9.4e6)),
        Series(metric="retention", start="2026-W02", values=(0.86,)),))})
    tree = MetricTree.model_validate(tree.model_dump())
    text = dumps(tree)
    assert '        {"metric": "listeners", "segment": "ios", "start": "2026-W01", "values": [9300000, null, 9400000]},\n' in text
    assert '        {"metric": "retention", "start": "2026-W02", "values": [0.86]}\n' in text
    assert loads(text) == tree


def test_strategies_fill_every_field_of_every_model():
    # A field added to the model must be added to the strategies, or round trips stop covering it.
    for model, covered in FIELD_COVERAGE.items():
        assert set(model.model_fields) == covered, f"{model.__name__}: update tests/io/io_strategies.py"


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(trees())
def test_any_tree_round_trips_and_is_stable(tree):
    text = dumps(tree)
    again = loads(text)
    assert again == tree
    assert dumps(again) == text
