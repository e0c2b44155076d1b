"""Baseline, what-if and scenarios: every metric's value and its change against the baseline."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from metricscape.model.scenario import Change, ChangeMode
from metricscape.model.tree import MetricTree

from .errors import SimulationError
from .nonfinite import nonfinite_origins
from .plan import Plan
from .results import Evaluation, MetricValue


def change_overrides(plan: Plan, values: Sequence[Any], changes: Iterable[Change]) -> dict[int, Any]:
    """Plan overrides for ``changes``, each applied to the metric's value in ``values``
    (the baseline, or samples): relative and points changes scale or shift what is there."""
    overrides: dict[int, Any] = {}
    for change in changes:
        if change.metric not in plan.position:
            raise SimulationError(f"the change to '{change.metric}' names no metric of this model")
        i = plan.position[change.metric]
        value = change.mode.apply(values[i], change.value)
        bounds = plan.bounds.get(i)
        if bounds is not None and change.mode is not ChangeMode.SET:  # +2 pp on a 99 % rate stays at most 100 %
            value = np.clip(value, *bounds)
        overrides[i] = value
    return overrides


def evaluation(tree: MetricTree, plan: Plan, values: Sequence[Any], label: str,
               changed: Iterable[str] = (), metrics: Sequence[str] | None = None) -> Evaluation:
    """Every metric's value, or only those of ``metrics`` (then only what feeds them is searched
    for values that are not numbers)."""
    direct = set(changed)
    if metrics is None:
        shown, check = tree.metrics, None
    else:
        unknown = [m for m in metrics if m not in plan.position]
        if unknown:
            raise SimulationError(f"'{unknown[0]}' names no metric of this model")
        wanted = set(metrics)
        shown, check = tuple(m for m in tree.metrics if m.id in wanted), [plan.position[m] for m in metrics]
    rows = []
    for metric in shown:  # file order: what the PM wrote, north star usually first
        metric_id, i = metric.id, plan.position[metric.id]
        base, value = plan.baseline[i], float(values[i])
        pct = (value - base) / abs(base) * 100 if base != 0 else math.nan  # floats: inf/nan never raise here
        rows.append(MetricValue(metric=metric_id, name=metric.name, unit=metric.unit, baseline=base, value=value,
                                change=value - base, change_pct=pct, changed_directly=metric_id in direct))
    names = {m.id: m.name for m in tree.metrics}
    return Evaluation(label=label, values=rows, nonfinite=nonfinite_origins(plan, values, check=check, names=names))
