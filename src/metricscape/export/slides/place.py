"""Where the cards of one slide go: a top-down tree, parents centred over their drivers, rows
aligned by level, guardrails beside what they guard; and the route of every connector.

Routes are top-down elbows: a driver's connector leaves its top edge, turns once on a bus line
halfway between the rows and enters its parent's bottom edge, so every link stays its own
connector and none passes through a card. When every driver of a metric is a leaf, the drivers may
hang in a column under it (``stack``): a trunk from the parent's bottom, one short arm per driver.
Walks use explicit stacks (no recursion: a 10,000-deep chain must not overflow Python's stack).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from metricscape.model import LinkKind

from .content import CardContent
from .geometry import BOTTOM, LEFT, RIGHT, TOP, Box
from .structure import VIRTUAL_ROOT, Structure
from .text import text_width

H_GAP, V_GAP = 18.0, 40.0         # between sibling subtrees; between rows (room for link badges)
STACK_GAP = 10.0                   # between cards hanging in a column
GUARD_GAP, GUARD_STACK = 30.0, 8.0
BADGE_PT, BADGE_H, BADGE_PAD = 10.0, 15.0, 4.0
MIN_ARM = 14.0                     # the arm from a trunk into a hanging card, without a badge


@dataclass(frozen=True)
class Plan:
    root: str
    kids: tuple[str, ...]          # the root's drivers drawn on this slide
    levels: int                    # rows of cards (the virtual root is no row)
    hang: int = 0                  # 0: drivers in rows; 1: leaf drivers in a column; 2: in two columns


@dataclass(frozen=True)
class Route:
    source: str
    target: str
    kind: LinkKind
    start_site: int
    end_site: int
    points: tuple[tuple[float, float], ...]
    bend: float = 0.5


@dataclass(frozen=True)
class Badge:
    source: str
    target: str
    text: str
    box: Box


@dataclass
class Placement:
    boxes: dict[str, Box] = field(default_factory=dict)
    continued: set[str] = field(default_factory=set)
    routes: list[Route] = field(default_factory=list)
    badges: list[Badge] = field(default_factory=list)
    width: float = 0.0
    height: float = 0.0
    complete: bool = True       # False: stopped early, only the size is known


@cache
def badge_width(text: str) -> float:
    return text_width(text, BADGE_PT) + 2 * BADGE_PAD


def place(plan: Plan, structure: Structure, content: dict[str, CardContent],
          room: tuple[float, float] | None = None) -> Placement:
    """The cards and routes of ``plan``; with ``room``, a plan that cannot fit it stops early (its
    placement then only says how wide or tall it would be)."""
    virtual = plan.root == VIRTUAL_ROOT
    limit = plan.levels if virtual else plan.levels - 1

    def shown(node: str, depth: int) -> list[str]:
        if depth >= limit:
            return []
        return list(plan.kids) if node == plan.root else structure.kids(node)

    # Pre-order list of the drawn tree with depths, parents before children.
    order: list[tuple[str, int]] = []
    kids_of: dict[str, list[str]] = {}
    stack = [(plan.root, 0)]
    while stack:
        node, depth = stack.pop()
        order.append((node, depth))
        kids_of[node] = shown(node, depth)
        stack.extend((k, depth + 1) for k in reversed(kids_of[node]))
    out = Placement()
    out.continued = {n for n, d in order if n != VIRTUAL_ROOT and not kids_of[n] and structure.kids(n)}

    def card_size(node: str) -> tuple[float, float]:
        if node == VIRTUAL_ROOT:
            return 0.0, 0.0
        c = content[node]
        return c.width, (c.height_continued if node in out.continued else c.height)

    def guards(node: str) -> list[str]:
        return structure.beside.get(node, [])

    def measure_block(node: str) -> tuple[float, float]:
        w, h = card_size(node)
        side = guards(node)
        if not side:
            return w, h
        sizes = [card_size(g) for g in side]
        column = sum(s[1] for s in sizes) + GUARD_STACK * (len(sizes) - 1)
        return w + GUARD_GAP + max(s[0] for s in sizes), max(h, column)

    blocks = {node: measure_block(node) for node, _ in order}  # measured once: place() runs often

    def block(node: str) -> tuple[float, float]:
        """The card and the guardrails beside it: width, height."""
        return blocks[node]

    hanging_parents = {node for node, _ in order
                       if plan.hang > 0 and node != VIRTUAL_ROOT and len(kids_of[node]) >= 2
                       and all(not kids_of[k] for k in kids_of[node])}

    def hangs(node: str) -> bool:
        return node in hanging_parents

    arms: dict[str, float] = {}

    def arm(node: str) -> float:
        if node not in arms:
            texts = [structure.badge.get((k, node), "") for k in kids_of[node]]
            arms[node] = max([MIN_ARM] + [badge_width(t) + 8 for t in texts if t])
        return arms[node]

    def sides(node: str) -> tuple[list[str], list[str]]:
        """Hanging drivers left and right of the trunk; one with guardrails hangs right (its
        guardrails stand right of it, where a left arm would run)."""
        kids = kids_of[node]
        if plan.hang < 2 or len(kids) < 3:
            return [], kids
        free = [k for k in kids if not guards(k)]
        left = free[: (len(kids) + 1) // 2]
        return left, [k for k in kids if k not in left]

    def hang_extent(node: str) -> tuple[float, float]:
        """How far the card and its columns reach left and right of the trunk."""
        w, _h = card_size(node)
        bw, _bh = block(node)
        left, right = sides(node)
        reach_left = max([w / 2] + [arm(node) + block(k)[0] for k in left])
        reach_right = max([w / 2 + bw - w] + [arm(node) + block(k)[0] for k in right])
        return reach_left, reach_right

    def kind_of(driver: str, parent: str) -> LinkKind:
        return structure.link_kind.get((driver, parent), LinkKind.INFLUENCE)

    # Each subtree's width; a card is centred over its drivers and its guardrails stand to its right.
    width: dict[str, float] = {}
    offset: dict[str, float] = {}   # where the row of drivers starts inside the subtree
    for node, _ in reversed(order):  # children before parents
        w, _h = card_size(node)
        bw, _bh = block(node)
        kids = kids_of[node]
        if not kids:
            width[node] = bw
        elif hangs(node):
            width[node] = sum(hang_extent(node))
        else:
            row = sum(width[k] for k in kids) + H_GAP * (len(kids) - 1)
            offset[node] = max(0.0, (w - row) / 2)
            width[node] = max(offset[node] + row, offset[node] + row / 2 + w / 2 + (bw - w))

    if room is not None and width[plan.root] > room[0]:
        return Placement(width=width[plan.root], height=float("inf"), complete=False)
    hanging = {k for n, _ in order if kids_of[n] and hangs(n) for k in kids_of[n]}
    row_height: dict[int, float] = {}
    for node, depth in order:
        if node not in hanging:
            row_height[depth] = max(row_height.get(depth, 0.0), block(node)[1])
    row_top: dict[int, float] = {}
    y = 0.0
    for depth in sorted(row_height):
        row_top[depth] = y
        if row_height[depth] > 0:
            y += row_height[depth] + V_GAP

    if room is not None and y - V_GAP > room[1]:
        return Placement(width=width[plan.root], height=y - V_GAP, complete=False)
    left: dict[str, float] = {plan.root: 0.0}
    for node, depth in order:
        if node in hanging:
            continue  # placed with its parent's column
        w, h = card_size(node)
        x0 = left[node]
        kids = kids_of[node]
        if kids and hangs(node):
            reach_left, _ = hang_extent(node)
            trunk_x = x0 + reach_left
            box = Box(trunk_x - w / 2, row_top[depth], w, h)
            out.boxes[node] = box
            _guards(node, box, guards(node), card_size, out)
            reach = arm(node)
            for column, on_left in zip(sides(node), (True, False), strict=True):
                cy = box.y + block(node)[1] + STACK_GAP
                for k in column:
                    kw, kh = card_size(k)
                    kbox = Box(trunk_x - reach - kw if on_left else trunk_x + reach, cy, kw, kh)
                    out.boxes[k] = kbox
                    _guards(k, kbox, guards(k), card_size, out)
                    edge, site = (kbox.right, RIGHT) if on_left else (kbox.x, LEFT)
                    out.routes.append(Route(k, node, kind_of(k, node), site, BOTTOM,
                                            ((edge, kbox.cy), (trunk_x, kbox.cy), (trunk_x, box.bottom))))
                    text = structure.badge.get((k, node), "")
                    if text:
                        bw = badge_width(text)
                        bx = trunk_x - 4 - bw if on_left else trunk_x + 4
                        out.badges.append(Badge(k, node, text, Box(bx, kbox.cy - BADGE_H / 2, bw, BADGE_H)))
                    cy += block(k)[1] + STACK_GAP
            continue
        if kids:
            row = sum(width[k] for k in kids) + H_GAP * (len(kids) - 1)
            x = x0 + offset[node]
            for k in kids:
                left[k] = x
                x += width[k] + H_GAP
        if node == VIRTUAL_ROOT:
            continue
        centre = x0 + offset[node] + row / 2 if kids else x0 + w / 2
        box = Box(centre - w / 2, row_top[depth], w, h)
        out.boxes[node] = box
        _guards(node, box, guards(node), card_size, out)

    # Connectors of the rows: from each driver's top, up to the bus, across, up into the parent.
    for node, depth in order:
        if node == VIRTUAL_ROOT or not kids_of[node] or hangs(node):
            continue
        parent = out.boxes[node]
        bus = row_top[depth + 1] - V_GAP / 2
        for k in kids_of[node]:
            child = out.boxes[k]
            if abs(child.cx - parent.cx) < 0.5:
                points: tuple[tuple[float, float], ...] = ((child.cx, child.y), (parent.cx, parent.bottom))
            else:
                points = ((child.cx, child.y), (child.cx, bus), (parent.cx, bus), (parent.cx, parent.bottom))
            bend = (child.y - bus) / max(child.y - parent.bottom, 1e-6)
            out.routes.append(Route(k, node, kind_of(k, node), TOP, BOTTOM, points, bend))
            text = structure.badge.get((k, node), "")
            if text:
                bw = badge_width(text)
                out.badges.append(Badge(k, node, text, Box(child.cx - bw / 2, child.y - 2 - BADGE_H, bw, BADGE_H)))

    out.width = width[plan.root]
    out.height = max((b.bottom for b in out.boxes.values()), default=0.0)
    return out


def _guards(node: str, box: Box, side: list[str], card_size: Callable[[str], tuple[float, float]],
            out: Placement) -> None:
    """Guardrails in a column right of ``box``; each connector leaves the guardrail's left edge,
    turns in the gap and enters the guarded card's right edge."""
    y = box.y
    for guard in side:
        gw, gh = card_size(guard)
        gbox = Box(box.right + GUARD_GAP, y, gw, gh)
        out.boxes[guard] = gbox
        if abs(gbox.cy - box.cy) < 0.5:
            points: tuple[tuple[float, float], ...] = ((gbox.x, gbox.cy), (box.right, box.cy))
        else:
            mid = box.right + GUARD_GAP / 2
            points = ((gbox.x, gbox.cy), (mid, gbox.cy), (mid, box.cy), (box.right, box.cy))
        out.routes.append(Route(guard, node, LinkKind.GUARD, LEFT, RIGHT, points))
        y += gh + GUARD_STACK
