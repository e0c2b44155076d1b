"""Why it moved: each splitting method against a closed form computed here, independently."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import pytest
from explain_trees import with_actuals

from metricscape.sim.explain import Method, StepKind, explain


def log_mean(a: float, b: float) -> float:
    return a if a == b else (a - b) / math.log(a / b)  # ln a − ln b, for two numbers of the same sign


def brute_force_shapley(f: Callable[[dict[str, float]], float], start: dict[str, float],
                        end: dict[str, float]) -> dict[str, float]:
    """The textbook definition: average marginal effect over every order of switching the inputs."""
    names = list(start)
    totals = dict.fromkeys(names, 0.0)
    orders = list(itertools.permutations(names))
    for order in orders:
        current = dict(start)
        for name in order:
            before = f(current)
            current[name] = end[name]
            totals[name] += f(current) - before
    return {name: total / len(orders) for name, total in totals.items()}


A = [120.0, 150.0, 90.0]
B = [0.30, 0.25, 0.41]
C = [4.0, 4.4, 3.1]


def test_lmdi_on_a_product_of_three_series_sums_to_the_change_and_matches_the_closed_form():
    y = [a * b * c for a, b, c in zip(A, B, C, strict=True)]
    tree = with_actuals([{"id": "y", "kind": "north_star", "formula": "a * b * c"}, {"id": "a"}, {"id": "b"},
                         {"id": "c"}], {"y": y, "a": A, "b": B, "c": C})
    for i, j in [(0, 1), (0, 2), (1, 2), (2, 0)]:
        result = explain(tree, f"2026-W0{i + 1}", f"2026-W0{j + 1}")
        assert result.method is Method.LMDI
        assert result.change == pytest.approx(y[j] - y[i], rel=1e-12)
        assert sum(result.contributions.values()) == pytest.approx(y[j] - y[i], abs=1e-9)
        weight = log_mean(y[j], y[i])
        for name, series in (("a", A), ("b", B), ("c", C)):
            assert result.contributions[name] == pytest.approx(weight * math.log(series[j] / series[i]), rel=1e-12)
        assert result.reported_vs_formula == pytest.approx(0.0, abs=1e-9)
        assert result.unexplained == 0.0


def test_a_ratio_with_constants_is_lmdi_with_negative_exponents():
    # y = 2 * a / b^2 / 7: b's share carries the exponent -2; the constants take no share
    y = [2 * a / b**2 / 7 for a, b in zip(A, B, strict=True)]
    tree = with_actuals([{"id": "y", "kind": "north_star", "formula": "2 * a / b^2 / 7"}, {"id": "a"},
                         {"id": "b"}], {"a": A, "b": B})
    result = explain(tree, "2026-W01", "2026-W02")
    assert result.method is Method.LMDI
    weight = log_mean(y[1], y[0])
    assert result.contributions["a"] == pytest.approx(weight * math.log(A[1] / A[0]))
    assert result.contributions["b"] == pytest.approx(-2 * weight * math.log(B[1] / B[0]))
    assert set(result.contributions) == {"a", "b"}
    assert sum(result.contributions.values()) == pytest.approx(y[1] - y[0], abs=1e-9)


def test_sums_and_differences_give_each_terms_change():
    tree = with_actuals([{"id": "y", "kind": "north_star", "formula": "a + b - 2 * c + 5"}, {"id": "a"},
                         {"id": "b"}, {"id": "c"}], {"a": A, "b": B, "c": C})
    result = explain(tree, "2026-W01", "2026-W03")
    assert result.method is Method.SUM
    assert result.contributions == pytest.approx({"a": A[2] - A[0], "b": B[2] - B[0], "c": -2 * (C[2] - C[0])})
    assert result.start == pytest.approx(A[0] + B[0] - 2 * C[0] + 5)


@pytest.mark.parametrize("formula", ["2 * x", "x / 7", "-x + 3"])
def test_a_metric_scaled_by_a_constant_passes_its_whole_change_to_its_input(formula):
    tree = with_actuals([{"id": "y", "kind": "north_star", "formula": formula}, {"id": "x"}], {"x": A})
    result = explain(tree, "2026-W01", "2026-W02")
    assert result.contributions == pytest.approx({"x": result.change})


SHAPLEY_CASES = [
    ("min(a, b)", lambda v: min(v["a"], v["b"]), {"a": 5.0, "b": 7.0}, {"a": 9.0, "b": 6.0}),
    ("max(a, b, c)", lambda v: max(v["a"], v["b"], v["c"]), {"a": 1.0, "b": 3.0, "c": 2.0},
     {"a": 4.0, "b": 2.0, "c": 5.0}),
    ("if(a > b, a * c, b + c)", lambda v: v["a"] * v["c"] if v["a"] > v["b"] else v["b"] + v["c"],
     {"a": 2.0, "b": 3.0, "c": 10.0}, {"a": 5.0, "b": 4.0, "c": 12.0}),
    ("a * b + c", lambda v: v["a"] * v["b"] + v["c"], {"a": 2.0, "b": 3.0, "c": 1.0}, {"a": 3.0, "b": 5.0, "c": 4.0}),
]


@pytest.mark.parametrize(("formula", "f", "start", "end"), SHAPLEY_CASES, ids=[c[0] for c in SHAPLEY_CASES])
def test_shapley_on_other_formulas_sums_exactly_and_matches_brute_force(formula, f, start, end):
    tree = with_actuals([{"id": "y", "kind": "north_star", "formula": formula},
                         *({"id": k} for k in start)], {k: [start[k], end[k]] for k in start})
    result = explain(tree, "2026-W01", "2026-W02")
    assert result.method is Method.SHAPLEY
    assert result.change == pytest.approx(f(end) - f(start))
    assert sum(result.contributions.values()) == pytest.approx(f(end) - f(start), abs=1e-12)
    assert result.contributions == pytest.approx(brute_force_shapley(f, start, end), abs=1e-12)


def test_a_formula_wider_than_twelve_inputs_groups_the_smallest_and_still_sums_exactly():
    names = [f"x{i}" for i in range(15)]
    start = {n: 1.0 + i for i, n in enumerate(names)}
    end = {n: 1.0 + i + (i % 4) * 0.5 for i, n in enumerate(names)}
    tree = with_actuals([{"id": "y", "kind": "north_star", "formula": "max(" + ", ".join(names) + ") + "
                          + " * ".join(names[:3]) + " + " + " + ".join(names[3:])}, *({"id": n} for n in names)],
                        {n: [start[n], end[n]] for n in names})
    result = explain(tree, "2026-W01", "2026-W02")
    assert result.method is Method.SHAPLEY
    assert sum(result.contributions.values()) == pytest.approx(result.change, abs=1e-9)
    assert any("split as one group" in note for note in result.notes)


def test_an_influence_link_claims_elasticity_times_the_log_change_through_the_targets_level():
    y, x = [200.0, 230.0], [0.40, 0.50]
    tree = with_actuals([{"id": "y", "kind": "north_star"}, {"id": "x", "unit": "%"}], {"y": y, "x": x},
                        links=[{"source": "x", "target": "y", "elasticity": 0.6}])
    result = explain(tree, "2026-W01", "2026-W02")
    assert result.method is Method.INFLUENCE
    predicted = log_mean(y[1], y[0]) * 0.6 * math.log(x[1] / x[0])
    assert result.contributions["x"] == pytest.approx(predicted, rel=1e-12)
    assert result.unexplained == pytest.approx(30.0 - predicted, rel=1e-12)
    # in log terms, the share is exactly elasticity · Δln(driver)
    assert result.contributions["x"] / log_mean(y[1], y[0]) == pytest.approx(0.6 * math.log(x[1] / x[0]))


def test_a_formula_metric_with_an_influence_link_splits_its_log_change_between_them():
    # y = a · b · (q / q_base)^0.5, as the engine computes a formula with an influence link
    a, b, q = [10.0, 12.0], [3.0, 2.5], [0.4, 0.5]
    y = [a[i] * b[i] * (q[i] / 0.4) ** 0.5 for i in (0, 1)]
    tree = with_actuals([{"id": "y", "kind": "north_star", "formula": "a * b"}, {"id": "a"}, {"id": "b"},
                         {"id": "q", "unit": "%"}], {"y": y, "a": a, "b": b, "q": q},
                        links=[{"source": "q", "target": "y", "elasticity": 0.5}])
    result = explain(tree, "2026-W01", "2026-W02")
    weight = log_mean(y[1], y[0])
    assert result.contributions == pytest.approx({"a": weight * math.log(a[1] / a[0]),
                                                  "b": weight * math.log(b[1] / b[0]),
                                                  "q": weight * 0.5 * math.log(q[1] / q[0])})
    assert result.unexplained == pytest.approx(0.0, abs=1e-12)
    assert result.reported_vs_formula == 0.0


def test_reported_actuals_that_disagree_with_the_formula_show_the_gap_on_its_own_line():
    a, b = [10.0, 14.0], [5.0, 6.0]
    reported = [15.0, 23.0]  # the formula gives 15 then 20: 3 of the 8 are not the formula's
    tree = with_actuals([{"id": "y", "kind": "north_star", "formula": "a + b"}, {"id": "a"}, {"id": "b"}],
                        {"y": reported, "a": a, "b": b})
    result = explain(tree, "2026-W01", "2026-W02")
    assert (result.start, result.end) == (15.0, 23.0)
    assert result.contributions == pytest.approx({"a": 4.0, "b": 1.0})  # never spread over the drivers
    assert result.reported_vs_formula == pytest.approx(3.0)
    assert any("differs from its formula" in note for note in result.notes)
    kinds = [s.kind for s in result.waterfall()]
    assert StepKind.REPORTED_VS_FORMULA in kinds


def test_reported_actuals_that_agree_with_the_formula_show_no_gap():
    a, b = [10.0, 14.0], [5.0, 6.0]
    tree = with_actuals([{"id": "y", "kind": "north_star", "formula": "a + b"}, {"id": "a"}, {"id": "b"}],
                        {"y": [15.0, 20.0], "a": a, "b": b})
    result = explain(tree, "2026-W01", "2026-W02")
    assert result.reported_vs_formula == 0.0
    assert StepKind.REPORTED_VS_FORMULA not in [s.kind for s in result.waterfall()]


def test_a_factor_at_zero_falls_back_to_shapley_with_a_note():
    a, b = [0.0, 10.0], [3.0, 4.0]
    tree = with_actuals([{"id": "y", "kind": "north_star", "formula": "a * b"}, {"id": "a", "name": "Signups"},
                         {"id": "b"}], {"a": a, "b": b})
    result = explain(tree, "2026-W01", "2026-W02")
    assert result.method is Method.SHAPLEY
    assert sum(result.contributions.values()) == pytest.approx(40.0)
    assert result.contributions == pytest.approx({"a": (30 + 40) / 2, "b": (0 + 10) / 2})
    assert any("'Signups' is zero or changes sign" in note and "Shapley" in note for note in result.notes)


def test_a_sign_change_of_a_product_falls_back_to_shapley():
    a, b = [-2.0, 3.0], [3.0, 4.0]
    tree = with_actuals([{"id": "y", "kind": "north_star", "formula": "a * b"}, {"id": "a"}, {"id": "b"}],
                        {"a": a, "b": b})
    result = explain(tree, "2026-W01", "2026-W02")
    assert result.method is Method.SHAPLEY
    assert sum(result.contributions.values()) == pytest.approx(12.0 - -6.0)


def test_a_product_of_negative_factors_that_keep_their_sign_is_still_lmdi():
    a, b = [-2.0, -3.0], [3.0, 4.0]
    tree = with_actuals([{"id": "y", "kind": "north_star", "formula": "a * b"}, {"id": "a"}, {"id": "b"}],
                        {"a": a, "b": b})
    result = explain(tree, "2026-W01", "2026-W02")
    assert result.method is Method.LMDI
    weight = log_mean(-12.0, -6.0)
    assert result.contributions == pytest.approx({"a": weight * math.log(1.5), "b": weight * math.log(4 / 3)})
    assert sum(result.contributions.values()) == pytest.approx(-6.0)


def test_a_factor_that_is_a_part_of_the_formula_takes_its_lmdi_share_and_passes_it_to_its_inputs():
    # nights = searchers * (1 - cancellation) * min(nights_a, nights_b): three factors
    s, c, na, nb = [1000.0, 1200.0], [0.10, 0.20], [3.0, 4.0], [3.5, 3.2]
    tree = with_actuals([{"id": "y", "kind": "north_star", "formula": "s * (1 - c) * min(na, nb)"},
                         {"id": "s"}, {"id": "c"}, {"id": "na"}, {"id": "nb"}], {"s": s, "c": c, "na": na, "nb": nb})
    result = explain(tree, "2026-W01", "2026-W02")
    assert result.method is Method.LMDI
    y = [s[i] * (1 - c[i]) * min(na[i], nb[i]) for i in (0, 1)]
    weight = log_mean(y[1], y[0])
    assert result.contributions["s"] == pytest.approx(weight * math.log(s[1] / s[0]))
    assert result.contributions["c"] == pytest.approx(weight * math.log((1 - c[1]) / (1 - c[0])))
    # the min() factor's share, split between its inputs as they split the min's own change
    share = weight * math.log(min(na[1], nb[1]) / min(na[0], nb[0]))
    inner = brute_force_shapley(lambda v: min(v["na"], v["nb"]), {"na": na[0], "nb": nb[0]},
                                {"na": na[1], "nb": nb[1]})
    moved = min(na[1], nb[1]) - min(na[0], nb[0])
    assert result.contributions["na"] == pytest.approx(share * inner["na"] / moved)
    assert result.contributions["nb"] == pytest.approx(share * inner["nb"] / moved)
    assert sum(result.contributions.values()) == pytest.approx(y[1] - y[0], abs=1e-9)


def test_missing_actuals_for_a_driver_name_it_the_period_and_what_to_do():
    tree = with_actuals([{"id": "y", "kind": "north_star", "formula": "a * b"}, {"id": "a"},
                         {"id": "b", "name": "Conversion"}], {"y": [6.0, 8.0], "a": [2.0, 2.0], "b": [3.0, None]})
    result = explain(tree, "2026-W01", "2026-W02")
    assert result.method is Method.MISSING_ACTUALS
    assert result.missing == ("b",)
    assert result.change == 2.0 and result.unexplained == 2.0
    note = result.notes[-1]
    assert "'Conversion' in 2026-W02" in note and "Import actuals" in note


def test_a_missing_metric_without_a_formula_has_no_value_to_compare():
    tree = with_actuals([{"id": "y", "kind": "north_star"}, {"id": "a"}], {"a": [1.0, 2.0]},
                        links=[{"source": "a", "target": "y", "elasticity": 1.0}])
    result = explain(tree, "2026-W01", "2026-W02")
    assert result.method is Method.MISSING_ACTUALS and result.change is None
    assert result.missing == ("y",)


def test_a_redefined_north_star_is_not_explained():
    history = {"north_star_history": [
        {"name": "Weekly active users", "adopted_on": "2024-01-01"},
        {"name": "Weekly listening hours", "adopted_on": "2026-01-12", "reason": "hours track value better"}]}
    tree = with_actuals([{"id": "y", "kind": "north_star", "formula": "a * 2"}, {"id": "a"}],
                        {"a": [1.0, 2.0, 3.0, 4.0]}, start="2026-W01", info=history)
    across = explain(tree, "2026-W01", "2026-W04")  # W01 starts 2025-12-29, before the change
    assert across.method is Method.DEFINITION_CHANGED
    assert across.contributions == {}
    assert "'Weekly active users'" in across.notes[0] and "'Weekly listening hours'" in across.notes[0]
    assert "measure different things" in across.notes[0]
    after = explain(tree, "2026-W03", "2026-W04")
    assert after.method is Method.SUM


def test_ranges_sum_counts_and_average_rates():
    users = [100.0, 110.0, 120.0, 130.0]
    rate = [0.10, 0.20, 0.30, 0.40]
    tree = with_actuals([{"id": "y", "kind": "north_star", "formula": "users * rate", "unit": "users"},
                         {"id": "users", "unit": "users"}, {"id": "rate", "unit": "%"}], {"users": users, "rate": rate})
    result = explain(tree, "2026-W01..2026-W02", "2026-W03..2026-W04")
    assert result.driver_values["users"] == (210.0, 250.0)
    assert result.driver_values["rate"] == pytest.approx((0.15, 0.35))
    assert result.start == pytest.approx(210.0 * 0.15)
    assert sum(result.contributions.values()) == pytest.approx(250 * 0.35 - 210 * 0.15)


def test_drivers_nest_and_their_shares_carry_down_to_the_root():
    tree = with_actuals([{"id": "y", "kind": "north_star", "formula": "users * per_user"},
                         {"id": "users", "formula": "new + returning"}, {"id": "new"}, {"id": "returning"},
                         {"id": "per_user"}],
                        {"new": [10.0, 30.0], "returning": [90.0, 80.0], "per_user": [2.0, 2.5]})
    result = explain(tree, "2026-W01", "2026-W02")
    users = result.drivers["users"]
    assert users.method is Method.SUM and users.contributions == {"new": 20.0, "returning": -10.0}
    assert set(result.drivers) == {"users"}  # leaves have no drivers of their own
    shares = result.contributions_to_root()
    assert shares["new"] + shares["returning"] == pytest.approx(shares["users"])
    assert shares["new"] / shares["returning"] == pytest.approx(-2.0)
    steps = result.waterfall()
    assert steps[0].amount + sum(s.amount for s in steps[1:-1]) == pytest.approx(steps[-1].amount)


def test_the_waterfall_pools_the_smallest_drivers_and_still_reaches_the_end():
    names = [f"x{i}" for i in range(6)]
    tree = with_actuals([{"id": "y", "kind": "north_star", "formula": " + ".join(names)}, *({"id": n} for n in names)],
                        {n: [1.0, 1.0 + i] for i, n in enumerate(names)})
    steps = explain(tree, "2026-W01", "2026-W02").waterfall(max_drivers=3)
    assert [s.label for s in steps] == ["2026-W01", "x5", "x4", "4 other drivers", "2026-W02"]
    assert steps[3].amount == 3 + 2 + 1 + 0 and steps[3].base == 6 + 5 + 4
    assert steps[0].amount + sum(s.amount for s in steps[1:-1]) == steps[-1].amount
