"""Property: on any formula of the language and any positive series, the parts add up to the change."""

from __future__ import annotations

import math

from explain_trees import with_actuals
from hypothesis import example, given
from hypothesis import strategies as st

from metricscape.sim.explain import Method, explain

INPUTS = ("a", "b", "c", "d")
positive = st.floats(min_value=0.05, max_value=1e4, allow_nan=False, allow_infinity=False)


def formulas() -> st.SearchStrategy[str]:
    leaf = st.one_of(st.sampled_from(INPUTS), st.integers(1, 9).map(str),
                     st.floats(0.1, 5).map(lambda x: f"{x:.2f}"))

    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.tuples(inner, st.sampled_from("+-*/"), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
            st.tuples(inner, st.sampled_from(["2", "0.5", "-1", "3"])).map(lambda t: f"({t[0]})^{t[1]}"),
            st.tuples(st.sampled_from(["min", "max"]), st.lists(inner, min_size=2, max_size=3)).map(
                lambda t: f"{t[0]}({', '.join(t[1])})"),
            st.tuples(inner, st.sampled_from(["<", ">", ">="]), inner, inner, inner).map(
                lambda t: f"if({t[0]} {t[1]} {t[2]}, {t[3]}, {t[4]})"),
            inner.map(lambda x: f"sqrt(abs({x}))"),
            inner.map(lambda x: f"-{x}"),
        )

    return st.recursive(leaf, extend, max_leaves=8).filter(lambda f: any(i in f for i in INPUTS))


@given(formula=formulas(), start=st.tuples(*[positive] * 4), end=st.tuples(*[positive] * 4),
       reported=st.one_of(st.none(), st.tuples(positive, positive)))
@example(formula="--(b)^3", start=(1.0, 740.0, 1.0, 1.0), end=(1.0, 1.05, 1.0, 1.0), reported=None)  # a fall to
# a millionth: the log mean lost nine digits to log1p near -1
def test_contributions_always_add_up_to_the_change(formula, start, end, reported):
    series = {name: [s, e] for name, s, e in zip(INPUTS, start, end, strict=True)}
    if reported is not None:
        series["y"] = list(reported)
    tree = with_actuals([{"id": "y", "kind": "north_star", "formula": formula}, *({"id": i} for i in INPUTS)],
                        series)
    result = explain(tree, "2026-W01", "2026-W02")
    if result.method is Method.MISSING_ACTUALS:  # the formula is not a number (e.g. 1 / (a - a))
        assert reported is None and result.change is None
        return
    assert result.change is not None
    parts = sum(result.contributions.values()) + result.reported_vs_formula + result.unexplained
    scale = max(abs(result.start or 0), abs(result.end or 0), *(abs(v) for v in result.contributions.values()), 1.0)
    assert math.isclose(parts, result.change, rel_tol=0, abs_tol=1e-9 * scale)
    if reported is None:  # the value is the formula's: nothing left for a gap or a rest
        assert result.reported_vs_formula == 0.0 and result.unexplained == 0.0
    assert set(result.contributions) <= set(INPUTS)
