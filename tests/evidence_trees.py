"""Trees with actuals for the evidence tests: two metrics joined by an influence link, series given."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from metricscape.model import MetricTree
from metricscape.model.actuals import Actuals, Series


def series(metric: str, values: Sequence[float | None], start: str = "2024-W01", segment: str = "") -> Series:
    return Series(metric=metric, segment=segment, start=start,
                  values=tuple(None if v is None else float(v) for v in values))


def pair_tree(x: Sequence[float | None], y: Sequence[float | None], elasticity: float = 0.6,
              low: float | None = None, high: float | None = None, start: str = "2024-W01",
              grain: str = "week") -> MetricTree:
    return MetricTree.model_validate({
        "metrics": [{"id": "revenue", "name": "Revenue", "kind": "north_star"},
                    {"id": "visits", "name": "Visits", "kind": "proxy"}],
        "links": [{"source": "visits", "target": "revenue", "elasticity": elasticity,
                   "elasticity_low": low, "elasticity_high": high}],
        "actuals": Actuals(grain=grain, series=(series("visits", x, start), series("revenue", y, start))),
    })


def linked_logs(n: int, elasticity: float, seed: int, noise: float = 0.01, lag: int = 0
                ) -> tuple[np.ndarray, np.ndarray]:
    """Log levels: the driver a random walk, the target moving by ``elasticity`` x its change ``lag`` periods earlier."""
    rng = np.random.default_rng(seed)
    dx = rng.normal(0.002, 0.03, n + lag)
    x = np.cumsum(dx)
    dy = elasticity * dx[:n] + rng.normal(0.0, noise, n)
    y = np.cumsum(dy)
    return x[lag:] + 8.0, y + 10.0
