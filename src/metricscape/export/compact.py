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
    x = 0.0
    for root in roots + [m.id for m in tree.metrics if m.id not in claimed]:
        width, _ = _place(root, x, 0.0, children, size_of, positions, measure_only=False)
        x += width + H_GAP
    return positions, stacked


def _place(node: str, left: float, top: float, children: dict[str, list[str]], size_of: Size,
           positions: dict[str, tuple[float, float]], *, measure_only: bool) -> tuple[float, float]:
    """Lay out ``node``'s subtree with its top-left at (left, top); returns its width and height."""
    w, h = size_of(node)
    kids = children.get(node, [])
    if not kids:
        if not measure_only:
            positions[node] = (left, top)
        return w, h
    if all(not children.get(k) for k in kids):
        # The column starts right of the parent's centre, where its connectors come down.
        indent = w / 2 + INDENT
        width = max(w, indent + max(size_of(k)[0] for k in kids))
        if not measure_only:
            positions[node] = (left, top)
            y = top + h + STACK_GAP
            for k in kids:
                positions[k] = (left + indent, y)
                y += size_of(k)[1] + STACK_GAP
        height = h + sum(size_of(k)[1] + STACK_GAP for k in kids)
        return width, height
    sizes = [_place(k, 0.0, 0.0, children, size_of, positions, measure_only=True) for k in kids]
    row = sum(s[0] for s in sizes) + H_GAP * (len(kids) - 1)
    width = max(w, row)
    if not measure_only:
        positions[node] = (left + (width - w) / 2, top)
        x = left + (width - row) / 2
        for k, (kw, _) in zip(kids, sizes, strict=True):
            _place(k, x, top + h + V_GAP, children, size_of, positions, measure_only=False)
            x += kw + H_GAP
    return width, h + V_GAP + max(s[1] for s in sizes)
