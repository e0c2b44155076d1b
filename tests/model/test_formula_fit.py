"""Formula consistency: the gap statistics against a direct computation, the shift finder, the rule's words,
and the plain-Python evaluator against the engine's numpy one."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from metricscape.model import Metric, MetricTree
from metricscape.model.actuals import Actuals, Series
from metricscape.model.formula import parse
from metricscape.model.formula_fit import fit, formula_fits
from metricscape.model.formula_values import evaluate
from metricscape.model.rules import check
from metricscape.sim.compile import compile_formula
from metricscape.sim.consistency import formula_consistency

PERIODS = [f"2026-W{w:02d}" for w in range(1, 11)]


def test_mean_absolute_gap_and_worst_period_by_hand():
    reported = [100.0, 200.0, 50.0, 80.0]
    computed = [110.0, 190.0, 40.0, 80.0]
    result = fit("m", PERIODS[:4], reported, computed)
    assert result.mean_abs_gap == pytest.approx((0.10 + 0.05 + 0.20 + 0.0) / 4)
    assert (result.worst_period, result.worst_gap) == ("2026-W03", pytest.approx(-0.20))
    assert result.shift_from is None


def test_a_lasting_gap_from_one_period_on_is_a_shift():
    reported = [100.0] * 10
    computed = [100.5, 99.6, 100.2, 100.0, 99.8, 93.0, 92.9, 93.2, 93.0, 92.8]
    result = fit("m", PERIODS, reported, computed)
    assert result.shift_from == "2026-W06"
    assert result.shift_gap == pytest.approx(float(np.median([-0.07, -0.071, -0.068, -0.07, -0.072])))


def test_a_formula_that_never_fitted_has_no_shift_and_a_short_blip_is_none_either():
    assert fit("m", PERIODS[:6], [100.0] * 6, [80.0] * 6).shift_from is None
    assert fit("m", PERIODS[:6], [100.0] * 6, [100, 100, 100, 100, 90, 90]).shift_from is None


def drifting_tree() -> MetricTree:
    a = tuple(float(10 + w) for w in range(12))
    b = tuple(float(2 + w % 3) for w in range(12))
    y = tuple(x * z * (1.08 if w >= 8 else 1.0) for w, (x, z) in enumerate(zip(a, b)))
    return MetricTree(
        metrics=(Metric(id="y", name="Orders", kind="north_star", formula="a * b"),
                 Metric(id="a", name="Visitors"), Metric(id="b", name="Orders per visitor")),
        actuals=Actuals(series=(Series(metric="y", start="2026-W01", values=y),
                                Series(metric="a", start="2026-W01", values=a),
                                Series(metric="b", start="2026-W01", values=b))))


def test_the_rule_says_from_when_and_by_how_much():
    (finding,) = [f for f in check(drifting_tree()).findings if f.rule == "formula-drift"]
    assert finding.metric == "y"
    assert finding.message.startswith("From 2026-W09 the formula of 'Orders' is 7 % below the reported value")
    assert "a tracking change or a missing input?" in finding.message


def test_a_recorded_definition_change_turns_the_question_into_what_to_do():
    from metricscape.model.actuals import DefinitionChange

    tree = drifting_tree()
    tree = tree.model_copy(update={"actuals": tree.actuals.model_copy(update={
        "definitions": (DefinitionChange(metric="y", since="2026-W09", label="Counts app orders too"),)})})
    (finding,) = [f for f in check(tree).findings if f.rule == "formula-drift"]
    assert "since its definition changed (\"Counts app orders too\")" in finding.message
    assert "Update the formula" in finding.message


def test_numpy_and_plain_python_give_the_same_fits():
    plain, vectorised = formula_fits(drifting_tree()), formula_consistency(drifting_tree())
    assert [f.metric for f in plain] == [f.metric for f in vectorised] == ["y"]
    assert plain[0].gaps == pytest.approx(vectorised[0].gaps, rel=1e-12)
    assert plain[0].shift_from == vectorised[0].shift_from == "2026-W09"


FORMULAS = ["a + b * c", "a / b - c", "min(a, b) + max(b, c, 1)", "if(a > b, a, c) ^ 2", "sqrt(abs(a)) + log(b)",
            "round(a * 10, 1) / 3", "clip(a, 0, 1) * exp(c / 10)", "a / (b - b)", "(a - a) / (b - b)",
            "floor(a) + ceil(b) - log10(abs(c) + 1)", "a ^ 0.5", "-a + +b"]


@given(st.sampled_from(FORMULAS), st.floats(-1e3, 1e3), st.floats(-1e3, 1e3), st.floats(-1e3, 1e3))
def test_the_plain_evaluator_agrees_with_the_engine(text, a, b, c):
    formula = parse(text)
    position = {ref: i for i, ref in enumerate(formula.refs)}
    values = {"a": a, "b": b, "c": c}
    with np.errstate(all="ignore"):
        expected = float(compile_formula(formula, position)([values[ref] for ref in formula.refs]))
    got = evaluate(formula, values)
    if math.isnan(expected):
        assert math.isnan(got)
    else:
        assert got == pytest.approx(expected, rel=1e-12, abs=1e-300)
