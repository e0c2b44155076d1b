"""Live what-if (no Qt): the incremental propagation agrees with the engine, change for change."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metricscape.derived.live import LiveModel
from metricscape.io import load
from metricscape.model.scenario import Change, ChangeMode
from metricscape.sim import Engine
from metricscape.ui.whatif.inputs import input_specs

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"
TREE = load(EXAMPLES / "music-streaming.json").tree
LIVE = LiveModel(TREE)
SPECS = input_specs(TREE, LIVE.baseline)


def close(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


@st.composite
def changes(draw: st.DrawFn) -> list[Change]:
    chosen = draw(st.lists(st.sampled_from(SPECS), min_size=1, max_size=4, unique_by=lambda s: s.metric))
    result = []
    for spec in chosen:
        mode = draw(st.sampled_from(spec.modes()))
        low, high = spec.slider_range(mode)
        value = draw(st.floats(low, high, allow_nan=False))
        result.append(Change(metric=spec.metric, mode=mode, value=value))
    return result


@settings(max_examples=60, deadline=None)
@given(changes())
def test_live_values_equal_the_engines_what_if(chosen: list[Change]) -> None:
    live = LIVE.result(chosen)
    engine = Engine(TREE).what_if(chosen)
    for row in engine.values:
        assert close(live.values[row.metric], row.value), row.metric


@settings(max_examples=30, deadline=None)
@given(changes())
def test_only_metrics_the_changes_reach_get_a_badge(chosen: list[Change]) -> None:
    live = LIVE.result(chosen)
    baseline = Engine(TREE).baseline()
    for row in baseline.values:
        if row.metric not in live.deltas:
            assert close(live.values[row.metric], row.value)


def test_a_change_of_nothing_moves_nothing() -> None:
    spec = SPECS[0]
    assert spec.change(spec.natural_mode, 0.0) is None
    assert LIVE.result([]).deltas == {}


def test_badges_read_like_a_pm_expects() -> None:
    result = LIVE.result([Change(metric="activation_rate", mode=ChangeMode.POINTS, value=5)])
    assert result.deltas["activation_rate"].text == "+5.0 pp"
    assert result.deltas["activation_rate"].good is True
    star = result.deltas["weekly_listening_hours"]
    assert star.text.startswith("+") and star.text.endswith("%") and star.good is True
    worse = LIVE.result([Change(metric="skip_rate", mode=ChangeMode.POINTS, value=5)])
    assert worse.deltas["skip_rate"].good is False  # lower is better: a rise is red


@pytest.mark.parametrize("mode", [ChangeMode.RELATIVE, ChangeMode.POINTS, ChangeMode.SET])
def test_switching_how_a_change_is_expressed_keeps_the_metric_where_it_is(mode: ChangeMode) -> None:
    spec = next(s for s in SPECS if s.rate)
    for old in spec.modes():
        value = {ChangeMode.RELATIVE: 10.0, ChangeMode.POINTS: 3.0, ChangeMode.SET: 0.7}[old]
        converted = spec.convert(value, old, mode)
        assert math.isclose(spec.new_value(mode, converted), spec.new_value(old, value))


def test_inputs_are_drivers_first_then_computed_metrics_and_never_the_north_star() -> None:
    ids = [s.metric for s in SPECS]
    assert "weekly_listening_hours" not in ids
    computed = [s.computed for s in SPECS]
    assert computed == sorted(computed)  # all inputs before the first computed metric
    assert "idle_autoplay_share" not in ids  # a guardrail drives nothing: no slider
