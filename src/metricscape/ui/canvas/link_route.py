"""Where a link runs between two cards: the usual curve, or a detour when that would cross a card.

A few candidate routes are tried in order and the first that stays clear of every other card
wins (else the one crossing least). Candidates, rather than a grid search (A*), because trees
are laid out in rows with free gaps between them: a route through the gap above the driver,
down a lane beside the cards and through the gap below the parent is almost always clear.

A guard link leaves the guardrail's side towards the metric it guards and arrives at that
metric's side, so it reads as "beside and watching", apart from the drivers' links.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator

import numpy as np
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath

Obstacles = Callable[[QRectF], Iterable[QRectF]]  # the other cards' rectangles in an area
GAP = 22.0  # how far a detour keeps from the cards it passes
SAMPLES = 48
CORNER = 14.0


def route(s: QRectF, t: QRectF, obstacles: Obstacles | None, guard: bool = False) -> QPainterPath:
    """The path from card ``s`` (driver or guardrail) to card ``t`` (parent or guarded metric);
    ``obstacles`` None: the first candidate, unchecked (big trees, see ``link_item``)."""
    candidates = _guard_candidates(s, t) if guard else _driver_candidates(s, t)
    first = next(candidates)
    if obstacles is None:
        return first
    best, best_hits = first, -1
    for path in itertools.chain([first], candidates):
        hits = crossings(path, obstacles)
        if hits == 0:
            return path
        if best_hits < 0 or hits < best_hits:
            best, best_hits = path, hits
    return best


def crossings(path: QPainterPath, obstacles: Obstacles) -> int:
    """How many sample points of ``path`` lie inside another card (edges included)."""
    rects = list(obstacles(path.boundingRect().adjusted(-2, -2, 2, 2)))
    if not rects:
        return 0
    boxes = np.array([(r.left() - 2, r.top() - 2, r.right() + 2, r.bottom() + 2) for r in rects])
    x, y = _samples(path)
    inside = ((x[:, None] >= boxes[:, 0]) & (x[:, None] <= boxes[:, 2])
              & (y[:, None] >= boxes[:, 1]) & (y[:, None] <= boxes[:, 3]))
    return int(np.count_nonzero(inside.any(axis=1)))


def _samples(path: QPainterPath) -> tuple[np.ndarray, np.ndarray]:
    """SAMPLES - 1 points evenly spaced along ``path``, from its flattened polyline: dragging a card
    re-routes the links around it on every mouse move, and forty-seven ``pointAtPercent`` calls cost
    about 1 ms a path (each measures the curves again), this a few microseconds."""
    corners = np.array([(polygon.at(i).x(), polygon.at(i).y()) for polygon in path.toSubpathPolygons()
                        for i in range(polygon.size())]).reshape(-1, 2)
    if len(corners) < 2:
        return corners[:, 0], corners[:, 1]
    along = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(corners, axis=0).T))])
    at = along[-1] * np.arange(1, SAMPLES) / SAMPLES
    return np.interp(at, along, corners[:, 0]), np.interp(at, along, corners[:, 1])


def _driver_candidates(s: QRectF, t: QRectF) -> Iterator[QPainterPath]:
    yield _curve(s, t)
    yield from _lanes(s, t)
    yield _bridge(s, t, above=True)
    yield _bridge(s, t, above=False)


def _guard_candidates(s: QRectF, t: QRectF) -> Iterator[QPainterPath]:
    yield _side_to_side(s, t)
    yield _bridge(s, t, above=True)
    yield from _lanes(s, t)
    yield _bridge(s, t, above=False)
    yield _curve(s, t)


def _curve(s: QRectF, t: QRectF) -> QPainterPath:
    """The usual S-curve: driver's top to parent's bottom (or the reverse when the driver is above)."""
    if s.top() >= t.bottom() + 8:
        start, end = QPointF(s.center().x(), s.top()), QPointF(t.center().x(), t.bottom())
    elif s.bottom() <= t.top() - 8:
        start, end = QPointF(s.center().x(), s.bottom()), QPointF(t.center().x(), t.top())
    else:
        return _side_to_side(s, t)
    bend = QPointF(0, (end.y() - start.y()) / 2)
    path = QPainterPath(start)
    path.cubicTo(start + bend, end - bend, end)
    return path


def _side_to_side(s: QRectF, t: QRectF) -> QPainterPath:
    """From the side of ``s`` facing ``t`` to the side of ``t`` facing ``s``."""
    if s.center().x() <= t.center().x():
        start, end = QPointF(s.right(), s.center().y()), QPointF(t.left(), t.center().y())
    else:
        start, end = QPointF(s.left(), s.center().y()), QPointF(t.right(), t.center().y())
    bend = QPointF((end.x() - start.x()) / 2, 0)
    path = QPainterPath(start)
    path.cubicTo(start + bend, end - bend, end)
    return path


def _bridge(s: QRectF, t: QRectF, above: bool) -> QPainterPath:
    """Over (or under) both cards through the gap beside their row."""
    if above:
        start, end = QPointF(s.center().x(), s.top()), QPointF(t.center().x(), t.top())
        level = min(s.top(), t.top()) - 2 * GAP
    else:
        start, end = QPointF(s.center().x(), s.bottom()), QPointF(t.center().x(), t.bottom())
        level = max(s.bottom(), t.bottom()) + 2 * GAP
    return _polyline([start, QPointF(start.x(), level), QPointF(end.x(), level), end])


def _lanes(s: QRectF, t: QRectF) -> list[QPainterPath]:
    """Out of the driver into the gap above (or below) it, along a lane beside a card, and into the
    parent through the gap below (or above) it."""
    if s.top() >= t.bottom():
        start, end = QPointF(s.center().x(), s.top()), QPointF(t.center().x(), t.bottom())
        leave, arrive = s.top() - GAP, t.bottom() + GAP
    elif s.bottom() <= t.top():
        start, end = QPointF(s.center().x(), s.bottom()), QPointF(t.center().x(), t.top())
        leave, arrive = s.bottom() + GAP, t.top() - GAP
    else:
        return []
    lanes = sorted({s.left() - GAP, s.right() + GAP, t.left() - GAP, t.right() + GAP},
                   key=lambda x: abs(x - (s.center().x() + t.center().x()) / 2))
    return [_polyline([start, QPointF(start.x(), leave), QPointF(x, leave), QPointF(x, arrive),
                       QPointF(end.x(), arrive), end]) for x in lanes]


def _polyline(points: list[QPointF]) -> QPainterPath:
    """Straight runs joined by rounded corners."""
    points = [p for i, p in enumerate(points) if i == 0 or (p - points[i - 1]).manhattanLength() > 0.5]
    path = QPainterPath(points[0])
    for i in range(1, len(points) - 1):
        before, corner, after = points[i - 1], points[i], points[i + 1]
        into = _towards(corner, before, CORNER)
        out = _towards(corner, after, CORNER)
        path.lineTo(into)
        path.quadTo(corner, out)
    path.lineTo(points[-1])
    return path


def _towards(origin: QPointF, target: QPointF, distance: float) -> QPointF:
    delta = target - origin
    length = (delta.x() ** 2 + delta.y() ** 2) ** 0.5
    if length == 0:
        return origin
    step = min(distance, length / 2) / length
    return origin + delta * step
