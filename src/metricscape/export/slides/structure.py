"""The tree a deck draws: each metric once, under the first metric it drives (breadth first, file
order), guardrails that only guard beside what they guard, and what each link says on its badge.

Every walk here is a loop over an explicit stack or queue: a 10,000-deep chain must not hit
Python's recursion limit.
"""

from __future__ import annotations

import ast
from collections import deque
from dataclasses import dataclass, field

from metricscape.model import LinkKind, MetricKind, MetricTree
from metricscape.model.errors import MetricscapeError
from metricscape.model.formula import parse

VIRTUAL_ROOT = ""   # stands above the north star and any unconnected metrics; never drawn

_OPERATORS = {ast.Mult: "×", ast.Add: "+", ast.Sub: "−", ast.Div: "÷"}


@dataclass
class Structure:
    children: dict[str, list[str]]                 # drawn drivers below each metric
    parent: dict[str, str]
    beside: dict[str, list[str]]                   # guardrails drawn to the right of a metric
    guards_elsewhere: dict[str, list[str]]         # guardrail -> metrics it guards, not drawn beside
    extra_parents: dict[str, list[str]]            # a driver's other parents (no connector drawn)
    link_kind: dict[tuple[str, str], LinkKind] = field(default_factory=dict)
    badge: dict[tuple[str, str], str] = field(default_factory=dict)   # (driver, parent) -> '×', 'ε 0.3'
    top: dict[str, str] = field(default_factory=dict)                 # the top-level metric above each
    descendants: dict[str, int] = field(default_factory=dict)         # drawn metrics below each
    height: dict[str, int] = field(default_factory=dict)              # levels from a metric to its deepest driver

    def kids(self, node: str) -> list[str]:
        return self.children.get(node, [])

    def breadcrumb(self, node: str, last: int = 2) -> tuple[list[str], bool]:
        """The top metric and the last ``last`` ancestors of ``node`` (top first), and whether some
        in between were left out. Walks up at most ``last + 1`` steps past the known depth."""
        chain: list[str] = []
        current = node
        while len(chain) < last and self.parent.get(current, VIRTUAL_ROOT) != VIRTUAL_ROOT:
            current = self.parent[current]
            chain.append(current)
        top = self.top.get(node, node)
        if not chain or chain[-1] == top:
            return chain[::-1], False
        skipped = self.parent.get(current, VIRTUAL_ROOT) not in (VIRTUAL_ROOT, top)
        return [top] + chain[::-1], skipped


def build_structure(tree: MetricTree) -> Structure:
    order = {m.id: i for i, m in enumerate(tree.metrics)}
    drivers: dict[str, list[str]] = {m.id: [] for m in tree.metrics}
    has_parent: set[str] = set()
    guarded: dict[str, list[str]] = {}
    for link in tree.links:
        if link.kind.computes:
            drivers[link.target].append(link.source)
            has_parent.add(link.source)
        elif link.kind is LinkKind.GUARD:
            guarded.setdefault(link.source, []).append(link.target)
    only_guards = {g for g in guarded if g not in has_parent and not drivers[g]}
    roots = sorted((m.id for m in tree.metrics if m.id not in has_parent and m.id not in only_guards),
                   key=lambda i: (tree.metric(i).kind is not MetricKind.NORTH_STAR, order[i]))
    children: dict[str, list[str]] = {VIRTUAL_ROOT: list(roots)}
    parent = {r: VIRTUAL_ROOT for r in roots}
    extra: dict[str, list[str]] = {}
    queue = deque(roots)
    while queue:  # breadth first: a shared driver goes under its shallowest, first parent
        node = queue.popleft()
        kids = []
        for child in sorted(drivers[node], key=order.__getitem__):
            if child in parent or child == node:
                extra.setdefault(child, []).append(node)
            else:
                parent[child] = node
                kids.append(child)
        children[node] = kids
        queue.extend(kids)
    # Metrics only reachable through a cycle (invalid, but still drawn) stand on their own.
    for metric in tree.metrics:
        if metric.id not in parent and metric.id not in only_guards:
            parent[metric.id] = VIRTUAL_ROOT
            children[VIRTUAL_ROOT].append(metric.id)
            children.setdefault(metric.id, [])
    beside: dict[str, list[str]] = {}
    elsewhere: dict[str, list[str]] = {}
    for guard in sorted(guarded, key=order.__getitem__):
        targets = guarded[guard]
        if guard in only_guards:
            beside.setdefault(targets[0], []).append(guard)
            rest = targets[1:]
        else:
            rest = targets
        if rest:
            elsewhere[guard] = rest
    structure = Structure(children, parent, beside, elsewhere, extra)
    structure.link_kind = {(link.source, link.target): link.kind for link in tree.links if link.kind.computes}
    structure.badge = _badges(tree)
    structure.descendants, structure.height = _count_descendants(children)
    top = {r: r for r in children[VIRTUAL_ROOT]}
    queue = deque(children[VIRTUAL_ROOT])
    while queue:
        node = queue.popleft()
        for child in children.get(node, []):
            top[child] = top[node]
            queue.append(child)
    structure.top = top
    return structure


def _count_descendants(children: dict[str, list[str]]) -> tuple[dict[str, int], dict[str, int]]:
    """For each metric: how many drawn metrics are below it, and how many levels deep they go."""
    counts: dict[str, int] = {}
    height: dict[str, int] = {}
    stack: list[tuple[str, bool]] = [(VIRTUAL_ROOT, False)]
    while stack:  # post-order without recursion
        node, done = stack.pop()
        kids = children.get(node, [])
        if done:
            counts[node] = sum(1 + counts[k] for k in kids)
            height[node] = max((1 + height[k] for k in kids), default=0)
            continue
        stack.append((node, True))
        stack.extend((k, False) for k in kids)
    return counts, height


def _badges(tree: MetricTree) -> dict[tuple[str, str], str]:
    badges: dict[tuple[str, str], str] = {}
    for link in tree.links:
        if link.kind is LinkKind.INFLUENCE and link.elasticity is not None:
            badges[(link.source, link.target)] = f"ε {link.elasticity:g}"
    for metric in tree.metrics:
        if metric.formula:
            for ref, symbol in operators(metric.formula).items():
                badges[(ref, metric.id)] = symbol
    return badges


def operators(formula: str) -> dict[str, str]:
    """For each metric a formula uses, the operator that joins it in: '×', '+', '−', '÷' or 'ƒ'."""
    try:
        expression = parse(formula).tree
    except MetricscapeError:
        return {}
    parents: dict[int, ast.AST] = {}
    for node in ast.walk(expression):
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
    found: dict[str, str] = {}
    for node in ast.walk(expression):
        if not isinstance(node, ast.Name) or node.id in found:
            continue
        above = parents.get(id(node))
        symbol = "ƒ"
        if isinstance(above, ast.BinOp):
            symbol = _OPERATORS.get(type(above.op), "ƒ")
            if isinstance(above.op, ast.Sub | ast.Div) and above.left is node:
                # the left side of a difference or ratio joins the way its own parent joins it
                outer = parents.get(id(above))
                symbol = _OPERATORS.get(type(outer.op), "ƒ") if isinstance(outer, ast.BinOp) else (
                    "+" if isinstance(above.op, ast.Sub) else "×")
        elif isinstance(above, ast.UnaryOp):
            symbol = "−"
        found[node.id] = symbol
    return found
