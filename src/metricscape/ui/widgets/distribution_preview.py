"""A small drawing of an uncertainty distribution: its shape and its likely range."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from metricscape.model.metric import Metric

from .colors import accent_color, muted_color
from .density import Curve, curve
from .number_text import format_number


class DistributionPreview(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._curve: Curve | None = None
        self._message = "No uncertainty: the baseline is used as is"
        self._percent = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(84)

    def sizeHint(self) -> QSize:
        return QSize(260, 84)

    @property
    def curve(self) -> Curve | None:
        return self._curve

    @property
    def message(self) -> str:
        """Why nothing is drawn (shown in place of the curve)."""
        return "" if self._curve is not None else self._message

    def show_metric(self, metric: Metric) -> None:
        """Draw ``metric``'s uncertainty, or say in words why there is nothing to draw."""
        self._percent = metric.unit.strip() == "%"
        result = curve(metric)
        self._curve = result if isinstance(result, Curve) else None
        if isinstance(result, str):
            # The engine's words for the parameter, in the inspector's words.
            result = result.replace("a mode", "a most likely value").replace("'mode'", "‘Most likely’")
            self._message = result[:1].upper() + result[1:]
        elif result is None:
            self._message = "No uncertainty: simulations use the baseline as is"
        self.setToolTip("" if self._curve is None else
                        f"{self._curve.label}: {self._text(self._curve.low)} to {self._text(self._curve.high)}")
        self.update()

    def show_message(self, message: str) -> None:
        self._curve = None
        self._message = message
        self.setToolTip("")
        self.update()

    def _text(self, value: float) -> str:
        return format_number(float(f"{value * (100 if self._percent else 1):.3g}") / (100 if self._percent else 1),
                             percent=self._percent)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        frame = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(frame, 4, 4)
        if self._curve is None:
            painter.setPen(muted_color(palette))
            painter.drawText(frame, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self._message)
            return
        c = self._curve
        label_height = self.fontMetrics().height() + 2
        plot = frame.adjusted(8, 6, -8, -label_height - 4)
        x0, x1 = c.xs[0], c.xs[-1]
        top = max(c.ys) or 1.0

        def point(x: float, y: float) -> QPointF:
            return QPointF(plot.left() + (x - x0) / (x1 - x0) * plot.width(), plot.bottom() - y / top * plot.height())

        outline = QPainterPath(point(c.xs[0], 0))
        for x, y in zip(c.xs, c.ys, strict=True):
            outline.lineTo(point(x, y))
        outline.lineTo(point(c.xs[-1], 0))
        accent = accent_color(palette)
        shaded = QPainterPath(point(c.low, 0))
        for x, y in zip(c.xs, c.ys, strict=True):
            if c.low <= x <= c.high:
                shaded.lineTo(point(x, y))
        shaded.lineTo(point(c.high, 0))
        shaded.closeSubpath()
        fill = QColor(accent)
        fill.setAlpha(70)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawPath(shaded)
        painter.setPen(QPen(accent, 1.6))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(outline)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        text_rect = QRectF(plot.left(), plot.bottom() + 2, plot.width(), label_height)
        low_text, high_text = self._text(c.low), self._text(c.high)
        metrics = self.fontMetrics()
        low_w, high_w = metrics.horizontalAdvance(low_text) + 4, metrics.horizontalAdvance(high_text) + 4
        # Each label sits under its end of the shaded range, kept inside the frame and apart.
        low_left = min(max(frame.left() + 2, point(c.low, 0).x() - low_w / 2), frame.right() - low_w - high_w - 2)
        high_left = max(min(frame.right() - high_w - 2, point(c.high, 0).x() - high_w / 2), low_left + low_w + 4)
        painter.drawText(QRectF(low_left, text_rect.top(), low_w, label_height), Qt.AlignmentFlag.AlignCenter,
                         low_text)
        painter.drawText(QRectF(high_left, text_rect.top(), high_w, label_height), Qt.AlignmentFlag.AlignCenter,
                         high_text)
        painter.setPen(muted_color(palette))
        painter.drawText(QRectF(plot.left(), frame.top() + 2, plot.width(), label_height),
                         Qt.AlignmentFlag.AlignRight, c.label)
