"""Engine edge cases of issue 16 (items 11, 13, 14), each checked against what the docs promise."""

import json
import math

import numpy as np
import pytest
from sim_trees import tree

from metricscape.cli import main
from metricscape.model import Change, ChangeMode
from metricscape.sim import Engine


def test_samples_that_are_not_numbers_are_left_out_of_the_chance_of_meeting_the_target(tmp_path, capsys):
    # "d > 1" is 0 in a third of the samples: 10 / 0 is +inf there; every finite sample (10) beats the target.
    model = tree([{"id": "r", "name": "Ratio", "kind": "north_star", "formula": "10 / (d > 1)", "target": 1},
                  {"id": "d", "baseline": 2, "uncertainty": {"distribution": "uniform", "low": 0, "high": 3}}])
    s = Engine(model).monte_carlo(samples=3000, seed=1).summary("r")
    assert s.p_meet_target == 1.0  # not 67 %: the samples that are not numbers are left out, as documented
    assert s.nonfinite_share == pytest.approx(1 / 3, abs=0.01)
    path = tmp_path / "m.json"
    from metricscape.io.writer import save
    save(model, path)
    assert main(["simulate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "100% (33% of samples not numbers, left out)" in out


def test_a_points_change_keeps_a_rate_within_0_and_1():
    t = tree([{"id": "y", "kind": "north_star", "formula": "rate * 100"},
              {"id": "rate", "unit": "%", "baseline": 0.985,
               "uncertainty": {"distribution": "normal", "sd": 0.01}}])
    engine = Engine(t)
    engine.monte_carlo(samples=20_000, seed=2)
    moved = engine.what_if_samples([Change(metric="rate", mode=ChangeMode.POINTS, value=2)], metrics=["rate"])
    assert moved.summary("rate").p95 <= 1.0
    assert engine.what_if([Change(metric="rate", mode=ChangeMode.POINTS, value=2)]).value("rate").value == 1.0


def test_an_influence_from_a_zero_baseline_leaves_the_target_alone_until_the_driver_moves():
    t = tree([{"id": "y", "name": "Revenue", "kind": "north_star", "baseline": 100},
              {"id": "d", "name": "Promotions", "baseline": 0}],
             links=[{"source": "d", "target": "y", "elasticity": 0.5}],
             scenarios=[{"id": "s", "name": "Three promos", "changes": [{"metric": "d", "mode": "set", "value": 3}]}])
    engine = Engine(t)
    assert engine.baseline().value("y").value == 100
    moved = engine.scenario("Three promos")
    assert math.isnan(moved.value("y").value)
    assert moved.nonfinite[0].message.startswith("'Revenue' is not a number: it is influenced by 'Promotions', "
                                                 "whose baseline is 0")
    assert np.isnan(engine.what_if([Change(metric="d", mode=ChangeMode.SET, value=3)]).value("y").value)
    assert json.dumps(engine.baseline().to_dict())  # no traceback on the way out
