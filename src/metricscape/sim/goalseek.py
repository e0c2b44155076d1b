"""Goal seek: the value of one input that makes a metric reach a target.

The input is searched over its whole meaningful domain (``search_range``), and the answer says
when it lies outside the 90 % range the PM gave. The range is scanned as one array batch to find where the metric crosses the target, then
scipy's brentq pins the crossing nearest the baseline. When nothing in the range reaches the target,
the result says so and names the closest reachable value.
"""

from __future__ import annotations

import math

import numpy as np

from metricscape.model.numbers import format_value
from metricscape.model.tree import MetricTree

from .distributions import Marginal
from .errors import SimulationError
from .factors import Factor, FactorKind
from .plan import Plan
from .results import GoalSeekResult

GRID = 257


def search_range(tree: MetricTree, plan: Plan, factors: list[Factor], vary: int) -> tuple[float, float]:
    """The input's whole meaningful domain: its floor..ceiling (0..1 for a rate), else 0..10x its baseline
    (mirrored for a negative one), widened to cover P1..P99 of its distribution. Not only P1..P99: a
    target may need a value outside the range the PM gave, and the answer should say so, not fail."""
    metric = tree.metric(plan.ids[vary])
    base = plan.baseline[vary]
    marginal = _marginal(factors, vary)
    low, high = (marginal.percentile(1), marginal.percentile(99)) if marginal else (math.inf, -math.inf)
    if np.isfinite(base) and base != 0:
        low, high = min(low, 0.0, 10 * base), max(high, 0.0, 10 * base)
    bounds = plan.bounds.get(vary) or ((0.0, 1.0) if metric.unit.strip() == "%" else None)
    if bounds is not None:
        low = bounds[0] if bounds[0] is not None else low
        high = bounds[1] if bounds[1] is not None else high
    if not low < high:
        raise SimulationError(f"'{metric.name}' has no baseline to search around: "
                              "enter a baseline or an uncertainty range")
    return low, high


def _marginal(factors: list[Factor], vary: int) -> Marginal | None:
    return next((f.marginal for f in factors if f.kind is FactorKind.METRIC and f.target == vary), None)


def outside_stated_range(marginal: Marginal | None, value: float, unit: str) -> str:
    """"; that is above your 90 % range of 2.8 %–3.2 %" when ``value`` lies outside P5..P95."""
    if marginal is None:
        return ""
    low, high = marginal.percentile(5), marginal.percentile(95)
    if low <= value <= high:
        return ""
    side = "above" if value > high else "below"
    return f"; that is {side} your 90 % range of {format_value(low, unit)}–{format_value(high, unit)}"


def goal_seek(tree: MetricTree, plan: Plan, factors: list[Factor], metric_id: str, target: float,
              vary_id: str, bounds: tuple[float, float] | None = None) -> GoalSeekResult:
    goal, vary = plan.index(metric_id), plan.index(vary_id)
    names = tree.metrics_by_id()
    goal_name, vary_name = names[metric_id].name, names[vary_id].name
    if vary != goal and vary not in plan.upstream(goal):
        raise SimulationError(f"'{vary_name}' does not feed '{goal_name}', so changing it cannot move it; "
                              f"pick one of the inputs of '{goal_name}'")
    low, high = bounds or search_range(tree, plan, factors, vary)
    needed = plan.upstream(goal) | {goal}

    def metric_at(x: np.ndarray | float) -> np.ndarray:
        values = plan.update(plan.baseline, [vary], overrides={vary: x}, within=needed)
        return np.broadcast_to(np.asarray(values[goal], dtype=float), np.shape(x))

    grid = np.linspace(low, high, GRID)
    gap = metric_at(grid) - target
    base = plan.baseline[vary]
    def answer(reached: bool, value: float | None, result: float, best_value: float, message: str) -> GoalSeekResult:
        return GoalSeekResult(metric=metric_id, target=target, vary=vary_id, reached=reached, value=value,
                              result=result, best_value=best_value, search_low=float(low), search_high=float(high),
                              baseline=base, message=message)

    crossings = np.flatnonzero(np.isfinite(gap[:-1]) & np.isfinite(gap[1:]) & (np.sign(gap[:-1]) != np.sign(gap[1:])))
    exact = np.flatnonzero(gap == 0)
    if crossings.size == 0 and exact.size == 0:
        finite = np.isfinite(gap)
        if not finite.any():
            raise SimulationError(f"'{goal_name}' is not a number anywhere between {low:g} and {high:g} of "
                                  f"'{vary_name}'; check its formula")
        best = int(np.flatnonzero(finite)[np.argmin(np.abs(gap[finite]))])
        result = float(gap[best] + target)
        side = "at most" if result < target else "at least"
        message = (f"'{goal_name}' cannot reach {target:g} by changing '{vary_name}' between {low:g} and "
                   f"{high:g}: it gets to {side} {result:g} (with '{vary_name}' = {grid[best]:g})")
        return answer(False, None, result, float(grid[best]), message)
    from scipy.optimize import brentq  # imported on first use: it costs ~0.1 s at startup

    candidates = [float(grid[i]) for i in exact]
    for i in crossings:
        candidates.append(brentq(lambda x: float(metric_at(x)) - target, grid[i], grid[i + 1], xtol=1e-12,
                                 rtol=4 * np.finfo(float).eps))
    value = min(candidates, key=lambda x: (abs(x - base), x))
    result = float(metric_at(value))
    message = (f"set '{vary_name}' to {value:g} (now {base:g}) and '{goal_name}' reaches {target:g}"
               f"{outside_stated_range(_marginal(factors, vary), value, names[vary_id].unit)}")
    if len(candidates) > 1:
        message += f"; {len(candidates)} values do, this one is closest to today's"
    return answer(True, value, result, value, message)
