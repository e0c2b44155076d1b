"""Graph queries over a metric tree. Edges point from a driver (child) to what it drives.

networkx answers the reachability questions; it is imported by them, not with the model, because
it takes ~0.1 s to load and opening a file needs only the order (graphlib, in the standard library).
"""

from __future__ import annotations

import graphlib
import heapq
from collections.abc import Callable, Hashable, Iterable
from typing import TYPE_CHECKING, TypeVar

from .errors import ModelError
from .link import Link, LinkKind
from .metric import Metric, MetricKind
from .tree import MetricTree

if TYPE_CHECKING:
    import networkx as nx

Node = TypeVar("Node", bound=Hashable)


def computing_links(tree: MetricTree) -> list[tuple[str, str]]:
    """The links that compute values (formula and influence) as (child, parent), in file order."""
    return [link.key for link in tree.links if link.kind.computes]


def compute_graph(tree: MetricTree) -> nx.DiGraph:
    """Metrics and the links that compute values (formula and influence), child -> parent."""
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from(m.id for m in tree.metrics)
    graph.add_edges_from(computing_links(tree))
    return graph


def full_graph(tree: MetricTree) -> nx.DiGraph:
    import networkx as nx

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
    sorter: graphlib.TopologicalSorter[str] = graphlib.TopologicalSorter({m.id: () for m in tree.metrics})
    for child, parent in computing_links(tree):
        sorter.add(parent, child)
    sorter.prepare()  # graphlib.CycleError on a loop (a validated tree has none)
    ready = [(order[m], m) for m in sorter.get_ready()]
    heapq.heapify(ready)
    result: list[str] = []
    while ready:  # of the metrics whose drivers are all placed, the first in the file goes next
        _, metric_id = heapq.heappop(ready)
        result.append(metric_id)
        sorter.done(metric_id)
        for unblocked in sorter.get_ready():
            heapq.heappush(ready, (order[unblocked], unblocked))
    return result


def drivers_of(tree: MetricTree, metric_id: str) -> set[str]:
    """Every metric that feeds ``metric_id``, directly or not."""
    import networkx as nx

    return set(nx.ancestors(compute_graph(tree), metric_id))


def dependents_of(tree: MetricTree, metric_id: str) -> set[str]:
    """Every metric that ``metric_id`` feeds, directly or not."""
    import networkx as nx

    return set(nx.descendants(compute_graph(tree), metric_id))


def children(tree: MetricTree, metric_id: str, kinds: Iterable[LinkKind] = (LinkKind.FORMULA, LinkKind.INFLUENCE)
             ) -> list[Link]:
    wanted = set(kinds)
    return [link for link in tree.links if link.target == metric_id and link.kind in wanted]


def leaves(tree: MetricTree) -> list[str]:
    """Metrics nothing computes: the inputs whose values come from their baselines."""
    computed = {parent for _, parent in computing_links(tree)}
    return [m.id for m in tree.metrics if m.id not in computed and not m.is_computed]


def orphans(tree: MetricTree) -> list[str]:
    """Metrics with no path to the north star (a guardrail counts when it guards a connected metric)."""
    star = tree.north_star
    if star is None:
        return [m.id for m in tree.metrics]
    drivers: dict[str, list[str]] = {}
    for child, parent in computing_links(tree):
        drivers.setdefault(parent, []).append(child)
    connected = reachable({star.id}, lambda metric_id: drivers.get(metric_id, ()))
    guards = {link.source for link in tree.links if link.kind is LinkKind.GUARD and link.target in connected}
    return [m.id for m in tree.metrics if m.id not in connected and m.id not in guards]


def reachable(start: Iterable[Node], neighbours: Callable[[Node], Iterable[Node]]) -> set[Node]:
    """``start`` and everything reached from it by following ``neighbours``: a plain walk, run
    while a file opens (the health checks' orphans), where networkx would cost ~0.1 s to import."""
    seen = set(start)
    stack = list(seen)
    while stack:
        for nxt in neighbours(stack.pop()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen
