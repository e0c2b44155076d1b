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


def curve(metric: Metric, points: int = 241) -> Curve | str | None:
    """The density of ``metric``'s value; ``None`` when it is not uncertain; a message when the
    parameters do not describe a distribution (e.g. a mode without a baseline).

    Only the quantile function is used (density = dq/dx between quantiles), so any distribution
    the engine supports, truncated or not, is drawn without knowing its formula.
    """
    try:
        marginal = metric_marginal(metric)
    except SimulationError as exc:
        return str(exc)
    if marginal is None:
        return None
    q = np.linspace(0.0005, 0.9995, points)
    with np.errstate(all="ignore"):
        x = np.asarray(marginal.ppf(q), dtype=float)
        dx = np.diff(x)
        keep = dx > 0
        if not np.isfinite(x).all() or keep.sum() < 2:
            return None
        density = np.diff(q)[keep] / dx[keep]
    mids = ((x[:-1] + x[1:]) / 2)[keep]
    pad = (x[-1] - x[0]) * 0.08
    # Zero at both ends, so bounded shapes (uniform, triangular) show their edges.
    xs = (float(x[0] - pad), float(x[0]), *mids.tolist(), float(x[-1]), float(x[-1] + pad))
    ys = (0.0, 0.0, *density.tolist(), 0.0, 0.0)
    low, high = (float(v) for v in marginal.ppf(np.array([0.05, 0.95])))
    return Curve(xs, ys, low, high)
