"""Experiment detectability: for a scenario, the expected lift on each metric and the sample size
per arm an A/B test needs to detect it (two-sided, two-sample, normal approximation).

With a coefficient of variation c per unit and a relative lift L:  n = 2 (z_{1-alpha/2} + z_power)^2 c^2 / L^2.
For a rate p1 -> p2 with no variability given:
n = (z_{1-alpha/2} sqrt(2 pbar (1 - pbar)) + z_power sqrt(p1 (1 - p1) + p2 (1 - p2)))^2 / (p1 - p2)^2.
The north star is ranked against the proxies and inputs the scenario moves, so a PM sees which
metric an experiment can actually read.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from metricscape.model.metric import Direction, Metric, MetricKind
from metricscape.model.scenario import Scenario
from metricscape.model.tree import MetricTree

from .plan import Plan
from .results import ExperimentResult, ExperimentRow

MEASURABLE = (MetricKind.NORTH_STAR, MetricKind.PROXY, MetricKind.INPUT)


def sample_size_cv(cv: float, lift: float, alpha: float, power: float) -> float:
    """Units per arm to detect a relative ``lift`` (0.05 = +5 %) of a metric with coefficient of variation ``cv``."""
    from scipy.special import (
        ndtri,  # the normal quantile, imported on first use (~0.15 s at start-up)
    )

    z = float(ndtri(1 - alpha / 2) + ndtri(power))  # a Python float: a huge cv gives inf, not a numpy warning
    return 2 * z * z * cv * cv / (lift * lift)


def sample_size_rate(p1: float, p2: float, alpha: float, power: float) -> float:
    """Units per arm to tell a rate ``p1`` from ``p2``."""
    from scipy.special import ndtri

    pbar = (p1 + p2) / 2
    top = float(ndtri(1 - alpha / 2) * math.sqrt(2 * pbar * (1 - pbar))
                + ndtri(power) * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2)))
    return top * top / (p1 - p2) ** 2


def experiment(tree: MetricTree, plan: Plan, scenario: Scenario, values: Any, alpha: float,
               power: float) -> ExperimentResult:
    rows: list[ExperimentRow] = []
    by_id = tree.metrics_by_id()  # one look-up table: ``tree.metric`` scans the list (quadratic at 5,000 metrics)
    for i, metric_id in enumerate(plan.ids):
        metric = by_id[metric_id]
        if metric.kind not in MEASURABLE:
            continue
        base, expected = plan.baseline[i], float(values[i])
        if not (np.isfinite(base) and np.isfinite(expected)) or base == 0 or expected == base:
            continue
        rows.append(_row(metric, base, expected, alpha, power))
    star = tree.north_star
    rows.sort(key=lambda r: (r.metric != (star.id if star else None), r.sample_size_per_arm is None,
                             r.sample_size_per_arm or 0, r.metric))
    recommended, message = _recommend(rows, star, scenario)
    return ExperimentResult(scenario=scenario.name, alpha=alpha, power=power, rows=rows, recommended=recommended,
                            message=message)


def _row(metric: Metric, base: float, expected: float, alpha: float, power: float) -> ExperimentRow:
    lift = (expected - base) / abs(base)
    notes = []
    good = (lift > 0) == (metric.direction is Direction.HIGHER)
    if not good:
        notes.append(f"moves the wrong way ({metric.direction.value} is better)")
    if metric.unit_variability is not None:
        cv, source = metric.unit_variability, "unit_variability"
        n: float | None = sample_size_cv(cv, lift, alpha, power) if cv > 0 else None
    elif metric.unit.strip() == "%" and 0 < base < 1 and 0 < expected < 1:
        cv, source = math.sqrt(base * (1 - base)) / base, "rate p(1-p)"
        n = sample_size_rate(base, expected, alpha, power)
    else:
        cv, source, n = None, "missing", None
        notes.append("enter its unit variability (sd / mean per user) to size a test")
    if n is not None and not math.isfinite(n):  # a huge variability or a vanishing lift: no test can tell
        n = None
        notes.append("no test of any size would detect this change: it is too small for the metric's variability")
    return ExperimentRow(metric=metric.id, name=metric.name, kind=metric.kind.value, baseline=base, expected=expected,
                         lift_pct=lift * 100, variability=cv, variability_source=source,
                         # at least one unit per arm: a huge change underflows the formula to 0
                         sample_size_per_arm=None if n is None else max(1, math.ceil(n)), note="; ".join(notes))


def _recommend(rows: list[ExperimentRow], star: Metric | None, scenario: Scenario) -> tuple[str | None, str]:
    sized = [r for r in rows if r.sample_size_per_arm is not None and not r.note.startswith("moves the wrong way")]
    if not rows:
        return None, f"'{scenario.name}' moves none of the north star, proxies or inputs"
    if not sized:
        return None, "no metric can be sized yet: enter the unit variability of the north star and its proxies"
    best = min(sized, key=lambda r: (r.sample_size_per_arm, r.metric))
    star_row = next((r for r in rows if star is not None and r.metric == star.id), None)
    if star_row is not None and star_row.sample_size_per_arm is not None and best.metric == star_row.metric:
        return best.metric, (f"measure the north star '{best.name}' directly: {best.sample_size_per_arm:,} "
                             f"per arm are enough to detect its {best.lift_pct:+.3g} % change")
    text = (f"measure '{best.name}': {best.sample_size_per_arm:,} per arm are enough to detect its "
            f"{best.lift_pct:+.3g} % change")
    if star_row is not None and star_row.sample_size_per_arm and best.sample_size_per_arm:
        ratio = star_row.sample_size_per_arm / best.sample_size_per_arm
        text += (f", {ratio:,.0f}x fewer than the {star_row.sample_size_per_arm:,} the north star "
                 f"'{star_row.name}' would need")
    elif star_row is not None:
        text += f"; the north star '{star_row.name}' cannot be sized without its unit variability"
    return best.metric, text
