"""Small trees for the model tests, built in code so each test shows what it depends on."""

from __future__ import annotations

import pytest

from metricscape.model import (
    Change,
    ChangeMode,
    Correlation,
    GamingRisk,
    Link,
    LinkKind,
    Metric,
    MetricKind,
    MetricTree,
    Scenario,
    SimulationSettings,
)


def small_tree() -> MetricTree:
    """hours = wau * hours_per_user; wau = new + retained; activation drives new (influence);
    churn_guard guards wau; a scenario, a risk and a correlation refer to the inputs."""
    metrics = [
        Metric(id="hours", name="Weekly hours", kind=MetricKind.NORTH_STAR, formula="wau * hours_per_user",
               baseline=1000.0),
        Metric(id="wau", name="Weekly active users", formula="new + retained", baseline=100.0,
               gaming_risks=(GamingRisk(description="bots", counter_metric="churn_guard"),)),
        Metric(id="hours_per_user", name="Hours per user", baseline=10.0),
        Metric(id="new", name="New users", baseline=20.0),
        Metric(id="retained", name="Retained users", baseline=80.0),
        Metric(id="activation", name="Activation", unit="%", baseline=0.5, kind=MetricKind.PROXY),
        Metric(id="churn_guard", name="Churn", kind=MetricKind.GUARDRAIL, baseline=0.03),
    ]
    links = [
        Link(source="activation", target="new", kind=LinkKind.INFLUENCE, elasticity=0.8),
        Link(source="churn_guard", target="wau", kind=LinkKind.GUARD),
    ]
    scenarios = [Scenario(id="push", name="Push", changes=(
        Change(metric="new", mode=ChangeMode.RELATIVE, value=10),
        Change(metric="activation", mode=ChangeMode.POINTS, value=2)))]
    simulation = SimulationSettings(correlations=(Correlation(a="new", b="retained", rho=0.3),))
    return MetricTree(metrics=tuple(metrics), links=tuple(links), scenarios=tuple(scenarios),
                      simulation=simulation)


@pytest.fixture
def tree() -> MetricTree:
    return small_tree()
