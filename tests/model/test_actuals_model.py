"""Actuals kept with the model: settings, definition labels, and the Document's one-edit updates."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from metricscape.model import Document, Metric, MetricTree
from metricscape.model.actuals import (
    Actuals,
    Aggregation,
    DefinitionChange,
    MetricSource,
    Series,
    consecutive_labels,
)
from metricscape.model.periods import Grain, label_of, shift
from metricscape.model.sources import Source, default_aggregation


def tree_with_actuals() -> MetricTree:
    return MetricTree(
        metrics=(Metric(id="hours", name="Weekly hours", kind="north_star", formula="listeners * per_listener"),
                 Metric(id="listeners", name="Weekly active listeners", unit="users"),
                 Metric(id="per_listener", name="Hours per listener", unit="hours/user")),
        actuals=Actuals(series=(Series(metric="listeners", start="2026-W01", values=(1.0, 2.0)),
                                Series(metric="per_listener", start="2026-W01", values=(3.0, 3.5))),
                        metric_sources=(MetricSource(metric="listeners", aggregation=Aggregation.SUM),)))


def test_defaults_follow_unit_and_name():
    assert default_aggregation(Metric(id="c", name="Conversion", unit="%")) is Aggregation.MEAN
    assert default_aggregation(Metric(id="s", name="Sessions per user", unit="sessions/user")) is Aggregation.MEAN
    assert default_aggregation(Metric(id="p", name="Paying subscribers", unit="subscribers")) is Aggregation.LAST
    assert default_aggregation(Metric(id="o", name="Orders", unit="orders")) is Aggregation.SUM


def test_a_chosen_aggregation_wins_over_the_default():
    tree = tree_with_actuals()
    assert default_aggregation(tree.metric("listeners")) is Aggregation.LAST  # "active" reads as a stock
    assert tree.actuals.aggregation(tree.metric("listeners")) is Aggregation.SUM


def test_definition_labels_hold_from_their_period_on():
    actuals = Actuals(definitions=(DefinitionChange(metric="hours", since="2026-W10", label="30-second plays"),
                                   DefinitionChange(metric="hours", since="2026-W03", label="any play")))
    assert actuals.definition_at("hours", "2026-W02") == ""
    assert actuals.definition_at("hours", "2026-W09") == "any play"
    assert actuals.definition_at("hours", "2026-W10") == "30-second plays"
    assert actuals.definition_at("listeners", "2026-W10") == ""


def test_two_series_of_one_metric_and_segment_are_refused():
    with pytest.raises(ValidationError, match="two series of 'listeners'"):
        Actuals(series=(Series(metric="listeners", start="2026-W01", values=(1.0,)),
                        Series(metric="listeners", start="2026-W05", values=(2.0,))))


def test_settings_must_name_real_metrics():
    with pytest.raises(ValidationError, match=r"actuals.metric_sources\[0\]: unknown metric 'nope'"):
        MetricTree(metrics=(Metric(id="a", name="A"),), actuals=Actuals(metric_sources=(MetricSource(metric="nope"),)))


def test_a_source_path_must_be_relative():
    with pytest.raises(ValidationError, match="absolute path"):
        Source(path="/etc/data.csv", format="csv", shape="long", table="data", period_column="date")


def test_the_document_keeps_actuals_and_replaces_them_in_one_undoable_edit():
    doc = Document(tree_with_actuals())
    seen: list[str] = []
    doc.actuals_changed.connect(lambda: seen.append("actuals"))
    before = doc.tree
    new = before.actuals.model_copy(update={"series": before.actuals.series[:1]})
    edit = doc.apply(doc.plan.replace_actuals(new, "Refresh actuals"))
    assert doc.tree.actuals == new and seen == ["actuals"]
    edit.revert(doc)
    assert doc.tree == before


def test_deleting_a_metric_takes_its_actuals_along_and_undo_brings_them_back():
    doc = Document(tree_with_actuals())
    before = doc.tree
    edit = doc.apply(doc.plan.remove_metrics(["listeners"]))
    assert doc.tree.actuals.find("listeners") is None and doc.tree.actuals.metric_source("listeners") is None
    assert MetricTree.model_validate(doc.tree.model_dump()) == doc.tree
    edit.revert(doc)
    assert doc.tree == before


def test_the_semantic_diff_tells_which_periods_an_import_added_or_changed():
    from metricscape.model.diff import diff, render, summarize

    before = tree_with_actuals()
    after = before.model_copy(update={"actuals": before.actuals.model_copy(update={"series": (
        Series(metric="listeners", start="2026-W01", values=(1.0, 2.5, 3.0)),
        Series(metric="per_listener", start="2026-W01", values=(3.0, 3.5)))})})
    d = diff(before, after)
    assert d.actuals == ["Weekly active listeners: 1 period added, 1 period changed"]
    assert "~ Actuals: Weekly active listeners: 1 period added, 1 period changed" in render(d)
    assert summarize(d) == ["Actuals updated: Weekly active listeners: 1 period added, 1 period changed"]
    assert diff(before, before).is_empty()


@given(st.dates(dt.date(1990, 1, 1), dt.date(2150, 1, 1)), st.sampled_from(list(Grain)), st.integers(0, 120))
def test_consecutive_labels_step_one_period_at_a_time(day, grain, count):
    start = label_of(day, grain)
    assert list(consecutive_labels(start, count)) == [shift(start, grain, i) for i in range(count)]
