"""What a picture of the tree shows: collapsed metrics hide their drivers, as on the canvas.

A driver is hidden when every metric it drives is collapsed or hidden; a guardrail is hidden when
everything it guards is. Collapsing branches is how a PM fits a big tree on one slide.
"""

from __future__ import annotations

import networkx as nx  # type: ignore[import-untyped]  # networkx ships no type hints

from metricscape.model import LinkKind, MetricTree


def hidden_metrics(tree: MetricTree) -> set[str]:
    collapsed = {m.id for m in tree.metrics if m.collapsed}
    if not collapsed:
        return set()
    graph = nx.DiGraph()
    graph.add_nodes_from(m.id for m in tree.metrics)
    graph.add_edges_from(link.key for link in tree.links if link.kind is not LinkKind.GUARD)
    hidden: set[str] = set()
    for node in reversed(list(nx.topological_sort(graph))):  # parents before their drivers
        parents = list(graph.successors(node))
        if parents and all(p in collapsed or p in hidden for p in parents):
            hidden.add(node)
    guards: dict[str, list[str]] = {}
    for link in tree.links:
        if link.kind is LinkKind.GUARD:
            guards.setdefault(link.source, []).append(link.target)
    hidden |= {g for g, targets in guards.items() if all(t in hidden for t in targets)}
    return hidden


def visible_tree(tree: MetricTree) -> tuple[MetricTree, dict[str, int]]:
    """The tree without hidden metrics, and for each collapsed metric how many drivers it hides."""
    hidden = hidden_metrics(tree)
    if not hidden:
        return tree, {}
    graph = nx.DiGraph(link.key for link in tree.links if link.kind is not LinkKind.GUARD)
    counts = {m.id: len(nx.ancestors(graph, m.id) & hidden) if m.id in graph else 0
              for m in tree.metrics if m.collapsed and m.id not in hidden}
    # model_construct: a subset of a valid tree stays valid for drawing (formulas are not re-checked)
    shown = MetricTree.model_construct(
        info=tree.info, metrics=tuple(m for m in tree.metrics if m.id not in hidden),
        links=tuple(link for link in tree.links if link.source not in hidden and link.target not in hidden),
        scenarios=tree.scenarios, simulation=tree.simulation)
    return shown, counts
