"""The curve the uncertainty preview draws, from the simulation's own distributions.

Using ``metricscape.sim`` (not a second set of formulas) means the preview shows exactly what a
simulation will draw, truncation of rates to 0..100 % included.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from metricscape.model.metric import Metric
from metricscape.sim.distributions import metric_marginal
from metricscape.sim.errors import SimulationError


@dataclass(frozen=True)
class Curve:
    xs: tuple[float, ...]
    ys: tuple[float, ...]
    low: float   # 5th percentile
    high: float  # 95th percentile
    label: str = "90 % likely in this range"


def curve(metric: Metric, points: int = 161) -> Curve | str | None:
    """The density of ``metric``'s value; ``None`` when it is not uncertain; a message when the
    parameters do not describe a distribution (e.g. a mode without a baseline)."""
    try:
        marginal = metric_marginal(metric)
    except SimulationError as exc:
        return str(exc)
    if marginal is None:
        return None
    support_low, support_high = (float(v) for v in marginal.ppf(np.array([0.0, 1.0])))
    start, stop = (float(v) for v in marginal.ppf(np.array([0.001, 0.999])))
    pad = (stop - start) * 0.08
    xs = np.linspace(start - pad, stop + pad, points)
    with np.errstate(all="ignore"):
        ys = np.nan_to_num(marginal.dist.pdf(xs), nan=0.0, posinf=0.0)
    ys[(xs < support_low) | (xs > support_high)] = 0.0
    if not np.isfinite(ys).all() or ys.max() <= 0:
        return None
    low, high = (float(v) for v in marginal.ppf(np.array([0.05, 0.95])))
    return Curve(tuple(xs.tolist()), tuple(ys.tolist()), low, high)
