"""Graph queries over a metric tree (networkx). Edges point from a driver (child) to what it drives."""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from .errors import ModelError
from .link import Link, LinkKind
from .metric import Metric, MetricKind
from .tree import MetricTree


def compute_graph(tree: MetricTree) -> nx.DiGraph:
    """Metrics and the links that compute values (formula and influence), child -> parent."""
    graph = nx.DiGraph()
    graph.add_nodes_from(m.id for m in tree.metrics)
    graph.add_edges_from(link.key for link in tree.links if link.kind.computes)
    return graph


def full_graph(tree: MetricTree) -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_nodes_from(m.id for m in tree.metrics)
    for link in tree.links:
        graph.add_edge(link.source, link.target, kind=link.kind)
    return graph


def north_star(tree: MetricTree) -> Metric:
    stars = [m for m in tree.metrics if m.kind is MetricKind.NORTH_STAR]
    if len(stars) != 1:
        found = "no north star" if not stars else f"{len(stars)} north stars"
        raise ModelError(f"the model has {found}; mark exactly one metric as the north star")
    return stars[0]


def topological_order(tree: MetricTree) -> list[str]:
    """Drivers before the metrics they drive; ties broken by file order so the result is stable."""
    order = {m.id: i for i, m in enumerate(tree.metrics)}
    return list(nx.lexicographical_topological_sort(compute_graph(tree), key=order.__getitem__))


def drivers_of(tree: MetricTree, metric_id: str) -> set[str]:
    """Every metric that feeds ``metric_id``, directly or not."""
    return set(nx.ancestors(compute_graph(tree), metric_id))


def dependents_of(tree: MetricTree, metric_id: str) -> set[str]:
    """Every metric that ``metric_id`` feeds, directly or not."""
    return set(nx.descendants(compute_graph(tree), metric_id))


def children(tree: MetricTree, metric_id: str, kinds: Iterable[LinkKind] = (LinkKind.FORMULA, LinkKind.INFLUENCE)
             ) -> list[Link]:
    wanted = set(kinds)
    return [link for link in tree.links if link.target == metric_id and link.kind in wanted]


def leaves(tree: MetricTree) -> list[str]:
    """Metrics nothing computes: the inputs whose values come from their baselines."""
    graph = compute_graph(tree)
    return [m.id for m in tree.metrics if graph.in_degree(m.id) == 0 and not m.is_computed]


def orphans(tree: MetricTree) -> list[str]:
    """Metrics with no path to the north star (a guardrail counts when it guards a connected metric)."""
    star = tree.north_star
    if star is None:
        return [m.id for m in tree.metrics]
    graph = compute_graph(tree)
    connected = nx.ancestors(graph, star.id) | {star.id}
    guards = {link.source for link in tree.links if link.kind is LinkKind.GUARD and link.target in connected}
    return [m.id for m in tree.metrics if m.id not in connected and m.id not in guards]
