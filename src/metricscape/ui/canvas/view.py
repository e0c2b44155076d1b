"""The canvas view: zoom around the cursor, pan, fit, keyboard gestures and inline renaming."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QWheelEvent
from PySide6.QtWidgets import QFrame, QGraphicsView, QLineEdit, QWidget

from metricscape.model import MetricKind

from . import card_geometry, style
from .scene import MetricScene

MIN_ZOOM, MAX_ZOOM = 0.002, 4.0  # a 5,000-metric tree is ~600,000 px wide
FIT_MAX_ZOOM = 1.0  # a small model is shown at natural size, not blown up
READABLE_NAME_PIXELS = 11.0  # the opening view shows card names at least this big on screen


def readable_zoom() -> float:
    """The lowest zoom at which a card's name is READABLE_NAME_PIXELS on screen at full detail."""
    return READABLE_NAME_PIXELS / style.fonts().name.pixelSize()


class MetricView(QGraphicsView):
    add_input_requested = Signal()
    add_sibling_requested = Signal()
    rename_committed = Signal(str, str)  # metric id, new name
    zoom_changed = Signal(float)
    editing_changed = Signal()  # an inline rename started or ended (the minimap steps aside)

    def __init__(self, scene: MetricScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # Like whiteboard tools: no scroll bars; drag empty space with the middle button or space held
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._space_held = False
        self._pan_from: QPoint | None = None
        self._editor: QLineEdit | None = None
        self._editing: str | None = None
        self.zoom_changed.connect(self._follow_zoom)

    def _follow_zoom(self, zoom: float) -> None:
        self.metric_scene.set_far(zoom < style.DETAIL_THRESHOLD)

    @property
    def metric_scene(self) -> MetricScene:
        return self.scene()  # type: ignore[return-value]  # the view shows only a MetricScene

    # --- zoom and pan ------------------------------------------------------------------------

    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float, anchor: QPointF | None = None) -> None:
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        scale = factor / self.zoom()
        if anchor is not None:
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
            before = self.mapToScene(anchor.toPoint())
            self.scale(scale, scale)
            after = self.mapToScene(anchor.toPoint())
            delta = after - before
            self.translate(delta.x(), delta.y())
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        else:
            self.scale(scale, scale)
        self.zoom_changed.emit(self.zoom())

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom() * 1.25)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom() / 1.25)

    def fit_rect(self, rect: QRectF, max_zoom: float = FIT_MAX_ZOOM) -> None:
        if rect.isNull() or rect.isEmpty():
            self.centerOn(0, 0)
            return
        rect = rect.adjusted(-40, -40, 40, 40)
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > max_zoom:
            self.set_zoom(max_zoom)
            self.centerOn(rect.center())
        elif self.zoom() < MIN_ZOOM:
            self.set_zoom(MIN_ZOOM)
            self.centerOn(rect.center())
        self.zoom_changed.emit(self.zoom())

    def fit_to_view(self) -> None:
        self.fit_rect(self.metric_scene.visible_bounds())

    def open_readable(self) -> None:
        """The opening view: the whole tree when it is readable, else the north star and its first
        level at a readable zoom, the north star near the top."""
        scene = self.metric_scene
        readable = readable_zoom()
        self.fit_to_view()
        if self.zoom() >= readable:
            return
        stars = [c for c in scene.cards() if c.isVisible() and c.metric.kind is MetricKind.NORTH_STAR]
        if not stars:
            return
        star = stars[0]
        focus = star.sceneBoundingRect()
        for link in star.links:
            if link.target is star and link.source.isVisible():
                focus = focus.united(link.source.sceneBoundingRect())
        self.fit_rect(focus)
        if self.zoom() < readable:
            self.set_zoom(readable)
            half_height = self.viewport().height() / readable / 2
            self.centerOn(QPointF(star.sceneBoundingRect().center().x(), focus.top() - 30 + half_height))

    def zoom_to_selection(self) -> None:
        rect = QRectF()
        for item in self.metric_scene.selectedItems():
            rect = rect.united(item.sceneBoundingRect())
        if rect.isNull():
            self.fit_to_view()
        else:
            self.fit_rect(rect, max_zoom=1.5)

    def reveal(self, metric_id: str) -> None:
        """Select a metric and bring it into view (search jumps here)."""
        scene = self.metric_scene
        scene.select_only([metric_id])
        card = scene.card(metric_id)
        if self.zoom() < 0.6:
            self.set_zoom(1.0)
        self.centerOn(card.sceneBoundingRect().center())

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps == 0:
            super().wheelEvent(event)
            return
        self.set_zoom(self.zoom() * (1.15 ** steps), event.position())
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        pan = event.button() == Qt.MouseButton.MiddleButton or (
            self._space_held and event.button() == Qt.MouseButton.LeftButton)
        if pan:
            self._pan_from = event.position().toPoint()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            pos = event.position().toPoint()
            delta = pos - self._pan_from
            self._pan_from = pos
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            self._pan_from = None
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor if self._space_held else Qt.CursorShape.ArrowCursor)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    # --- keyboard ----------------------------------------------------------------------------

    def focusNextPrevChild(self, next: bool) -> bool:
        return False  # Tab belongs to the canvas (add an input), not to focus navigation

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Tab:
            self.add_input_requested.emit()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.add_sibling_requested.emit()
        elif key == Qt.Key.Key_Escape and self.metric_scene.clear_highlight():
            pass  # Escape first dismisses a compare's outlines
        elif key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_held = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_held = False
            self.viewport().setCursor(Qt.CursorShape.ArrowCursor)
            event.accept()
            return
        super().keyReleaseEvent(event)

    # --- inline rename -----------------------------------------------------------------------

    def start_rename(self, metric_id: str) -> QLineEdit:
        """An editor over the card's name; Enter commits, Escape cancels."""
        self.finish_rename(commit=False)
        card = self.metric_scene.card(metric_id)
        editor = _RenameEdit(self.viewport())
        editor.setText(card.metric.name)
        editor.selectAll()
        editor.setGeometry(self._editor_rect(metric_id))
        editor.setFont(style.fonts().name)
        editor.returnPressed.connect(lambda: self.finish_rename(commit=True))
        editor.cancelled.connect(lambda: self.finish_rename(commit=False))
        editor.focus_lost.connect(lambda: self.finish_rename(commit=True))
        editor.show()
        editor.setFocus()
        self._editor, self._editing = editor, metric_id
        shown = self.mapToScene(self.viewport().rect()).boundingRect()
        if not shown.contains(card.sceneBoundingRect()):
            # a new card may land off screen: scroll once the gesture that made it is over
            QTimer.singleShot(0, self._scroll_to_editing)
        self.editing_changed.emit()
        return editor

    def _editor_rect(self, metric_id: str) -> QRect:
        card = self.metric_scene.card(metric_id)
        name = card.name_rect()
        line = QRectF(name.left(), name.top(), name.width(), card_geometry.name_line_height(card.metric.kind))
        return self.mapFromScene(line.translated(card.pos()).adjusted(-4, -3, 4, 3)).boundingRect()

    def _scroll_to_editing(self) -> None:
        if self._editor is None or self._editing is None or not self.metric_scene.doc.has_metric(self._editing):
            return
        self.ensureVisible(self.metric_scene.card(self._editing).sceneBoundingRect(), 60, 60)
        self._editor.setGeometry(self._editor_rect(self._editing))
        self.editing_changed.emit()

    def editing_rect(self) -> QRect | None:
        """The card being renamed, in viewport pixels (None when nothing is being renamed)."""
        if self._editing is None or not self.metric_scene.doc.has_metric(self._editing):
            return None
        return self.mapFromScene(self.metric_scene.card(self._editing).sceneBoundingRect()).boundingRect()

    def rename_editor(self) -> QLineEdit | None:
        return self._editor

    def finish_rename(self, commit: bool) -> None:
        editor, metric_id = self._editor, self._editing
        if editor is None or metric_id is None:
            return
        self._editor, self._editing = None, None
        text = editor.text()
        editor.hide()
        editor.deleteLater()
        self.editing_changed.emit()
        self.setFocus()
        if commit:
            self.rename_committed.emit(metric_id, text)


class _RenameEdit(QLineEdit):
    cancelled = Signal()
    focus_lost = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.cancelled.emit()
            return
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()  # QLineEdit lets Enter through; on the canvas it would add a sibling

    def focusOutEvent(self, event: object) -> None:
        super().focusOutEvent(event)  # type: ignore[arg-type]  # Qt hands a QFocusEvent; the stubs say QEvent
        self.focus_lost.emit()
