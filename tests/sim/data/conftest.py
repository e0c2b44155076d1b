import pytest

from metricscape.model import Metric, MetricTree


@pytest.fixture
def tree() -> MetricTree:
    """A small streaming model: one sum (new + returning), one product, a rate and a stock."""
    return MetricTree(metrics=(
        Metric(id="weekly_hours", name="Weekly listening hours", kind="north_star", unit="hours",
               formula="weekly_listeners * hours_per_listener"),
        Metric(id="weekly_listeners", name="Weekly listeners", unit="users",
               formula="new_listeners + returning_listeners"),
        Metric(id="new_listeners", name="New listeners", unit="users"),
        Metric(id="returning_listeners", name="Returning listeners", unit="users"),
        Metric(id="hours_per_listener", name="Hours per listener", unit="hours/user"),
        Metric(id="skip_rate", name="Skip rate", unit="%"),
        Metric(id="paying_subscribers", name="Paying subscribers", unit="subscribers"),
    ))


@pytest.fixture
def model_path(tmp_path):
    return tmp_path / "model.json"
