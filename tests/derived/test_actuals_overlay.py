"""The actuals overlay without Qt: the latest actual, its changes (checked against the series by
hand), a comparison across a definition change, segments, and the baseline taken from actuals."""

from __future__ import annotations

import statistics

import pytest

from metricscape.derived import (
    ActualsOverlay,
    DerivedState,
    Source,
    WhatIfOverlay,
    baseline_from_actuals,
)
from metricscape.model import Document, Metric, MetricKind, MetricTree
from metricscape.model.actuals import Actuals, DefinitionChange, Series
from metricscape.model.periods import Grain, periods_between
from metricscape.model.scenario import Change

WEEKS = periods_between("2025-W01", "2026-W10", Grain.WEEK)


def tree(definitions: tuple[DefinitionChange, ...] = ()) -> MetricTree:
    signups = [1000.0 + 10 * i for i in range(len(WEEKS))]
    ios = [400.0 + i for i in range(len(WEEKS))]
    return MetricTree(
        metrics=(Metric(id="hours", name="Hours", kind=MetricKind.NORTH_STAR, formula="signups * 2", unit="hours"),
                 Metric(id="signups", name="Sign-ups", baseline=900, unit="users"),
                 Metric(id="rate", name="Rate", baseline=0.3, unit="%")),
        actuals=Actuals(series=(Series(metric="signups", start=WEEKS[0], values=tuple(signups)),
                                Series(metric="signups", segment="ios", start=WEEKS[0], values=tuple(ios)),
                                Series(metric="hours", start=WEEKS[0], values=tuple(2 * v for v in signups))),
                        definitions=definitions))


def test_latest_actual_with_its_changes() -> None:
    state = DerivedState(Document(tree()))
    state.set_overlay(ActualsOverlay())
    card = state.cards["signups"]
    last, previous, year_before = 1000 + 10 * (len(WEEKS) - 1), 1000 + 10 * (len(WEEKS) - 2), 1000 + 10 * (len(WEEKS) - 53)
    assert card.value == 900 and card.source is Source.BASELINE  # the number keeps its meaning
    assert card.actual.period == "2026-W10" and card.actual.value == last
    assert card.actual.previous.text == f"+{(last - previous) / previous * 100:.1f} %"
    assert card.actual.year.period == "2025-W10"
    assert card.actual.year.text == f"+{(last - year_before) / year_before * 100:.1f} %"
    assert card.actual.spark[-1] == last and len(card.actual.spark) == 26
    assert "rate" not in state.cards or state.cards["rate"].actual is None


def test_a_change_that_rounds_to_nothing_is_neither_good_nor_bad() -> None:
    flat = tree().model_copy(update={"actuals": Actuals(series=(
        Series(metric="rate", start="2026-W01", values=(0.30001, 0.30002)),))})
    state = DerivedState(Document(flat))
    state.set_overlay(ActualsOverlay())
    change = state.cards["rate"].actual.previous
    assert change.text == "±0 pp" and change.good is None


def test_what_if_and_actuals_together() -> None:
    state = DerivedState(Document(tree()))
    state.set_overlay(ActualsOverlay())
    state.set_overlay(WhatIfOverlay(changes=(Change(metric="signups", mode="set", value=1000),)))
    card = state.cards["signups"]
    assert card.value == 1000 and card.source is Source.WHAT_IF and card.actual.value == 1000 + 10 * (len(WEEKS) - 1)


def test_a_comparison_across_a_definition_change_says_so() -> None:
    state = DerivedState(Document(tree((DefinitionChange(metric="hours", since="2026-W01", label="New"),))))
    state.set_overlay(ActualsOverlay())
    line = state.cards["hours"].actual
    assert line.previous.text.startswith("+")      # W09 and W10 share the new definition
    assert line.year.text == "new definition"      # 2025-W10 was measured under the old one
    assert "not comparable" in line.note("Hours")


def test_a_segment_and_a_metric_without_its_data() -> None:
    state = DerivedState(Document(tree()))
    state.set_overlay(ActualsOverlay("ios"))
    assert state.cards["signups"].actual.value == 400 + len(WEEKS) - 1
    hours = state.cards["hours"].actual
    assert hours.missing and "all users" in hours.note("Hours")


@pytest.mark.parametrize("last", [1, 4, 13])
def test_baseline_from_actuals(last: int) -> None:
    series = Series(metric="signups", start="2026-W01", values=(1.0, None, 3.0, 4.0, 8.0, 16.0))
    value, words = baseline_from_actuals(series, last)
    present = [1.0, 3.0, 4.0, 8.0, 16.0]
    assert value == pytest.approx(statistics.fmean(present[-last:]))
    periods = ["2026-W01", "2026-W03", "2026-W04", "2026-W05", "2026-W06"][-last:]
    expected = ("the actual of 2026-W06" if last == 1
                else f"the mean of {len(periods)} periods ({periods[0]} to 2026-W06)")
    assert words == expected
