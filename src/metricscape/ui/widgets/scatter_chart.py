"""A small scatter chart for the inspector: points (with optional error bars) and straight lines.

Drawn with QPainter: the inspector needs a few dozen points and two lines, and Qt Charts would add a
module to the bundle for that. Axes are in percent (changes and lifts are shares: 0.02 -> 2 %).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from .colors import is_dark


@dataclass(frozen=True)
class Line:
    label: str        # in the legend, e.g. "fitted 0.58"
    slope: float
    intercept: float
    colour: str       # a colour name or #rrggbb
    dashed: bool = False


class ScatterChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[tuple[float, float]] = []
        self.errors: list[tuple[float, float]] = []  # half-widths (x, y) per point, or empty
        self.lines: list[Line] = []
        self.x_label = ""
        self.y_label = ""
        self.setMinimumHeight(240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(300, 250)

    def set_data(self, points: Sequence[tuple[float, float]], lines: Sequence[Line], x_label: str, y_label: str,
                 errors: Sequence[tuple[float, float]] = ()) -> None:
        self.points, self.lines, self.errors = list(points), list(lines), list(errors)
        self.x_label, self.y_label = x_label, y_label
        tip = f"{len(self.points)} points: {y_label} against {x_label}"
        if self.errors:
            tip += "; bars show each lift's 90 % interval"
        self.setToolTip(tip)
        self.update()

    def _ranges(self) -> tuple[float, float, float, float]:
        xs = [x for x, _ in self.points] or [0.0]
        ys = [y for _, y in self.points] or [0.0]
        ex = [e for e, _ in self.errors] or [0.0]
        ey = [e for _, e in self.errors] or [0.0]
        x0, x1 = min(xs) - max(ex), max(xs) + max(ex)
        y0, y1 = min(ys) - max(ey), max(ys) + max(ey)
        x0, x1 = min(x0, 0.0), max(x1, 0.0)  # zero always in view: the sign is what a PM reads first
        y0, y1 = min(y0, 0.0), max(y1, 0.0)
        pad_x, pad_y = (x1 - x0) * 0.06 or 0.01, (y1 - y0) * 0.06 or 0.01
        return x0 - pad_x, x1 + pad_x, y0 - pad_y, y1 + pad_y

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        dark = is_dark(self.palette())
        text = self.palette().text().color()
        muted = QColor(text)
        muted.setAlphaF(0.55)
        grid = QColor(text)
        grid.setAlphaF(0.18)
        metrics = painter.fontMetrics()
        height = metrics.height()
        top = 8 + height * 1.4 if self.lines else 8 + height / 2
        area = QRectF(self.rect()).adjusted(height + 52, top, -10, -(height * 2 + 6))
        x0, x1, y0, y1 = self._ranges()

        def at(x: float, y: float) -> QPointF:
            return QPointF(area.left() + (x - x0) / (x1 - x0) * area.width(),
                           area.bottom() - (y - y0) / (y1 - y0) * area.height())

        painter.setPen(QPen(grid, 1))
        painter.drawRect(area)
        painter.drawLine(at(x0, 0), at(x1, 0))
        painter.drawLine(at(0, y0), at(0, y1))
        painter.setPen(muted)
        for value in (y0, 0.0, y1):
            point = at(x0, value)
            painter.drawText(QRectF(height + 2, point.y() - height / 2, 46, height),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, _pct(value))
        for value, align in ((x0, Qt.AlignmentFlag.AlignLeft), (0.0, Qt.AlignmentFlag.AlignHCenter),
                             (x1, Qt.AlignmentFlag.AlignRight)):
            point = at(value, y0)
            left = {Qt.AlignmentFlag.AlignLeft: point.x(), Qt.AlignmentFlag.AlignHCenter: point.x() - 30,
                    Qt.AlignmentFlag.AlignRight: point.x() - 60}[align]
            painter.drawText(QRectF(left, area.bottom() + 2, 60, height), align, _pct(value))
        x_label = metrics.elidedText(self.x_label + " →", Qt.TextElideMode.ElideMiddle, int(area.width()))
        painter.drawText(QRectF(area.left(), area.bottom() + height + 4, area.width(), height),
                         Qt.AlignmentFlag.AlignHCenter, x_label)
        painter.save()
        painter.translate(2, area.center().y())
        painter.rotate(-90)
        y_label = metrics.elidedText(self.y_label + " →", Qt.TextElideMode.ElideMiddle, int(area.height()))
        painter.drawText(QRectF(-area.height() / 2, 0, area.height(), height), Qt.AlignmentFlag.AlignHCenter, y_label)
        painter.restore()
        point_colour = QColor("#8fb4ff" if dark else "#2f5fae")
        bar_colour = QColor(point_colour)
        bar_colour.setAlphaF(0.45)
        painter.setClipRect(area)
        for i, (x, y) in enumerate(self.points):
            if i < len(self.errors):
                ex, ey = self.errors[i]
                painter.setPen(QPen(bar_colour, 1))
                painter.drawLine(at(x - ex, y), at(x + ex, y))
                painter.drawLine(at(x, y - ey), at(x, y + ey))
            painter.setPen(Qt.PenStyle.NoPen)
            fill = QColor(point_colour)
            fill.setAlphaF(0.75)
            painter.setBrush(fill)
            painter.drawEllipse(at(x, y), 3.0, 3.0)
        for line in self.lines:
            pen = QPen(QColor(line.colour), 2)
            if line.dashed:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(at(x0, line.intercept + line.slope * x0), at(x1, line.intercept + line.slope * x1))
        painter.setClipping(False)
        left = area.left()
        for line in self.lines:  # the legend, above the plot
            pen = QPen(QColor(line.colour), 2)
            if line.dashed:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            y = 4 + height / 2
            painter.drawLine(QPointF(left, y), QPointF(left + 16, y))
            painter.setPen(text)
            width = metrics.horizontalAdvance(line.label)
            painter.drawText(QRectF(left + 20, 4, width + 4, height), Qt.AlignmentFlag.AlignVCenter, line.label)
            left += 20 + width + 14
        painter.end()


def _pct(value: float) -> str:
    text = f"{value * 100:+.1f} %"
    return "0 %" if text in ("+0.0 %", "-0.0 %") else text
