"""A generated tree of any size for the export tests, pure and drawn alike."""

from __future__ import annotations

from metricscape.model import Link, LinkKind, Metric, MetricKind, MetricTree, ModelInfo


def wide_tree(n: int) -> MetricTree:
    """A north star with n - 1 metrics, four drivers per metric, level by level."""
    metrics = [Metric(id="m0", name="North star", kind=MetricKind.NORTH_STAR, baseline=1.0)]
    links = []
    for i in range(1, n):
        metrics.append(Metric(id=f"m{i}", name=f"Metric number {i}", baseline=float(i), owner="Team"))
        links.append(Link(source=f"m{i}", target=f"m{(i - 1) // 4}", kind=LinkKind.INFLUENCE, elasticity=0.1))
    return MetricTree(info=ModelInfo(name=f"{n} metrics"), metrics=tuple(metrics), links=tuple(links))
