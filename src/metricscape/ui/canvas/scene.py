"""MetricScene: the cards and links of one Document, kept in step with its change signals.

The scene only mirrors: the document says which cards and links exist and where; the derived
state says what each card shows (value, what-if delta, health badge, hidden under a collapsed
card), through ``show_cards`` and ``show_links``, the one writer of those. Gestures (move, link,
rename, add) leave as Qt signals for the controller, which turns them into undoable edits. Built
headless with a document palette, the same scene renders exports.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape
from typing import Any

from PySide6.QtCore import QLineF, QObject, QPointF, QRect, QRectF, Signal
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
)

from metricscape.derived import CardState, DerivedState, LinkState
from metricscape.model import Document, Link, Metric

from . import style
from .far_view import FarView
from .link_item import LinkItem
from .link_label import link_label, link_tooltip
from .metric_item import MetricItem


class MetricScene(QGraphicsScene):
    selection_changed_ids = Signal(list, list)  # metric ids, link keys
    metrics_moved = Signal(dict)                # {id: (x, y)} after one drag
    link_requested = Signal(str, str)           # source (driver), target (parent)
    rename_requested = Signal(str)
    open_requested = Signal(str)                # double-click on a card outside its name
    add_requested = Signal(QPointF)             # double-click on empty canvas

    def __init__(self, doc: Document, palette: style.CanvasPalette = style.DOCUMENT,
                 options: style.CardOptions | None = None, parent: QObject | None = None,
                 state: DerivedState | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.canvas_palette = palette
        self.options = options or style.CardOptions()
        self.grid = 10
        self.grid_visible = True  # exports switch the dot grid off
        self.snapping = True
        self._cards: dict[str, MetricItem] = {}
        self._links: dict[tuple[str, str], LinkItem] = {}
        self._state = state
        self._unpainted: set[MetricItem] = set()
        self._link_states: dict[tuple[str, str], LinkState] = {}  # cards to repaint once the derived state caught up
        self._link_line: QGraphicsLineItem | None = None
        self._link_source: MetricItem | None = None
        self._rect_set = False
        self._ids_moved = False  # a rename of an id: say the selection again once the edit is done
        self.far = FarView()
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        for metric in doc.metrics():
            self._add_card(metric)
        for link in doc.links():
            self._add_link(link)
        if state is not None:
            self.show_cards(state.cards)
            self.show_links(state.links)
        self._grow_scene_rect()
        self._subscriptions: list[tuple[Any, Any]] = [  # psygnal and Qt signals alike
            (doc.changed, self._on_changed),
            (doc.metric_added, self._on_metric_added), (doc.metric_removed, self._on_metric_removed),
            (doc.metric_changed, self._on_metric_changed), (doc.link_added, self._add_link),
            (doc.link_removed, self._on_link_removed), (doc.link_changed, self._on_link_changed),
            (doc.metric_renamed, self._on_metric_renamed),
        ]
        if state is not None:
            self._subscriptions += [(state.cards_changed, self.show_cards), (state.links_changed, self.show_links),
                                    (state.settled, self._repaint_changed)]
        for signal, slot in self._subscriptions:
            signal.connect(slot)
        self.selectionChanged.connect(self._emit_selection)

    def detach(self) -> None:
        """Stop following the document (before the scene is thrown away)."""
        for signal, slot in self._subscriptions:
            signal.disconnect(slot)
        self._subscriptions = []

    # --- reading -----------------------------------------------------------------------------

    def card(self, metric_id: str) -> MetricItem:
        return self._cards[metric_id]

    def cards(self) -> list[MetricItem]:
        return list(self._cards.values())

    def card_count(self) -> int:
        return len(self._cards)

    def link_item(self, key: tuple[str, str]) -> LinkItem:
        return self._links[key]

    def link_items(self) -> list[LinkItem]:
        return list(self._links.values())

    def selected_metric_ids(self) -> list[str]:
        return [item.metric_id for item in self.selectedItems() if isinstance(item, MetricItem)]

    def selected_link_keys(self) -> list[tuple[str, str]]:
        return [item.key for item in self.selectedItems() if isinstance(item, LinkItem)]

    def visible_bounds(self) -> QRectF:
        rect = QRectF()
        for card in self._cards.values():
            if card.isVisible():
                rect = rect.united(card.sceneBoundingRect())
        return rect

    # --- what the derived state says each card and link shows ------------------------------

    def show_cards(self, states: Mapping[str, CardState]) -> None:
        """The one writer of values, deltas, health badges and collapse visibility."""
        moved_visibility = False
        for metric_id, state in states.items():
            card = self._cards.get(metric_id)
            if card is None:
                continue
            if card.show_state(state, repaint=False):
                self._unpainted.add(card)
            if card.isVisible() != state.visible:
                card.setVisible(state.visible)
                moved_visibility = True
        if moved_visibility:
            for item in self._links.values():
                item.setVisible(item.source.isVisible() and item.target.isVisible())
        if self._state is None:  # an export scene: nothing else is coming
            self._repaint_changed()

    def _repaint_changed(self, _version: int = 0) -> None:
        """One repaint per card an edit touched, however many signals described the edit."""
        cards, self._unpainted = self._unpainted, set()
        for card in cards:
            if card.scene() is self:
                card.repaint()

    def show_links(self, states: Mapping[tuple[str, str], LinkState]) -> None:
        """The one writer of what overlays say about links (visibility, badge, notes)."""
        for key, state in states.items():
            item = self._links.get(key)
            if item is not None:
                self._link_states[key] = state
                item.setVisible(state.visible and item.source.isVisible() and item.target.isVisible())
                item.set_badge(state.badge)
                self._set_tooltip(item)

    def highlight(self, metric_ids: Iterable[str]) -> list[str]:
        """Outline these cards (the changes a compare found) until the next edit or Escape."""
        wanted = set(metric_ids)
        for metric_id, card in self._cards.items():
            card.set_highlighted(metric_id in wanted)
        self.far.set_live(self._live_items())  # zoomed far out, highlighted cards still paint themselves
        return self.highlighted_ids()

    def highlighted_ids(self) -> list[str]:
        return [metric_id for metric_id, card in self._cards.items() if card.highlighted]

    def clear_highlight(self) -> bool:
        """True when something was highlighted."""
        had = bool(self.highlighted_ids())
        for card in self._cards.values():
            card.set_highlighted(False)
        if had:
            self.far.set_live(self._live_items())
        return had

    def set_palette(self, palette: style.CanvasPalette) -> None:
        self.canvas_palette = palette
        self.update()

    def select_only(self, metric_ids: Iterable[str]) -> None:
        wanted = set(metric_ids)
        self.blockSignals(True)
        try:
            self.clearSelection()
            for metric_id in wanted:
                if metric_id in self._cards:
                    self._cards[metric_id].setSelected(True)
        finally:
            self.blockSignals(False)
        self._emit_selection()

    # --- following the document --------------------------------------------------------------

    def set_far(self, far: bool) -> None:
        """Zoomed far out (a view's zoom below the detail threshold): paint from cached paths."""
        if far != self.far.active:
            self.far.set_active(far, self.cards(), self.link_items(), self._live_items())
            self.update()

    def _live_items(self) -> set[QGraphicsItem]:
        live: set[QGraphicsItem] = {card for card in self._cards.values() if card.highlighted}
        for item in self.selectedItems():
            live.add(item)
            if isinstance(item, MetricItem):
                live.update(item.links)
        return live

    def _on_metric_renamed(self, old_id: str, new_id: str) -> None:
        """The same card (still selected, if it was) under its new id; its links follow in the
        link_changed signals of the same edit, the selection's ids once the edit is complete."""
        self._cards = {(new_id if k == old_id else k): v for k, v in self._cards.items()}
        self._links = {((new_id if k[0] == old_id else k[0]), (new_id if k[1] == old_id else k[1])): v
                       for k, v in self._links.items()}
        self._link_states = {}
        self._ids_moved = True

    def _on_changed(self) -> None:
        if self._ids_moved:
            self._ids_moved = False
            self._emit_selection()
        self.clear_highlight()  # a compare's outlines describe the model as it was: the next edit ends them
        self._grow_scene_rect()
        if self.far.active:
            self.far.invalidate()
            self.update()

    def _grow_scene_rect(self) -> None:
        """Room to pan well beyond the cards (to add more), growing with the tree, never jumping."""
        margin = 4000.0
        bounds = self.itemsBoundingRect().adjusted(-margin, -margin, margin, margin)
        current = self.sceneRect() if self._rect_set else QRectF()
        if not current.contains(bounds):
            self.setSceneRect(current.united(bounds))
            self._rect_set = True

    def _add_card(self, metric: Metric) -> MetricItem:
        card = MetricItem(metric)
        self._cards[metric.id] = card
        self.addItem(card)
        self.far.adopt(card)
        return card

    def _on_metric_added(self, metric: Metric) -> None:
        self._add_card(metric)

    def _on_metric_removed(self, metric: Metric) -> None:
        card = self._cards.pop(metric.id)
        self.removeItem(card)

    def _on_metric_changed(self, old: Metric, new: Metric) -> None:
        card = self._cards[new.id]
        card.set_metric(new, repaint=self._state is None)
        if self._state is not None:
            self._unpainted.add(card)
        if new.position != old.position:
            card.setPos(new.position.x, new.position.y)
        if new.formula != old.formula:
            for link in card.links:
                if link.target is card:
                    link.set_label(link_label(link.link, new.formula))
        if new.name != old.name:
            for link in card.links:
                self._set_tooltip(link)

    def _add_link(self, link: Link) -> None:
        item = LinkItem(link, self._cards[link.source], self._cards[link.target],
                        link_label(link, self.doc.metric(link.target).formula))
        self._links[link.key] = item
        self._set_tooltip(item)
        self.addItem(item)
        self.far.adopt(item)
        item.setVisible(item.source.isVisible() and item.target.isVisible())

    def _on_link_removed(self, link: Link) -> None:
        item = self._links.pop(link.key)
        self._link_states.pop(link.key, None)
        item.detach()
        self.removeItem(item)

    def _on_link_changed(self, old: Link, new: Link) -> None:
        item = self._links[new.key]
        item.set_link(new, link_label(new, self.doc.metric(new.target).formula))
        self._set_tooltip(item)
        item.update()

    def _set_tooltip(self, item: LinkItem) -> None:
        text = link_tooltip(item.link, item.source.metric.name, item.target.metric.name)
        state = self._link_states.get(item.key)
        if state is not None and (state.badge or state.notes):  # e.g. the evidence for this link
            text += "".join(f"<br>{escape(line)}" for line in (state.badge, *state.notes) if line)
        item.setToolTip(text)

    def _emit_selection(self) -> None:
        self.far.set_live(self._live_items())
        self.selection_changed_ids.emit(self.selected_metric_ids(), self.selected_link_keys())

    # --- gestures ----------------------------------------------------------------------------

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if not any(isinstance(item, (MetricItem, LinkItem)) for item in self.items(event.scenePos())):
            self.add_requested.emit(event.scenePos())
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        moved = {}
        for card in self._cards.values():
            if card.isSelected() or card.pos() != QPointF(card.metric.position.x, card.metric.position.y):
                pos = card.pos()
                if (round(pos.x(), 1), round(pos.y(), 1)) != (card.metric.position.x, card.metric.position.y):
                    moved[card.metric_id] = (pos.x(), pos.y())
        if moved:
            self.metrics_moved.emit(moved)

    def start_link_drag(self, source: MetricItem, pos: QPointF) -> None:
        self._link_source = source
        start = source.mapToScene(source.handle_centre())
        self._link_line = QGraphicsLineItem(QLineF(start, pos))
        pen = QPen(self.canvas_palette.selection, 2)
        pen.setDashPattern([4, 3])
        self._link_line.setPen(pen)
        self._link_line.setZValue(10)
        self.addItem(self._link_line)

    def update_link_drag(self, pos: QPointF) -> None:
        if self._link_line is not None:
            line = self._link_line.line()
            self._link_line.setLine(QLineF(line.p1(), pos))

    def finish_link_drag(self, pos: QPointF) -> None:
        source = self._link_source
        if self._link_line is not None:
            self.removeItem(self._link_line)
        self._link_line, self._link_source = None, None
        target = self.card_at(pos)
        if source is not None and target is not None and target is not source:
            self.link_requested.emit(source.metric_id, target.metric_id)

    def card_at(self, pos: QPointF) -> MetricItem | None:
        for item in self.items(pos):
            if isinstance(item, MetricItem) and item.isVisible():
                return item
        return None

    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        painter.fillRect(rect, self.canvas_palette.background)
        self._draw_grid(painter, rect)
        if self.far.active:
            self.far.paint(painter, self.cards(), self.link_items(), self.canvas_palette)

    def _draw_grid(self, painter: QPainter, rect: QRectF | QRect) -> None:
        if not self.grid_visible:
            return
        scale = painter.worldTransform().m11()
        step = self.grid * 4
        if scale * step < 12:  # dots closer than 12 px are noise
            return
        painter.setPen(QPen(self.canvas_palette.grid, 2 / max(scale, 0.01)))
        left = int(rect.left() // step) * step
        top = int(rect.top() // step) * step
        points = [QPointF(x, y) for x in range(left, int(rect.right()) + step, step)
                  for y in range(top, int(rect.bottom()) + step, step)]
        if len(points) < 20_000:
            painter.drawPoints(points)
