"""Small hand-built trees for the simulation tests."""

from __future__ import annotations

from typing import Any

from metricscape.model import MetricTree


def tree(metrics: list[dict[str, Any]], links: list[dict[str, Any]] = (), **extra: Any) -> MetricTree:
    """A MetricTree from plain dicts; metrics need only id (name defaults to the id)."""
    return MetricTree.model_validate({
        "metrics": [{"name": m["id"], **m} for m in metrics], "links": list(links), **extra})


def linear_tree(**extra: Any) -> MetricTree:
    """y = 2a + 3b - c, inputs without uncertainty: an exactly known tornado."""
    return tree([{"id": "y", "kind": "north_star", "formula": "2*a + 3*b - c", "target": 30},
                 {"id": "a", "baseline": 10}, {"id": "b", "baseline": 4}, {"id": "c", "baseline": 2}], **extra)


def funnel_tree(**extra: Any) -> MetricTree:
    """Weekly hours = users x conversion x hours per user, with an influence link from quality."""
    return tree([
        {"id": "hours", "name": "Weekly hours", "kind": "north_star", "formula": "users * conversion * per_user",
         "target": 60000, "unit": "h", "unit_variability": 3.0},
        {"id": "users", "name": "Visitors", "baseline": 100000, "unit_variability": 0.0,
         "uncertainty": {"distribution": "range", "low": 80000, "high": 125000}},
        {"id": "conversion", "name": "Conversion", "kind": "proxy", "unit": "%", "baseline": 0.2,
         "uncertainty": {"distribution": "pert", "low": 0.15, "high": 0.3}},
        {"id": "per_user", "name": "Hours per user", "baseline": 2.5, "unit": "h", "unit_variability": 1.5,
         "uncertainty": {"distribution": "normal", "sd": 0.3, "floor": 0}},
        {"id": "quality", "name": "Recommendation quality", "baseline": 0.5, "unit": "%",
         "uncertainty": {"distribution": "uniform", "low": 0.4, "high": 0.6}},
    ], links=[{"source": "quality", "target": "per_user", "elasticity": 0.4, "elasticity_low": 0.2,
               "elasticity_high": 0.6}],
        scenarios=[{"id": "onboarding", "name": "Better onboarding",
                    "changes": [{"metric": "conversion", "mode": "points", "value": 1}]},
                   {"id": "recs", "name": "Better recommendations",
                    "changes": [{"metric": "quality", "mode": "relative", "value": 10}]}], **extra)
