"""How a metric's periods add up over a range: counts sum, rates and averages take the mean.

The model does not record a per-metric aggregation yet (the actuals import adds one); until then
it is derived from the unit and the name the way that work does: "%" and anything "per"
something (``sessions/user``, "minutes per session", a rating, a time-to) is an average, the rest
(users, hours listened, revenue) is a count. A metric that carries an explicit ``aggregation``
field wins, so this default steps aside as soon as the model has one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from metricscape.model.actuals import Aggregation
from metricscape.model.metric import Metric
from metricscape.model.numbers import is_rate

_AVERAGE_WORDS = frozenset({"per", "rate", "ratio", "share", "average", "avg", "mean", "score", "rating",
                            "stars", "points", "nps", "csat", "percent", "percentage", "time", "latency"})
_AVERAGE_UNITS = frozenset({"x", "stars", "points", "score", "seconds", "sec", "s", "ms", "minutes", "min"})


def aggregation_of(metric: Metric) -> Aggregation:
    explicit = metric.__dict__.get("aggregation")  # pydantic keeps fields here; asking is free when absent
    if isinstance(explicit, Aggregation):
        return explicit
    return _from_words(metric.unit, metric.name, metric.id)


@lru_cache(maxsize=8192)
def _from_words(unit: str, name: str, metric_id: str) -> Aggregation:
    unit = unit.strip().lower()
    if is_rate(unit) or "/" in unit or unit in _AVERAGE_UNITS:
        return Aggregation.MEAN
    words = set(re.split(r"[^a-z]+", f"{name} {metric_id} {unit}".lower()))
    return Aggregation.MEAN if words & _AVERAGE_WORDS else Aggregation.SUM
