"""A compact layout for slides: drivers that have no drivers of their own are stacked in a column
under their parent instead of spread in a row, so a wide tree fits a 16:9 slide at a readable size.

Subtrees are packed as rectangles (simpler than the tidy layout's contours, and enough here).
A metric with several parents sits under the first one that reaches it; metrics not connected
to the north star stand to the right.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from metricscape.model import MetricKind, MetricTree

H_GAP, V_GAP, STACK_GAP, INDENT = 30.0, 60.0, 14.0, 20.0

Size = Callable[[str], tuple[float, float]]


def compact_layout(tree: MetricTree, size_of: Size) -> tuple[dict[str, tuple[float, float]], set[str]]:
    """Top-left corners, like ``tidy_layout``, and the ids of the metrics stacked in a column."""
    order = {m.id: i for i, m in enumerate(tree.metrics)}
    drivers: dict[str, list[str]] = {m.id: [] for m in tree.metrics}
    has_parent: set[str] = set()
    for link in tree.links:
        if link.kind.computes:
            drivers[link.target].append(link.source)
            has_parent.add(link.source)
    roots = sorted((m.id for m in tree.metrics if m.id not in has_parent),
                   key=lambda i: (tree.metric(i).kind is not MetricKind.NORTH_STAR, order[i]))
    children: dict[str, list[str]] = {}
    claimed = set(roots)
    queue = deque(roots)
    while queue:  # breadth first: a shared driver goes under its shallowest, first parent
        node = queue.popleft()
        children[node] = [c for c in sorted(drivers[node], key=order.__getitem__) if c not in claimed]
        claimed.update(children[node])
        queue.extend(children[node])
    positions: dict[str, tuple[float, float]] = {}
    stacked = {k for kids in children.values() if kids and all(not children.get(k) for k in kids) for k in kids}
    top = roots + [m.id for m in tree.metrics if m.id not in claimed]
    extents = _extents(top, children, size_of)
    x = 0.0
    for root in top:
        _place(root, x, children, size_of, extents, positions)
        x += extents[root][0] + H_GAP
    return positions, stacked


def _is_column(kids: list[str], children: dict[str, list[str]]) -> bool:
    return all(not children.get(k) for k in kids)


def _extents(top: list[str], children: dict[str, list[str]], size_of: Size) -> dict[str, tuple[float, float]]:
    """Width and height of every subtree, children before parents: one pass, no recursion, so a
    chain 10,000 metrics deep costs no more than a wide tree of the same size."""
    order: list[str] = []
    pending = list(top)
    while pending:
        node = pending.pop()
        order.append(node)
        pending.extend(children.get(node, []))
    extents: dict[str, tuple[float, float]] = {}
    for node in reversed(order):
        w, h = size_of(node)
        kids = children.get(node, [])
        if not kids:
            extents[node] = (w, h)
        elif _is_column(kids, children):
            # The column starts right of the parent's centre, where its connectors come down.
            width = max(w, w / 2 + INDENT + max(size_of(k)[0] for k in kids))
            extents[node] = (width, h + sum(size_of(k)[1] + STACK_GAP for k in kids))
        else:
            row = sum(extents[k][0] for k in kids) + H_GAP * (len(kids) - 1)
            extents[node] = (max(w, row), h + V_GAP + max(extents[k][1] for k in kids))
    return extents


def _place(root: str, left: float, children: dict[str, list[str]], size_of: Size,
           extents: dict[str, tuple[float, float]], positions: dict[str, tuple[float, float]]) -> None:
    """Top-left corners for ``root``'s subtree, its top-left at (left, 0); iterative, parents first."""
    pending = [(root, left, 0.0)]
    while pending:
        node, left, top = pending.pop()
        w, h = size_of(node)
        kids = children.get(node, [])
        width = extents[node][0]
        if not kids:
            positions[node] = (left, top)
        elif _is_column(kids, children):
            positions[node] = (left, top)
            y = top + h + STACK_GAP
            for k in kids:
                positions[k] = (left + w / 2 + INDENT, y)
                y += size_of(k)[1] + STACK_GAP
        else:
            positions[node] = (left + (width - w) / 2, top)
            row = sum(extents[k][0] for k in kids) + H_GAP * (len(kids) - 1)
            x = left + (width - row) / 2
            for k in kids:
                pending.append((k, x, top + h + V_GAP))
                x += extents[k][0] + H_GAP
