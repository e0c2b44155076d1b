"""A minimap of the whole tree with the visible part outlined; click or drag to move there."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QFrame, QGraphicsView, QWidget

from .view import MetricView


class Overview(QGraphicsView):
    def __init__(self, main: MetricView, parent: QWidget | None = None) -> None:
        super().__init__(main.scene(), parent)
        self.main = main
        self.setInteractive(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.Box)
        self.setToolTip("Overview: click or drag to move around the tree")
        self.setFixedSize(220, 150)
        self.enabled = True  # the user's choice; the map also hides while the whole tree is in view
        self._refit = QTimer(self, singleShot=True, interval=150, timeout=self.refit)
        main.horizontalScrollBar().valueChanged.connect(self.follow)
        main.verticalScrollBar().valueChanged.connect(self.follow)
        main.zoom_changed.connect(self.follow)
        self.refit()

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled
        self.refit()

    def follow(self, *_args: object) -> None:
        bounds = self.main.metric_scene.visible_bounds()
        visible = self.main.mapToScene(self.main.viewport().rect()).boundingRect()
        self.setVisible(self.enabled and not bounds.isNull() and not visible.contains(bounds))
        self.viewport().update()

    def schedule_refit(self) -> None:
        self._refit.start()

    def refit(self) -> None:
        bounds = self.main.metric_scene.visible_bounds()
        if not bounds.isNull():
            self.fitInView(bounds.adjusted(-60, -60, 60, 60), Qt.AspectRatioMode.KeepAspectRatio)
        self.follow()

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        visible = self.main.mapToScene(self.main.viewport().rect()).boundingRect()
        colour = self.main.metric_scene.palette.selection
        fill = QColor(colour)
        fill.setAlpha(40)
        painter.setPen(QPen(colour, 0))
        painter.setBrush(fill)
        painter.drawRect(visible)

    def _jump(self, event: QMouseEvent) -> None:
        self.main.centerOn(self.mapToScene(event.position().toPoint()))
        self.viewport().update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._jump(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._jump(event)

    def wheelEvent(self, event: object) -> None:
        pass  # the minimap always shows the whole tree
