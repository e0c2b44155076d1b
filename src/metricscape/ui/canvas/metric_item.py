"""A metric card on the canvas. Passive: it shows a Metric and reports gestures to its scene."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from metricscape.derived.cards import CardState, Source, same_card
from metricscape.model import Metric

from . import card_geometry, style
from .card_paint import paint_card
from .card_text import card_text
from .link_item import ROUTE_ALL_LINKS_UP_TO

if TYPE_CHECKING:
    from .link_item import LinkItem
    from .scene import MetricScene


class MetricItem(QGraphicsItem):
    Type = QGraphicsItem.UserType + 1  # type: ignore[attr-defined]  # missing from PySide6's stubs

    def __init__(self, metric: Metric) -> None:
        super().__init__()
        self.metric = metric
        self.links: list[LinkItem] = []
        # Until the derived state says more: the stored baseline, nothing over it.
        self._state = CardState(value=metric.baseline, source=Source.BASELINE)
        self._highlighted = False
        self._hovered = False
        self._linking = False
        self._routed_at = QRectF()
        self._layout = card_geometry.layout_for(metric.name, metric.kind)
        self._width, self._height = self._layout.width, self._layout.height
        self._text = self._build_text()
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
                      | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
                      | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges)
        self.setAcceptHoverEvents(True)
        self.setZValue(1)
        self.setPos(metric.position.x, metric.position.y)
        self._routed_at = self.scene_card_rect()  # where links passing by last routed around it
        self.setToolTip(self._tooltip())

    @property
    def metric_id(self) -> str:
        return self.metric.id

    def type(self) -> int:
        return MetricItem.Type

    # --- setters called by the scene ---------------------------------------------------------

    def set_metric(self, metric: Metric, repaint: bool = True) -> None:
        """``repaint=False``: the scene repaints once the derived state has caught up too."""
        self.metric = metric
        self._relayout()
        if repaint:
            self.repaint()
        for link in self.links:
            link.adjust()

    def show_state(self, state: CardState, repaint: bool = True) -> bool:
        """What the derived state says this card shows (value, what-if delta, health badge, hidden
        drivers): the scene is the one writer of these. True when something changed."""
        if same_card(self._state, state):
            return False
        grows = (state.actual is None) != (self._state.actual is None)
        self._state = state
        if grows:
            self._relayout()
        if repaint:
            self.repaint()
        return True

    def _relayout(self) -> None:
        """Size the card for its name and whether it shows actuals (a longer name or actuals: it grows)."""
        self._layout = card_geometry.layout_for(self.metric.name, self.metric.kind, self._state.actual is not None)
        size = (self._layout.width, self._layout.height)
        if size != (self._width, self._height):
            self.prepareGeometryChange()
            self._width, self._height = size
            for link in self.links:
                link.adjust()

    @property
    def state(self) -> CardState:
        return self._state

    @property
    def value(self) -> float | None:
        return self._state.value

    @property
    def delta(self) -> tuple[str, bool | None]:
        return self._state.delta, self._state.delta_good

    @property
    def health(self) -> str:
        return self._state.health

    def set_highlighted(self, on: bool) -> None:
        """An outline marking the card as changed (compare with another version)."""
        if on != self._highlighted:
            self.prepareGeometryChange()  # the outline reaches outside the card
            self._highlighted = on
            self.update()

    @property
    def highlighted(self) -> bool:
        return self._highlighted

    def repaint(self) -> None:
        """Rebuild the card's text and tooltip and schedule one paint."""
        self._text = self._build_text()
        self.setToolTip(self._tooltip())
        self.update()

    def _build_text(self) -> style.CardText:
        state = self._state
        return card_text(self.metric, state.value, hidden_drivers=state.hidden_drivers, delta=state.delta,
                         delta_good=state.delta_good, health=state.health, actual=state.actual)

    def _tooltip(self) -> str:
        parts = [f"<b>{_escape(self.metric.name)}</b> · {self.metric.kind.label}"]
        if self.metric.definition:
            parts.append(_escape(self.metric.definition[:300]))
        if self.metric.formula:
            parts.append(f"= {_escape(self.metric.formula)}")
        if not self.metric.rationale.strip() and self._text.needs_rationale:
            parts.append("<i>No rationale yet: why does this metric drive its parent?</i>")
        notes = self._state.health_notes
        if notes:
            parts.append("<b>Health check</b><br>" + "<br>".join(f"• {_escape(n)}" for n in notes[:5]))
        parts.extend(_escape(note) for note in self._state.notes)
        return "<br>".join(parts)

    # --- geometry ----------------------------------------------------------------------------

    def card_rect(self) -> QRectF:
        return QRectF(0, 0, self._width, self._height)

    def scene_card_rect(self) -> QRectF:
        return self.card_rect().translated(self.pos())

    def name_rect(self) -> QRectF:
        """Where the name is drawn, in card coordinates (double-click renames; the editor goes here)."""
        return card_geometry.name_block(self.card_rect(), self.metric.kind, len(self._layout.lines))

    @property
    def name_lines(self) -> tuple[str, ...]:
        return self._layout.lines

    def handle_centre(self) -> QPointF:
        return QPointF(self._width / 2, 0)

    def boundingRect(self) -> QRectF:
        margin = style.HIGHLIGHT_WIDTH + 4 if self._highlighted else 2.0
        top = max(style.HANDLE_RADIUS + 2, margin)
        return QRectF(-margin, -top, self._width + 2 * margin, self._height + top + margin)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        scene: MetricScene | None = self.scene()  # type: ignore[assignment]  # cards and links live only in a MetricScene
        pal = scene.canvas_palette if scene is not None else style.DOCUMENT
        options = scene.options if scene is not None else style.CardOptions()
        detail = option.levelOfDetailFromTransform(painter.worldTransform())
        far = detail < style.DETAIL_THRESHOLD
        if self._highlighted and not far:
            style.paint_highlight(painter, self.card_rect(), pal)
        paint_card(painter, self.card_rect(), self._text, pal, selected=self.isSelected(), detail=detail,
                   options=options, lines=self._layout.lines)
        if self._highlighted and far:  # an outline would be thinner than a pixel: colour the whole box
            painter.fillRect(self.card_rect(), pal.highlight)
        if options.show_handles and (self._hovered or self.isSelected()) and detail >= style.DETAIL_THRESHOLD:
            painter.setPen(QPen(pal.selection, 2))
            painter.setBrush(pal.card)
            painter.drawEllipse(self.handle_centre(), style.HANDLE_RADIUS, style.HANDLE_RADIUS)

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: object) -> object:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionChange and isinstance(value, QPointF):
            scene = self.scene()
            grid = getattr(scene, "grid", 0) if scene is not None else 0
            # Snap only what the user drags: positions from the model are shown exactly.
            if grid and getattr(scene, "snapping", False) and scene.mouseGrabberItem() is not None:
                return QPointF(round(value.x() / grid) * grid, round(value.y() / grid) * grid)
        elif change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            for link in self.links:
                link.adjust()
            self._reroute_passing_links()
            scene = self.scene()
            far = getattr(scene, "far", None)
            if far is not None and far.active and not far.is_live(self):
                far.invalidate()  # moved by undo or layout while zoomed far out
                scene.update()
        return super().itemChange(change, value)

    def _reroute_passing_links(self) -> None:
        """Links of other cards that ran around (or now through) this card find their way again."""
        scene = self.scene()
        now = self.scene_card_rect()
        if scene is None or cast("MetricScene", scene).card_count() > ROUTE_ALL_LINKS_UP_TO:
            self._routed_at = now  # big trees: only a card's own links re-route (see link_item)
            return
        area = now.united(self._routed_at)
        self._routed_at = now
        # By bounding rect (a detour passing over the old spot does not touch it with its stroke),
        # from the scene's own list: a BSP query while this card moves can crash Qt (see link_item).
        for link in cast("MetricScene", scene).link_items():
            if link not in self.links and link.sceneBoundingRect().intersects(area) and link.routes_around_cards():
                link.adjust()

    # --- gestures: reported to the scene, never applied here ----------------------------------

    def on_handle(self, pos: QPointF) -> bool:
        d = pos - self.handle_centre()
        return (d.x() ** 2 + d.y() ** 2) <= (style.HANDLE_RADIUS + 4) ** 2

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hovered = True
        self.update()

    def hoverMoveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self.setCursor(Qt.CursorShape.CrossCursor if self.on_handle(event.pos()) else Qt.CursorShape.ArrowCursor)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hovered = False
        self.unsetCursor()
        self.update()

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        scene: MetricScene = self.scene()  # type: ignore[assignment]  # cards and links live only in a MetricScene
        if event.button() == Qt.MouseButton.LeftButton and self.on_handle(event.pos()) and scene.options.show_handles:
            self._linking = True
            scene.start_link_drag(self, event.scenePos())
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._linking:
            self.scene().update_link_drag(event.scenePos())  # type: ignore[attr-defined]  # cards and links live only in a MetricScene
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._linking:
            self._linking = False
            self.scene().finish_link_drag(event.scenePos())  # type: ignore[attr-defined]  # cards and links live only in a MetricScene
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        scene: MetricScene = self.scene()  # type: ignore[assignment]  # cards and links live only in a MetricScene
        if self.name_rect().contains(event.pos()):
            scene.rename_requested.emit(self.metric_id)
        else:
            scene.open_requested.emit(self.metric_id)
        event.accept()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
