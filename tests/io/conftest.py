import pytest

from metricscape.model import Link, Metric, MetricTree, Scenario
from metricscape.model.scenario import Change


@pytest.fixture
def small_tree() -> MetricTree:
    return MetricTree(
        metrics=(
            Metric(id="weekly_hours", name="Weekly listening hours", kind="north_star", unit="hours",
                   formula="listeners * hours_per_listener", target=40e6),
            Metric(id="listeners", name="Weekly listeners", baseline=9.3e6, unit="users"),
            Metric(id="hours_per_listener", name="Hours per listener", baseline=3.7, unit="hours"),
            Metric(id="retention", name="Week-over-week retention", baseline=0.86, unit="%"),
            Metric(id="autoplay_share", name="Idle autoplay share", kind="guardrail", baseline=0.04, unit="%"),
        ),
        links=(
            Link(source="retention", target="listeners", kind="influence", elasticity=0.8,
                 rationale="Kept listeners are most of next week's listeners"),
            Link(source="autoplay_share", target="weekly_hours", kind="guard"),
        ),
        scenarios=(Scenario(id="habit", name="Habit programme",
                            changes=(Change(metric="retention", mode="points", value=2),)),),
    )
