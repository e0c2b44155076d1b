"""An arrow from a driver's card to its parent's card, styled by link kind and labelled."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from metricscape.model import Link, LinkKind

from ..widgets.colors import readable
from . import style
from .link_route import route

if TYPE_CHECKING:
    from .metric_item import MetricItem
    from .scene import MetricScene

ARROW = 10.0
# Routing around cards looks up the cards along each link. Guard links (a few per model) always
# do; other links only in trees up to this size (a PM's tree has 10-100 metrics; generated
# 1,000-metric trees would pay seconds at opening for detours nobody reads at that zoom).
ROUTE_ALL_LINKS_UP_TO = 300

TONE = {"supported": "good", "contradicted": "bad", "inconclusive": "warn"}  # evidence badges; others muted
WARN = {"light": "#a86a00", "dark": "#e0a84a"}


def badge_colour(pal: style.CanvasPalette, badge: str) -> QColor:
    tone = TONE.get(badge, "")
    if tone == "good":
        return pal.good
    if tone == "bad":
        return pal.bad
    if tone == "warn":
        return QColor(WARN.get(pal.name, WARN["light"]))
    return pal.muted


class LinkItem(QGraphicsItem):
    Type = QGraphicsItem.UserType + 2  # type: ignore[attr-defined]  # missing from PySide6's stubs

    def __init__(self, link: Link, source: MetricItem, target: MetricItem, label: str) -> None:
        super().__init__()
        self.link = link
        self.source = source
        self.target = target
        self.label = label
        self.badge = ""  # what an overlay says of the link (the evidence: "supported"...), drawn beside the label
        self._badge_rect = QRectF()
        self._path = QPainterPath()
        self._arrow = QPolygonF()
        self._label_rect = QRectF()
        self._bounds = QRectF()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(0)
        source.links.append(self)
        target.links.append(self)
        self.adjust()

    @property
    def key(self) -> tuple[str, str]:
        return self.link.key

    def type(self) -> int:
        return LinkItem.Type

    def detach(self) -> None:
        for end in (self.source, self.target):
            if self in end.links:
                end.links.remove(self)

    def set_link(self, link: Link, label: str) -> None:
        self.link = link
        self.set_label(label)

    def set_label(self, label: str) -> None:
        self.label = label
        self.adjust()

    def set_badge(self, badge: str) -> None:
        if badge != self.badge:
            self.badge = badge
            self.adjust()

    def adjust(self) -> None:
        """Recompute the curve between the cards' edges (called whenever either card moves)."""
        s = self.source.scene_card_rect()
        t = self.target.scene_card_rect()
        path = route(s, t, self._other_cards() if self.routes_around_cards() else None,
                     guard=self.link.kind is LinkKind.GUARD)
        self.prepareGeometryChange()
        self._path = path
        end = path.currentPosition()
        direction = end - path.pointAtPercent(0.97)
        if direction.manhattanLength() < 0.01:
            direction = end - path.pointAtPercent(0)
        angle = math.atan2(direction.y(), direction.x())
        left = end - QPointF(math.cos(angle - 0.45) * ARROW, math.sin(angle - 0.45) * ARROW)
        right = end - QPointF(math.cos(angle + 0.45) * ARROW, math.sin(angle + 0.45) * ARROW)
        self._arrow = QPolygonF([end, left, right])
        metrics = QFontMetricsF(style.fonts().label)
        width = metrics.horizontalAdvance(self.label) + 12
        mid = path.pointAtPercent(0.5)
        self._label_rect = QRectF(mid.x() - width / 2, mid.y() - 9, width, 18)
        self._badge_rect = QRectF()
        if self.badge:
            badge_width = metrics.horizontalAdvance(self.badge) + 12
            self._badge_rect = QRectF(self._label_rect.right() + 4, mid.y() - 9, badge_width, 18)
        self._bounds = path.boundingRect().united(self._arrow.boundingRect()).united(self._label_rect) \
            .united(self._badge_rect).adjusted(-4, -4, 4, 4)
        self.update()

    def routes_around_cards(self) -> bool:
        scene = self.scene()
        if scene is None:
            return False
        return self.link.kind is LinkKind.GUARD or cast("MetricScene", scene).card_count() <= ROUTE_ALL_LINKS_UP_TO

    def _other_cards(self) -> Callable[[QRectF], list[QRectF]]:
        """The cards a route through an area must not cross (read once: a route tries several paths)."""
        scene = self.scene()
        if scene is None:
            return lambda area: []
        # The scene's own card list, not scene.items(): a BSP query from inside a geometry change
        # (a card being moved, added or removed) reads a half-updated index and can crash Qt.
        ends = (self.source, self.target)
        rects = [card.scene_card_rect() for card in cast("MetricScene", scene).cards()
                 if card not in ends and card.isVisible()]
        return lambda area: [rect for rect in rects if rect.intersects(area)]

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: object) -> object:
        if change == QGraphicsItem.GraphicsItemChange.ItemSceneHasChanged and value is not None \
                and self.routes_around_cards():
            self.adjust()  # built before it joined the scene: route around the cards now
        return super().itemChange(change, value)

    def path_start(self) -> QPointF:
        return self._path.pointAtPercent(0)

    def path_end(self) -> QPointF:
        return self._path.currentPosition()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(10)
        shape = stroker.createStroke(self._path)
        shape.addRect(self._label_rect)
        if self.badge:
            shape.addRect(self._badge_rect)
        return shape

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        scene: MetricScene | None = self.scene()  # type: ignore[assignment]  # cards and links live only in a MetricScene
        pal = scene.canvas_palette if scene is not None else style.DOCUMENT
        detail = option.levelOfDetailFromTransform(painter.worldTransform())
        colour = pal.selection if self.isSelected() else pal.links[self.link.kind]
        if detail < style.DETAIL_THRESHOLD:  # zoomed far out: a hairline is all that shows
            painter.setPen(QPen(colour, 0))
            painter.drawLine(self.path_start(), self.path_end())
            return
        pen = QPen(colour, 2.6 if self.isSelected() else 1.6, style.LINK_DASH[self.link.kind])
        if self.link.kind is LinkKind.GUARD:
            pen.setWidthF(pen.widthF() + 0.6)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, detail >= style.DETAIL_THRESHOLD)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawPolygon(self._arrow)
        if self.link.kind is LinkKind.GUARD:  # a dot marks the guardrail's end: "watches → this"
            painter.drawEllipse(self.path_start(), 3.5, 3.5)
        if detail < style.FULL_DETAIL or not self.label:  # zoomed out: small labels are noise
            return
        painter.setPen(QPen(colour, 1))
        painter.setBrush(pal.label_fill)
        painter.drawRoundedRect(self._label_rect, 9, 9)
        painter.setFont(style.fonts().label)
        painter.setPen(readable(colour, pal.label_fill, pal.muted))
        painter.drawText(self._label_rect, Qt.AlignmentFlag.AlignCenter, self.label)
        if self.badge:
            tone = badge_colour(pal, self.badge)
            fill = QColor(tone)
            fill.setAlphaF(0.14)
            painter.setPen(QPen(tone, 1))
            painter.setBrush(pal.label_fill)
            painter.drawRoundedRect(self._badge_rect, 9, 9)
            painter.setBrush(fill)
            painter.drawRoundedRect(self._badge_rect, 9, 9)
            painter.setPen(tone)
            painter.drawText(self._badge_rect, Qt.AlignmentFlag.AlignCenter, self.badge)
