"""MetricScene: the cards and links of one Document, kept in step with its change signals.

The scene only mirrors the model: gestures (move, link, rename, add) leave as Qt signals for the
controller, which turns them into undoable edits. Built headless with a document palette, the
same scene renders exports.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
from PySide6.QtCore import QLineF, QPointF, QRectF, Signal
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
)

from metricscape.model import Document, Link, LinkKind, Metric

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
                 options: style.CardOptions | None = None, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.doc = doc
        self.palette = palette
        self.options = options or style.CardOptions()
        self.grid = 10
        self.grid_visible = True  # exports switch the dot grid off
        self.snapping = True
        self._cards: dict[str, MetricItem] = {}
        self._links: dict[tuple[str, str], LinkItem] = {}
        self._values: dict[str, float | None] = {}
        self._link_line: QGraphicsLineItem | None = None
        self._link_source: MetricItem | None = None
        self._rect_set = False
        self.far = FarView()
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        for metric in doc.metrics():
            self._add_card(metric)
        for link in doc.links():
            self._add_link(link, refresh=False)
        self._refresh_visibility()
        self._grow_scene_rect()
        self._subscriptions = [
            (doc.changed, self._on_changed),
            (doc.metric_added, self._on_metric_added), (doc.metric_removed, self._on_metric_removed),
            (doc.metric_changed, self._on_metric_changed), (doc.link_added, self._add_link),
            (doc.link_removed, self._on_link_removed), (doc.link_changed, self._on_link_changed),
        ]
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

    # --- setters for what-if and health panels -----------------------------------------------

    def set_values(self, values: dict[str, float | None]) -> None:
        """Show computed values (from the simulation engine); missing ids show their baseline."""
        self._values = dict(values)
        for metric_id, card in self._cards.items():
            card.set_value(self._values.get(metric_id, card.metric.baseline))

    def set_delta(self, metric_id: str, text: str, good: bool | None = None) -> None:
        self._cards[metric_id].set_delta(text, good)

    def set_health(self, metric_id: str, text: str, notes: tuple[str, ...] = ()) -> None:
        self._cards[metric_id].set_health(text, notes)

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
        self.palette = palette
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

    def _on_changed(self) -> None:
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
        card.set_value(self._values.get(metric.id, metric.baseline))
        self._cards[metric.id] = card
        self.addItem(card)
        self.far.adopt(card)
        return card

    def _on_metric_added(self, metric: Metric) -> None:
        self._add_card(metric)
        self._refresh_visibility()

    def _on_metric_removed(self, metric: Metric) -> None:
        card = self._cards.pop(metric.id)
        self._values.pop(metric.id, None)
        self.removeItem(card)
        self._refresh_visibility()

    def _on_metric_changed(self, old: Metric, new: Metric) -> None:
        card = self._cards[new.id]
        if new.baseline != old.baseline and new.id not in self._values:
            card.set_value(new.baseline)
        card.set_metric(new)
        if new.position != old.position:
            card.setPos(new.position.x, new.position.y)
        if new.formula != old.formula:
            for link in card.links:
                if link.target is card:
                    link.set_label(link_label(link.link, new.formula))
        if new.name != old.name:
            for link in card.links:
                self._set_tooltip(link)
        if new.collapsed != old.collapsed:
            self._refresh_visibility()

    def _add_link(self, link: Link, refresh: bool = True) -> None:
        item = LinkItem(link, self._cards[link.source], self._cards[link.target],
                        link_label(link, self.doc.metric(link.target).formula))
        self._links[link.key] = item
        self._set_tooltip(item)
        self.addItem(item)
        self.far.adopt(item)
        if refresh:
            self._refresh_visibility()

    def _on_link_removed(self, link: Link) -> None:
        item = self._links.pop(link.key)
        item.detach()
        self.removeItem(item)
        self._refresh_visibility()

    def _on_link_changed(self, old: Link, new: Link) -> None:
        item = self._links[new.key]
        item.set_link(new, link_label(new, self.doc.metric(new.target).formula))
        self._set_tooltip(item)
        item.update()

    def _set_tooltip(self, item: LinkItem) -> None:
        item.setToolTip(link_tooltip(item.link, item.source.metric.name, item.target.metric.name))

    def _refresh_visibility(self) -> None:
        """Hide what a collapsed card hides: drivers reachable only through collapsed or hidden parents."""
        collapsed = {i for i, card in self._cards.items() if card.metric.collapsed}
        hidden: set[str] = set()
        if collapsed:
            graph = nx.DiGraph()
            graph.add_nodes_from(self._cards)
            graph.add_edges_from(key for key, item in self._links.items() if item.link.kind is not LinkKind.GUARD)
            try:
                order = list(reversed(list(nx.topological_sort(graph))))  # parents before their drivers
            except nx.NetworkXUnfeasible:
                order = list(self._cards)
            for node in order:
                parents = list(graph.successors(node))
                if parents and all(p in collapsed or p in hidden for p in parents):
                    hidden.add(node)
            for key, item in self._links.items():  # a guardrail of a hidden metric hides too
                if item.link.kind is LinkKind.GUARD and key[1] in hidden and \
                        all(k[1] in hidden for k in self._links if k[0] == key[0]):
                    hidden.add(key[0])
        for metric_id, card in self._cards.items():
            card.setVisible(metric_id not in hidden)
            count = 0
            if metric_id in collapsed:
                count = sum(1 for h in hidden if metric_id in self._ancestors_cache(h))
            card.set_hidden_drivers(count)
        for item in self._links.values():
            item.setVisible(item.source.isVisible() and item.target.isVisible())

    def _ancestors_cache(self, metric_id: str) -> set[str]:
        """The metrics that ``metric_id`` (transitively) drives: who hides it."""
        seen: set[str] = set()
        stack = [metric_id]
        while stack:
            node = stack.pop()
            for link in self._cards[node].links:
                if link.source is self._cards[node] and link.link.kind is not LinkKind.GUARD:
                    parent = link.target.metric_id
                    if parent not in seen:
                        seen.add(parent)
                        stack.append(parent)
        return seen

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
        pen = QPen(self.palette.selection, 2)
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

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        painter.fillRect(rect, self.palette.background)
        self._draw_grid(painter, rect)
        if self.far.active:
            self.far.paint(painter, self.cards(), self.link_items(), self.palette)

    def _draw_grid(self, painter: QPainter, rect: QRectF) -> None:
        if not self.grid_visible:
            return
        scale = painter.worldTransform().m11()
        step = self.grid * 4
        if scale * step < 12:  # dots closer than 12 px are noise
            return
        painter.setPen(QPen(self.palette.grid, 2 / max(scale, 0.01)))
        left = int(rect.left() // step) * step
        top = int(rect.top() // step) * step
        points = [QPointF(x, y) for x in range(left, int(rect.right()) + step, step)
                  for y in range(top, int(rect.bottom()) + step, step)]
        if len(points) < 20_000:
            painter.drawPoints(points)
