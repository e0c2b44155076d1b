"""A minimap of the whole tree with the visible part outlined; click or drag to move there.

It sits in the corner of the view that hides the fewest cards (bottom-right while that one is free),
and steps aside entirely for a card being renamed.

The map is a cached picture (cards as boxes, links as hairlines) redrawn only when the model
changes, so scrolling a 5,000-metric tree repaints a small image, not 10,000 items.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen, QTransform
from PySide6.QtWidgets import QWidget

from .far_view import build_paths, paint_paths
from .metric_item import MetricItem
from .view import MetricView

MAP_SIZE = (220, 150)
MARGIN = 12  # from the edges of the view


class Overview(QWidget):
    def __init__(self, main: MetricView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.main = main
        self.enabled = True  # the user's choice; the map also hides while the whole tree is in view
        # and while it would cover the card being renamed
        self.setFixedSize(*MAP_SIZE)
        self.setToolTip("Overview: click or drag to move around the tree")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._image: QImage | None = None
        self._image_palette = ""  # the canvas palette the cached map was drawn in
        self._to_map = QTransform()
        self._refit = QTimer(self, singleShot=True, interval=150)
        self._refit.timeout.connect(self.refit)
        self._dragging = False  # the map stays put under the mouse that drags on it
        main.horizontalScrollBar().valueChanged.connect(self.follow)
        main.verticalScrollBar().valueChanged.connect(self.follow)
        main.zoom_changed.connect(self.follow)
        main.editing_changed.connect(self.follow)
        self.refit()

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled
        self.refit()

    def schedule_refit(self) -> None:
        self._refit.start()

    def refit(self) -> None:
        """Redraw the cached map of the whole tree."""
        scene = self.main.metric_scene
        if scene is None:
            return
        bounds = scene.visible_bounds().adjusted(-60, -60, 60, 60)
        self._image = None
        self._image_palette = scene.canvas_palette.name
        if not bounds.isEmpty():
            w, h = MAP_SIZE
            scale = min((w - 4) / bounds.width(), (h - 4) / bounds.height())
            dx = (w - bounds.width() * scale) / 2 - bounds.left() * scale
            dy = (h - bounds.height() * scale) / 2 - bounds.top() * scale
            self._to_map = QTransform(scale, 0, 0, scale, dx, dy)
            ratio = self.devicePixelRatioF()
            image = QImage(int(w * ratio), int(h * ratio), QImage.Format.Format_ARGB32_Premultiplied)
            image.setDevicePixelRatio(ratio)
            image.fill(scene.canvas_palette.background)
            painter = QPainter(image)
            painter.setTransform(self._to_map)
            paint_paths(painter, build_paths(scene.cards(), scene.link_items()), scene.canvas_palette)
            painter.end()
            self._image = image
        self.follow()

    def follow(self, *_args: object) -> None:
        if self.main.scene() is None:  # the tab is closing
            return
        self.place()
        bounds = self.main.metric_scene.visible_bounds()
        visible = self.main.mapToScene(self.main.viewport().rect()).boundingRect()
        self.setVisible(self.enabled and not bounds.isNull() and not visible.contains(bounds)
                        and not self._covers_editing())
        self.update()

    def place(self) -> None:
        """Move to the corner that hides the fewest cards; stay where it is unless another is better."""
        corners = self._corners()
        here = corners.index(self.pos()) if self.pos() in corners else 0
        scene = self.main.metric_scene
        if not self._dragging and self.enabled and scene.mouseGrabberItem() is None:  # not while a card moves
            covered = [self._covered(corner) for corner in corners]
            best = min(range(len(corners)), key=lambda i: covered[i])
            if covered[best] < covered[here]:
                here = best
        self.move(corners[here])

    def _corners(self) -> list[QPoint]:
        """Bottom-right, bottom-left, top-right, top-left: in the view's coordinates (the map's parent)."""
        viewport = self.main.viewport().geometry()
        left, top = viewport.left() + MARGIN, viewport.top() + MARGIN
        right = viewport.left() + viewport.width() - self.width() - MARGIN
        bottom = viewport.top() + viewport.height() - self.height() - MARGIN
        return [QPoint(right, bottom), QPoint(left, bottom), QPoint(right, top), QPoint(left, top)]

    def _covered(self, corner: QPoint) -> int:
        """Square pixels of cards the map would hide at ``corner``."""
        area = QRect(corner - self.main.viewport().geometry().topLeft(), self.size())  # viewport pixels
        hidden = 0
        for item in self.main.items(area):  # the scene's index: a few items, even in a 5,000-metric tree
            if isinstance(item, MetricItem) and item.isVisible():
                part = self.main.mapFromScene(item.sceneBoundingRect()).boundingRect().intersected(area)
                hidden += part.width() * part.height()
        return hidden

    def _covers_editing(self) -> bool:
        """The map never sits over a card whose name is being typed."""
        editing = self.main.editing_rect()
        if editing is None:
            return False
        parent = self.parentWidget()
        origin = self.main.viewport().mapTo(parent, QPoint(0, 0)) if parent is not None else QPoint()
        return editing.translated(origin).intersects(self.geometry())

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.main.scene() is None:
            return
        palette = self.main.metric_scene.canvas_palette
        if palette.name != self._image_palette:  # the theme changed: redraw the map in its colours
            self.refit()
        painter = QPainter(self)
        if self._image is not None:
            painter.drawImage(0, 0, self._image)
        visible = self._to_map.mapRect(self.main.mapToScene(self.main.viewport().rect()).boundingRect())
        fill = QColor(palette.selection)
        fill.setAlpha(40)
        painter.setPen(QPen(palette.selection, 1.5))
        painter.setBrush(fill)
        painter.drawRect(visible.intersected(QRectF(self.rect()).adjusted(1, 1, -1, -1)))
        painter.setPen(QPen(palette.card_border, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5))

    def _jump(self, pos: QPointF) -> None:
        inverse, ok = self._to_map.inverted()
        if ok:
            self.main.centerOn(inverse.map(pos))
            self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._dragging = True
        self._jump(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._dragging = False

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._jump(event.position())
