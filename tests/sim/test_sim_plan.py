"""The evaluation plan: formulas, influence links, overrides and incremental recompute."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sim_trees import funnel_tree, linear_tree, tree

from metricscape.model import Change, ChangeMode
from metricscape.sim import Engine, SimulationError
from metricscape.sim.plan import build_plan


def value_of(formula, **inputs):
    metrics = [{"id": "out", "formula": formula}] + [{"id": k, "baseline": v} for k, v in inputs.items()]
    return Engine(tree(metrics)).baseline().value("out").value


@pytest.mark.parametrize(("formula", "expected"), [
    ("a + b * 2", 7.0), ("a / b", 1 / 3), ("a ^ 2", 1.0), ("-a + b", 2.0), ("5% * b", 0.15),
    ("min(a, b, 0.5)", 0.5), ("max(a, b)", 3.0), ("abs(a - b)", 2.0), ("sqrt(b + 1)", 2.0),
    ("ln(exp(b))", 3.0), ("log10(b * 100 / 3)", 2.0), ("floor(b / 2)", 1.0), ("ceil(b / 2)", 2.0),
    ("clip(b, 0, 2)", 2.0), ("if(a > b, 10, 20)", 20.0), ("if(a <= 1, 10, 20)", 10.0), ("a != b", 1.0),
    ("round(2.5)", 3.0), ("round(-2.5)", -3.0), ("round(b / 7, 2)", 0.43),
])
def test_formula_functions(formula, expected):
    assert value_of(formula, a=1.0, b=3.0) == pytest.approx(expected)


def test_influence_link_applies_constant_elasticity():
    t = tree([{"id": "p", "baseline": 100}, {"id": "c", "baseline": 10}],
             [{"source": "c", "target": "p", "elasticity": 0.5}])
    engine = Engine(t)
    result = engine.what_if([Change(metric="c", mode=ChangeMode.RELATIVE, value=21)])
    assert result.value("p").value == pytest.approx(100 * 1.21 ** 0.5)  # (1 + r)^e - 1 = +10 %
    assert result.value("p").change_pct == pytest.approx(10.0)


def test_influence_combines_with_the_parents_formula():
    t = tree([{"id": "p", "formula": "a * 2"}, {"id": "a", "baseline": 5}, {"id": "c", "baseline": 4}],
             [{"source": "c", "target": "p", "elasticity": -1}])
    result = Engine(t).what_if([Change(metric="c", mode=ChangeMode.SET, value=8)])
    assert result.value("p").value == pytest.approx(10 * 0.5)


def test_changing_a_computed_metric_overrides_it_and_ignores_its_inputs():
    engine = Engine(linear_tree())
    result = engine.what_if([Change(metric="y", mode=ChangeMode.SET, value=100),
                             Change(metric="a", mode=ChangeMode.RELATIVE, value=50)])
    assert result.value("y").value == 100
    assert result.value("a").value == 15
    assert result.value("y").changed_directly


def test_points_change_on_a_rate():
    engine = Engine(funnel_tree())
    result = engine.scenario("Better onboarding")
    assert result.value("conversion").value == pytest.approx(0.21)
    assert result.value("hours").change_pct == pytest.approx(5.0)


def test_values_and_changes_are_listed_in_file_order():
    result = Engine(funnel_tree()).baseline()
    assert [v.metric for v in result.values] == ["hours", "users", "conversion", "per_user", "quality"]
    assert result.value("hours").value == pytest.approx(100000 * 0.2 * 2.5)


def test_scalar_and_array_evaluation_agree():
    plan = build_plan(funnel_tree())
    users = plan.index("users")
    arrays = plan.evaluate(sources={users: np.array([100000.0, 50000.0])})
    assert arrays[plan.index("hours")][0] == pytest.approx(plan.baseline[plan.index("hours")])
    assert arrays[plan.index("hours")][1] == pytest.approx(plan.baseline[plan.index("hours")] / 2)


def test_compare_puts_the_baseline_first():
    comparison = Engine(funnel_tree()).compare(["onboarding", "Better recommendations"])
    assert [e.label for e in comparison.evaluations] == ["baseline", "Better onboarding", "Better recommendations"]
    assert comparison.evaluations[2].value("per_user").change_pct == pytest.approx((1.1 ** 0.4 - 1) * 100)


def test_a_comparison_of_some_metrics_holds_those_with_the_same_values():
    engine = Engine(funnel_tree())
    full = engine.compare(["onboarding", "Better recommendations"])
    some = engine.compare(["onboarding", "Better recommendations"], ["hours", "per_user"])
    for whole, part in zip(full.evaluations, some.evaluations, strict=True):
        assert [v.metric for v in part.values] == [v.metric for v in whole.values if v.metric in ("hours", "per_user")]
        assert part.value("hours") == whole.value("hours") and part.value("per_user") == whole.value("per_user")
        assert part.has("hours") and not part.has("users")


def test_a_comparison_of_an_unknown_metric_says_so():
    with pytest.raises(SimulationError, match="'nope' names no metric"):
        Engine(funnel_tree()).compare(["onboarding"], ["hours", "nope"])


changes = st.lists(st.tuples(st.sampled_from(["users", "conversion", "per_user", "quality", "hours"]),
                             st.sampled_from(list(ChangeMode)), st.floats(-50, 50)),
                   max_size=4, unique_by=lambda c: c[0])


@settings(max_examples=60, deadline=None)
@given(changes)
def test_incremental_recompute_equals_full_recompute(picked):
    t = funnel_tree()
    plan = build_plan(t)
    wanted = [Change(metric=m, mode=mode, value=v) for m, mode, v in picked]
    overrides = {plan.index(c.metric): c.mode.apply(plan.baseline[plan.index(c.metric)], c.value) for c in wanted}
    full = plan.evaluate(overrides=overrides)
    incremental = plan.update(plan.baseline, overrides, overrides=overrides)
    assert np.allclose(np.asarray(full, dtype=float), np.asarray(incremental, dtype=float), equal_nan=True, rtol=0)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["users", "conversion", "per_user", "quality", "hours"]),
       st.sampled_from([ChangeMode.RELATIVE, ChangeMode.POINTS]))
def test_a_zero_change_changes_nothing(metric, mode):
    engine = Engine(funnel_tree())
    base = engine.baseline()
    after = engine.what_if([Change(metric=metric, mode=mode, value=0)])
    for before, now in zip(base.values, after.values, strict=True):
        assert now.value == before.value
        assert now.change == 0


def test_division_by_zero_is_reported_at_its_origin_and_never_raises():
    t = tree([{"id": "top", "formula": "ratio + 1"}, {"id": "ratio", "formula": "a / b"},
              {"id": "a", "baseline": 1}, {"id": "b", "baseline": 0}, {"id": "blank"}])
    result = Engine(t).baseline()
    assert math.isinf(result.value("top").value)
    origins = {p.metric: p for p in result.nonfinite}
    assert set(origins) == {"ratio", "blank"}
    assert "formula 'a / b'" in origins["ratio"].message
    assert "no baseline value" in origins["blank"].message
    assert result.to_dict()["values"][0]["value"] is None  # JSON gets null, not Infinity


def test_large_arrays_reuse_temporaries_without_touching_inputs():
    t = tree([{"id": "out", "formula": "(a + b) * a - -(a * 2) / (b - a) + max(a, b) * if(a > b, a, b)"},
              {"id": "infl", "baseline": 2}, {"id": "a", "baseline": 1}, {"id": "b", "baseline": 3}],
             [{"source": "a", "target": "infl", "elasticity": 0.5}])
    plan = build_plan(t)
    rng = np.random.default_rng(0)
    a, b = rng.random(20_000) + 0.5, rng.random(20_000) + 2
    a0, b0 = a.copy(), b.copy()
    values = plan.evaluate(sources={plan.index("a"): a, plan.index("b"): b})
    expected = (a0 + b0) * a0 + (a0 * 2) / (b0 - a0) + np.maximum(a0, b0) * np.where(a0 > b0, a0, b0)
    assert np.allclose(values[plan.index("out")], expected, rtol=1e-14)
    assert np.allclose(values[plan.index("infl")], 2 * a0 ** 0.5)
    assert np.array_equal(a, a0) and np.array_equal(b, b0)
    assert values[plan.index("a")] is a


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.data())
def test_incremental_recompute_equals_full_recompute_on_generated_trees(seed, data):
    from metricscape.sim.synthetic import generated_tree
    plan = build_plan(generated_tree(40, 24, seed=seed))
    picked = data.draw(st.lists(st.sampled_from(range(len(plan))), min_size=1, max_size=3, unique=True))
    overrides = {i: plan.baseline[i] * data.draw(st.floats(0.5, 1.5)) for i in picked}
    full = np.asarray(plan.evaluate(overrides=overrides), dtype=float)
    incremental = np.asarray(plan.update(plan.baseline, overrides, overrides=overrides), dtype=float)
    assert np.array_equal(full, incremental, equal_nan=True)


@pytest.mark.parametrize("drivers", [0, 1, 2])
@pytest.mark.parametrize("formula", [None, "a / z"])
def test_every_not_a_number_message_reads_without_doubled_words(formula, drivers):
    # Issue 16, item 15: "its its baseline with 1 influence link divides by zero".
    from text_checks import doubled_words

    metrics = [{"id": "t", "baseline": 10, "formula": formula}, {"id": "a", "baseline": 1}, {"id": "z", "baseline": 0}]
    metrics += [{"id": f"d{i}", "baseline": 0} for i in range(drivers)]
    links = [{"source": f"d{i}", "target": "t", "kind": "influence", "elasticity": 0.5} for i in range(drivers)]
    problems = Engine(tree(metrics, links)).baseline().nonfinite
    # a driver whose baseline is 0 leaves its target as it is until the driver moves (issue 16, item 14)
    assert [p.metric for p in problems] == (["t"] if formula else [])
    assert all(doubled_words(p.message) == [] for p in problems), [p.message for p in problems]


def test_a_metric_without_a_baseline_is_named_even_with_influence_links() -> None:
    """A north star built with Tab: no baseline, no formula, inputs linked by influence."""
    from metricscape.model import Link, LinkKind, Metric, MetricKind, MetricTree
    from metricscape.sim import Engine
    tree = MetricTree(metrics=(
        Metric(id="orders", name="Orders delivered", kind=MetricKind.NORTH_STAR),
        Metric(id="placed", name="Orders placed", baseline=100.0),
        Metric(id="success", name="Delivery success", baseline=0.9)),
        links=(Link(source="placed", target="orders", kind=LinkKind.INFLUENCE, elasticity=1.0),
               Link(source="success", target="orders", kind=LinkKind.INFLUENCE, elasticity=1.0)))
    problems = Engine(tree).baseline().nonfinite
    assert [p.message for p in problems] == ["'Orders delivered' has no baseline value: enter one, or give it a formula"]
