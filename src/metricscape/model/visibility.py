"""Which metrics collapsed cards hide: one rule for the canvas, the exports and the CLI.

A driver is hidden when every metric it drives is collapsed or hidden; a guardrail is hidden when
everything it guards is. Collapsing branches is how a PM fits a big tree on one screen or slide.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .link import LinkKind
from .tree import MetricTree


@dataclass(frozen=True)
class Visibility:
    hidden: frozenset[str] = frozenset()
    hidden_drivers: dict[str, int] = field(default_factory=dict)  # collapsed metric -> drivers it hides

    def shows(self, metric_id: str) -> bool:
        return metric_id not in self.hidden


NOTHING_HIDDEN = Visibility()


def visibility(tree: MetricTree) -> Visibility:
    collapsed = {m.id for m in tree.metrics if m.collapsed}
    if not collapsed:
        return NOTHING_HIDDEN
    import networkx as nx  # only with collapsed cards: it takes ~0.1 s to load, which opening a file need not wait for

    drives = nx.DiGraph()  # driver -> driven, guardrails left out
    drives.add_nodes_from(m.id for m in tree.metrics)
    drives.add_edges_from(link.key for link in tree.links if link.kind is not LinkKind.GUARD)
    try:
        order = list(reversed(list(nx.topological_sort(drives))))  # driven metrics before their drivers
    except nx.NetworkXUnfeasible:  # a file edited by hand may loop; hide what the order reaches
        order = [m.id for m in tree.metrics]
    hidden: set[str] = set()
    for node in order:
        parents = list(drives.successors(node))
        if parents and all(p in collapsed or p in hidden for p in parents):
            hidden.add(node)
    guards: dict[str, list[str]] = {}
    for link in tree.links:
        if link.kind is LinkKind.GUARD:
            guards.setdefault(link.source, []).append(link.target)
    hidden |= {g for g, targets in guards.items() if all(t in hidden for t in targets)}
    counts = {metric_id: len(nx.ancestors(drives, metric_id) & hidden) for metric_id in collapsed}
    return Visibility(hidden=frozenset(hidden), hidden_drivers=counts)


def hidden_metrics(tree: MetricTree) -> set[str]:
    return set(visibility(tree).hidden)
