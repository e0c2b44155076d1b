"""The actuals block of a card: two small lines (the latest actual with its period; its changes)
and a sparkline beside them. Cards with actuals are ``card_geometry.ACTUALS_HEIGHT`` taller so the
block never covers the value, the target line or the chips.

Level of detail: the full card shows both lines and the sparkline; the compact card (zoomed out)
shows the headline alone, no sparkline (a few pixels of line would be noise).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPainterPath, QPen

from metricscape.derived import ActualLine
from metricscape.derived.actual_line import GRAIN_WORDS, change_words

from . import style
from .style import CanvasPalette

LINE = 14.0
SPARK_WIDTH = 44.0


def block_rect(rect: QRectF) -> QRectF:
    """Where the block goes: above the chips row at the bottom of the card."""
    left = rect.left() + style.STRIP + style.PAD
    top = rect.bottom() - 8 - 16 - 2 - 2 * LINE
    return QRectF(left, top, rect.right() - style.PAD - left, 2 * LINE)


def paint_actual(painter: QPainter, rect: QRectF, line: ActualLine, pal: CanvasPalette) -> None:
    block = block_rect(rect)
    spark = QRectF(block.right() - SPARK_WIDTH, block.top() + 2, SPARK_WIDTH, block.height() - 4)
    text_width = block.width() - (SPARK_WIDTH + 6 if len(line.spark) > 1 else 0)
    small = style.fonts().small
    metrics = QFontMetricsF(small)
    painter.setFont(small)
    painter.setPen(pal.muted if line.missing else pal.text)
    words = line.headline if line.missing else f"Actual {line.headline}"
    headline = metrics.elidedText(words, Qt.TextElideMode.ElideRight, text_width)
    align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    painter.drawText(QRectF(block.left(), block.top(), text_width, LINE), align, headline)
    _paint_changes(painter, QRectF(block.left(), block.top() + LINE, text_width, LINE), line, pal)
    if len(line.spark) > 1:
        paint_sparkline(painter, spark, line.spark, pal)


def _paint_changes(painter: QPainter, row: QRectF, line: ActualLine, pal: CanvasPalette) -> None:
    """Each change in the colour of its direction (good, bad, or muted when flat or not comparable)."""
    metrics = QFontMetricsF(style.fonts().small)
    if line.missing:
        painter.setPen(pal.muted)
        painter.drawText(row, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         metrics.elidedText(line.changes, Qt.TextElideMode.ElideRight, row.width()))
        return
    x = row.left()
    parts = [(c, word) for c, word in ((line.previous, GRAIN_WORDS[line.grain][0]), (line.year, "yr"))
             if c is not None and c.text]
    if not parts:
        painter.setPen(pal.muted)
        painter.drawText(row, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line.changes)
        return
    for index, (change, word) in enumerate(parts):
        text = change_words(change, word) + (" · " if index + 1 < len(parts) else "")
        painter.setPen(pal.muted if change.good is None else (pal.good if change.good else pal.bad))
        room = row.right() - x
        if room < 12:
            break
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
        painter.drawText(QRectF(x, row.top(), room, row.height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, shown)
        x += metrics.horizontalAdvance(shown)


def paint_sparkline(painter: QPainter, box: QRectF, values: tuple[float | None, ...], pal: CanvasPalette) -> None:
    """A line through the values (gaps break it), the latest value as a dot."""
    finite = [v for v in values if v is not None and math.isfinite(v)]
    if len(finite) < 2:
        return
    low, high = min(finite), max(finite)
    span = high - low or 1.0
    step = box.width() / (len(values) - 1)

    def point(i: int, v: float) -> QPointF:
        return QPointF(box.left() + i * step, box.bottom() - (v - low) / span * box.height())

    path = QPainterPath()
    drawing = False
    for i, v in enumerate(values):
        if v is None or not math.isfinite(v):
            drawing = False
            continue
        if drawing:
            path.lineTo(point(i, v))
        else:
            path.moveTo(point(i, v))
            drawing = True
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(pal.selection, 1.4))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(path)
    last = next(((i, v) for i, v in reversed(list(enumerate(values))) if v is not None and math.isfinite(v)))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(pal.selection)
    painter.drawEllipse(point(*last), 2.2, 2.2)


def paint_compact_actual(painter: QPainter, rect: QRectF, line: ActualLine, pal: CanvasPalette, pixels: float
                         ) -> None:
    """Zoomed out: the headline only, at the compact name size when it fits the block."""
    block = block_rect(rect).adjusted(0, 0, 0, 16)  # the chips are not drawn at this level
    font = style.font(min(pixels, block.height() / 1.3), False)
    painter.setFont(font)
    painter.setPen(pal.muted)
    text = QFontMetricsF(font).elidedText(line.headline, Qt.TextElideMode.ElideRight, block.width())
    painter.drawText(block, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, text)
