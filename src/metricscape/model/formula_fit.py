"""Formula consistency: does a formula applied to its inputs' actuals reproduce the metric's own actuals?

Per period where the metric and every input have a value (whole population): the gap is
(formula − reported) / |reported|. The summary gives the mean absolute percentage gap, the worst
period, and a *shift*: from some period to the latest one the formula stays off by about the same
amount in the same direction while it matched before, which is what a tracking change or a
missing input looks like. Plain Python (the health check runs here); ``sim.consistency`` runs the
same over numpy for every formula metric at once.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .actuals import ALL_SEGMENTS
from .formula_values import evaluate
from .tree import MetricTree, parsed_formula

MATCH = 0.03       # within 3 % the formula explains its metric
MIN_SHIFT_RUN = 3  # periods off in the same direction before it counts as a shift


@dataclass(frozen=True)
class FormulaFit:
    metric: str
    periods: tuple[str, ...]
    gaps: tuple[float, ...]  # (formula − reported) / |reported|, per period
    mean_abs_gap: float      # mean absolute percentage gap, as a fraction
    worst_period: str
    worst_gap: float
    shift_from: str | None   # the first period of a lasting gap to the latest period, if any
    shift_gap: float | None  # its median gap (signed): -0.07 = the formula is 7 % below

    def to_dict(self) -> dict[str, object]:
        return {"metric": self.metric, "periods": len(self.periods), "mean_abs_gap_pct": self.mean_abs_gap * 100,
                "worst_period": self.worst_period, "worst_gap_pct": self.worst_gap * 100,
                "shift_from": self.shift_from,
                "shift_gap_pct": None if self.shift_gap is None else self.shift_gap * 100}


Evaluate = Callable[[str, dict[str, list[float]], int], list[float]]  # (metric, inputs, periods)


def aligned(whole: Mapping[str, dict[str, float]], metric: str, refs: tuple[str, ...]
            ) -> tuple[list[str], list[float], dict[str, list[float]]]:
    """The periods where the metric and all its inputs have values, with the values in that order
    (``whole``: each metric's whole-population actuals, period -> value)."""
    if metric not in whole or any(ref not in whole for ref in refs):
        return [], [], {}
    maps = {ref: whole[ref] for ref in refs}
    reported = whole[metric]
    periods = [p for p in sorted(reported) if reported[p] != 0 and all(p in m for m in maps.values())]
    return periods, [reported[p] for p in periods], {ref: [m[p] for p in periods] for ref, m in maps.items()}


def fit(metric: str, periods: list[str], reported: list[float], computed: list[float]) -> FormulaFit | None:
    """The summary, or None when fewer than two periods can be compared."""
    rows = [(p, (c - r) / abs(r)) for p, r, c in zip(periods, reported, computed, strict=True) if math.isfinite(c)]
    if len(rows) < 2:
        return None
    gaps = [gap for _, gap in rows]
    worst = max(range(len(rows)), key=lambda i: abs(gaps[i]))
    shift_from, shift_gap = _shift(rows)
    return FormulaFit(metric, tuple(p for p, _ in rows), tuple(gaps), statistics.fmean(abs(g) for g in gaps),
                      rows[worst][0], gaps[worst], shift_from, shift_gap)


def _shift(rows: list[tuple[str, float]]) -> tuple[str | None, float | None]:
    """The earliest start of a run to the end where every gap is beyond MATCH with one sign, after
    periods that matched: a change from a point in time, not a formula that never fitted."""
    gaps = [gap for _, gap in rows]
    start = len(gaps)
    sign = math.copysign(1.0, gaps[-1])
    while start > 0 and abs(gaps[start - 1]) > MATCH and math.copysign(1.0, gaps[start - 1]) == sign:
        start -= 1
    run, before = gaps[start:], gaps[:start]
    if len(run) < MIN_SHIFT_RUN or len(before) < MIN_SHIFT_RUN:
        return None, None
    if statistics.fmean(abs(g) for g in before) > MATCH:
        return None, None
    return rows[start][0], statistics.median(run)


def formula_fits(tree: MetricTree, evaluate_all: Evaluate | None = None) -> list[FormulaFit]:
    """A fit for each formula metric with actuals on both sides (whole population), in metric order.

    ``evaluate_all(metric, inputs, periods)`` computes the formula for every period at once; by default it
    runs the plain-Python evaluator period by period."""
    out: list[FormulaFit] = []
    if not tree.actuals.series:
        return out
    whole = {s.metric: s.as_dict() for s in tree.actuals.series if s.segment == ALL_SEGMENTS}
    for metric in tree.metrics:
        if metric.formula is None:
            continue
        formula = parsed_formula(metric.formula)
        periods, reported, inputs = aligned(whole, metric.id, formula.refs)
        if len(periods) < 2:
            continue
        computed = (evaluate_all or _plain(tree))(metric.id, inputs, len(periods))
        result = fit(metric.id, periods, reported, computed)
        if result is not None:
            out.append(result)
    return out


def _plain(tree: MetricTree) -> Evaluate:
    formulas = {m.id: parsed_formula(m.formula) for m in tree.metrics if m.formula is not None}

    def run(metric: str, inputs: Mapping[str, list[float]], count: int) -> list[float]:
        return [evaluate(formulas[metric], {ref: values[i] for ref, values in inputs.items()}) for i in range(count)]

    return run
