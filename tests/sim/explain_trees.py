"""Trees with actuals for the "why it moved" tests: metrics as dicts, series as lists per metric."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from metricscape.model import MetricTree
from metricscape.model.actuals import Actuals, Series


def with_actuals(metrics: list[dict[str, Any]], series: Mapping[str, Sequence[float | None]],
                 links: Sequence[dict[str, Any]] = (), start: str = "2026-W01", **extra: Any) -> MetricTree:
    """A tree whose metrics have weekly actuals from ``start`` (name defaults to the id)."""
    actuals = Actuals(series=tuple(Series(metric=m, start=start, values=tuple(v)) for m, v in series.items()))
    return MetricTree.model_validate({
        "metrics": [{"name": m["id"], **m} for m in metrics], "links": list(links), "actuals": actuals, **extra})
