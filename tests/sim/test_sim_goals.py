"""Goal seek against algebra; experiment sizing against textbook cases."""

import math

import pytest
from sim_trees import funnel_tree, linear_tree, tree

from metricscape.sim import Engine, SimulationError
from metricscape.sim.experiment import sample_size_cv, sample_size_rate


def test_goal_seek_matches_algebra():
    result = Engine(linear_tree()).goal_seek("y", 40, "b")
    assert result.reached
    assert result.value == pytest.approx((40 - 2 * 10 + 2) / 3, rel=1e-10)
    assert result.result == pytest.approx(40)
    assert "set 'b' to 7.33333" in result.message


def test_goal_seek_through_a_product_and_an_influence_link():
    engine = Engine(funnel_tree())
    conversion = engine.goal_seek("hours", 60000, "conversion")
    assert conversion.value == pytest.approx(60000 / (100000 * 2.5))
    quality = engine.goal_seek("hours", 52000, "quality")  # 50000 * (q / 0.5) ** 0.4 = 52000
    assert quality.value == pytest.approx(0.5 * 1.04 ** (1 / 0.4))


def test_an_unreachable_target_names_the_best_reachable_value():
    result = Engine(funnel_tree()).goal_seek("hours", 10**7, "conversion")
    assert not result.reached and result.value is None
    assert result.best_value == pytest.approx(result.search_high)
    assert result.result == pytest.approx(100000 * 2.5 * result.search_high)
    assert "cannot reach 1e+07" in result.message and "at most" in result.message


def test_the_search_range_is_the_whole_domain_not_only_p1_to_p99():
    engine = Engine(funnel_tree())
    users = next(f for f in engine.factors if f.key == "users").marginal
    result = engine.goal_seek("hours", 60000, "users")
    assert (result.search_low, result.search_high) == (0, 10 * 100000)
    assert result.search_high > users.percentile(99)
    plain = Engine(linear_tree()).goal_seek("y", 40, "a")
    assert (plain.search_low, plain.search_high) == (0, 100)
    rate = Engine(funnel_tree()).goal_seek("hours", 60000, "conversion")
    assert (rate.search_low, rate.search_high) == (0, 1)  # a rate: 0..1


def test_a_target_beyond_the_stated_range_is_found_and_said_to_be_outside_it():
    """Issue 16 item 12: with a 2.8-3.2 % range the answer 3.75 % used to be 'unreachable'."""
    t = tree([{"id": "revenue", "kind": "north_star", "formula": "visits * conversion * 100"},
              {"id": "visits", "baseline": 1000},
              {"id": "conversion", "unit": "%", "baseline": 0.03,
               "uncertainty": {"distribution": "range", "low": 0.028, "high": 0.032}}])
    result = Engine(t).goal_seek("revenue", 3750, "conversion")
    assert result.reached and result.value == pytest.approx(0.0375)
    assert result.message.endswith("; that is above your 90 % range of 2.8 %–3.2 %")
    inside = Engine(t).goal_seek("revenue", 3100, "conversion")
    assert inside.reached and "range" not in inside.message


def test_goal_seek_refuses_an_input_that_does_not_feed_the_metric():
    t = tree([{"id": "y", "formula": "a"}, {"id": "a", "baseline": 1}, {"id": "z", "baseline": 1}])
    with pytest.raises(SimulationError, match="'z' does not feed 'y'"):
        Engine(t).goal_seek("y", 2, "z")


def test_sample_size_for_a_mean_matches_the_textbook():
    # two-sided alpha 0.05, power 0.8, effect of half a standard deviation: 62.8 per group
    # (the z-approximation behind Lehr's "16 / d^2" rule of thumb)
    assert sample_size_cv(cv=1.0, lift=0.5, alpha=0.05, power=0.8) == pytest.approx(62.79, abs=0.01)
    assert sample_size_cv(cv=1.0, lift=1.0, alpha=0.05, power=0.8) == pytest.approx(15.70, abs=0.01)


def test_sample_size_for_a_rate_matches_the_textbook():
    # 10 % vs 15 %, alpha 0.05 two-sided, power 0.8: 686 per group (Fleiss, no continuity correction)
    assert math.ceil(sample_size_rate(0.10, 0.15, 0.05, 0.8)) == 686


def test_experiment_ranks_the_north_star_against_proxies_and_inputs():
    result = Engine(funnel_tree()).experiment("onboarding")
    rows = {r.metric: r for r in result.rows}
    assert list(rows) == ["hours", "conversion"]  # north star first; unmoved metrics left out
    assert rows["hours"].lift_pct == pytest.approx(5.0)
    assert rows["hours"].sample_size_per_arm == math.ceil(sample_size_cv(3.0, 0.05, 0.05, 0.8))
    assert rows["conversion"].variability_source == "rate p(1-p)"
    assert rows["conversion"].sample_size_per_arm == math.ceil(sample_size_rate(0.2, 0.21, 0.05, 0.8))
    assert result.recommended == "conversion"
    assert "measure 'Conversion'" in result.message and "fewer than" in result.message


def test_a_metric_without_variability_is_flagged_not_sized():
    t = tree([{"id": "ns", "kind": "north_star", "formula": "a * 2"}, {"id": "a", "baseline": 5}],
             scenarios=[{"id": "s", "name": "S", "changes": [{"metric": "a", "value": 10}]}])
    result = Engine(t).experiment("S", alpha=0.01, power=0.9)
    assert result.rows[0].sample_size_per_arm is None
    assert "unit variability" in result.rows[0].note
    assert result.recommended is None


def test_an_unknown_scenario_is_a_clear_error():
    with pytest.raises(SimulationError, match="no scenario 'Nope'"):
        Engine(funnel_tree()).experiment("Nope")


def _sized(cv: float, change: float):
    t = tree([{"id": "ns", "kind": "north_star", "formula": "a * 2", "unit_variability": cv},
              {"id": "a", "baseline": 5, "unit_variability": 1.0}],
             scenarios=[{"id": "s", "name": "S", "changes": [{"metric": "a", "value": change}]}])
    return Engine(t).experiment("S")


def test_a_huge_change_needs_one_unit_per_arm_not_zero():
    # Issue 16 hostile corpus: +1e308 % underflowed the sample size to 0, then 0 / 0 in the message.
    result = _sized(3.0, 1e308)
    assert [r.sample_size_per_arm for r in result.rows] == [1, 1]
    assert result.recommended is not None


def test_a_variability_too_large_for_any_test_is_said_in_words():
    # 1e308 squared is infinite: math.ceil(inf) used to stop `experiment` with OverflowError.
    row = next(r for r in _sized(1e308, 10).rows if r.metric == "ns")
    assert row.sample_size_per_arm is None
    assert "no test of any size would detect this change" in row.note


def test_ranges_narrower_or_wider_than_floats_allow():
    narrow = tree([{"id": "ns", "kind": "north_star", "formula": "a * 2"},
                   {"id": "a", "baseline": 5e-324, "uncertainty": {"low": 0, "high": 5e-324, "floor": 0}}])
    assert Engine(narrow).factors == []  # a range narrower than a float can tell apart is as good as fixed
    wide = tree([{"id": "ns", "kind": "north_star", "formula": "a * 2"},
                 {"id": "a", "baseline": 0, "uncertainty": {"low": -1e308, "high": 1e308}}])
    with pytest.raises(SimulationError, match="is too wide to simulate; narrow it"):
        _ = Engine(wide).factors
