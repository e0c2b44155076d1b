"""A 1-5 star rating a user sets with a click (click the same star again to clear) or the keyboard."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from .colors import muted_color, star_color

LEVELS = {1: "poor", 2: "weak", 3: "fair", 4: "good", 5: "strong"}


class StarRating(QWidget):
    rated = Signal(object)  # int 1..5 or None; only for user actions

    STARS = 5

    def __init__(self, parent: QWidget | None = None, star_size: int = 20) -> None:
        super().__init__(parent)
        self._rating: int | None = None
        self._hover: int | None = None
        self._size = star_size
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setToolTip("Rate from 1 (poor) to 5 (strong); click the same star again to clear. "
                        "Keys: 1–5, arrows, 0 to clear")
        self._describe()

    def rating(self) -> int | None:
        return self._rating

    def set_rating(self, rating: int | None) -> None:
        """Show a rating without reporting it (refreshes)."""
        self._rating = rating
        self._describe()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(self.STARS * (self._size + 4) + 4, self._size + 6)

    def _choose(self, rating: int | None) -> None:
        if rating != self._rating:
            self.set_rating(rating)
            self.rated.emit(rating)

    def _star_at(self, x: float) -> int | None:
        index = int((x - 2) // (self._size + 4)) + 1
        return index if 1 <= index <= self.STARS else None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._hover = self._star_at(event.position().x())
        self.update()

    def leaveEvent(self, event) -> None:
        self._hover = None
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            star = self._star_at(event.position().x())
            if star is not None:
                self._choose(None if star == self._rating else star)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        current = self._rating or 0
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_5:
            self._choose(key - Qt.Key.Key_0)
        elif key in (Qt.Key.Key_0, Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self._choose(None)
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Up):
            self._choose(min(self.STARS, current + 1))
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Down):
            self._choose(max(1, current - 1) if current else None)
        else:
            super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        shown = self._hover if self._hover is not None else (self._rating or 0)
        filled, empty = star_color(self.palette()), muted_color(self.palette())
        for i in range(self.STARS):
            rect = QRectF(2 + i * (self._size + 4), 3, self._size, self._size)
            path = _star(rect)
            if i < shown:
                painter.setPen(QPen(filled.darker(120), 1))
                painter.setBrush(filled)
            else:
                painter.setPen(QPen(empty, 1.2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
        if self.hasFocus():
            painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 1, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.rect().adjusted(0, 0, -1, -1))

    def _describe(self) -> None:
        text = "Not rated" if self._rating is None else f"{self._rating} of 5 ({LEVELS[self._rating]})"
        self.setAccessibleName(f"Rating: {text}")
        self.setStatusTip(text)


def _star(rect: QRectF) -> QPainterPath:
    centre = rect.center()
    outer, inner = rect.width() / 2, rect.width() / 5
    path = QPainterPath()
    for k in range(10):
        radius = outer if k % 2 == 0 else inner
        angle = -math.pi / 2 + k * math.pi / 5
        point = QPointF(centre.x() + radius * math.cos(angle), centre.y() + radius * math.sin(angle))
        path.moveTo(point) if k == 0 else path.lineTo(point)
    path.closeSubpath()
    return path
