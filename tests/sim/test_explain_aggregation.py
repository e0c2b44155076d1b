"""How a range adds up per metric, until the model records it: counts sum, rates and averages mean."""

from __future__ import annotations

import pytest

from metricscape.model import Metric
from metricscape.model.actuals import Aggregation
from metricscape.sim.explain import aggregation_of


@pytest.mark.parametrize(("name", "unit", "expected"), [
    ("Weekly active listeners", "users", Aggregation.SUM),
    ("Weekly listening hours", "hours", Aggregation.SUM),
    ("Revenue", "$", Aggregation.SUM),
    ("Signups", "", Aggregation.SUM),
    ("Activation rate", "%", Aggregation.MEAN),
    ("Sessions per listener", "sessions/user", Aggregation.MEAN),
    ("Contribution margin per night", "$", Aggregation.MEAN),
    ("Time to first play", "seconds", Aggregation.MEAN),
    ("Guest review rating", "stars", Aggregation.MEAN),
    ("Learning gain score", "points", Aggregation.MEAN),
])
def test_counts_sum_and_rates_and_averages_take_the_mean(name, unit, expected):
    assert aggregation_of(Metric(id="m", name=name, unit=unit)) is expected
