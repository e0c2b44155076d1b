"""One slide of the layout engine painted with QPainter: PNG, SVG, PDF and the dialog's preview.

The painter works in points (the slide's units); callers scale it to their device. Text is
drawn line by line exactly where the layout put it, in the bundled Inter; with ``outline`` each
glyph is filled as a shape instead (an SVG that looks the same with no font installed).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)

from metricscape.export.slides import Box, Connector, Label, Line, Slide
from metricscape.export.slides.content import PAD_X, PAD_Y
from metricscape.export.slides.geometry import LINE_HEIGHT
from metricscape.model import LinkKind
from metricscape.ui.canvas import style

ARROW = 7.0


def _font(size: float, bold: bool) -> QFont:
    font = QFont(style.font_family())
    font.setPixelSize(max(1, round(size)))  # one painter unit is one point
    font.setBold(bold)
    # Inter's contextual alternates swap '+' and '-' next to digits for glyphs without a Unicode
    # value: PDF text extraction (search, copy, screen readers) would then lose the signs.
    font.setFeature(QFont.Tag("calt"), 0)
    return font


class SlidePainter:
    def __init__(self, painter: QPainter, *, outline: bool = False, transparent: bool = False) -> None:
        self.painter = painter
        self.outline = outline
        self.transparent = transparent

    def paint(self, slide: Slide) -> None:
        p = self.painter
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        if not self.transparent:
            p.fillRect(QRectF(0, 0, slide.width, slide.height), QColor(slide.background))
        for connector in slide.connectors:
            self._connector(connector)
        for card in slide.cards:
            p.setPen(QPen(QColor(card.border), card.border_width))
            p.setBrush(QColor(card.fill))
            radius = min(card.box.w, card.box.h) * 0.1
            p.drawRoundedRect(_rect(card.box), radius, radius)
            self._lines(card.lines, card.box, "ctr", PAD_X, PAD_Y, middle=True)
        for label in (slide.title, slide.subtitle, *slide.labels):
            if label is not None:
                self._label(label)
        for swatch in slide.swatches:
            if swatch.kind is not None:
                sample = next((c for c in slide.cards if c.kind is swatch.kind), None)
                p.setPen(QPen(QColor(sample.border if sample else "#888888"), 1.0))
                p.setBrush(QColor(sample.fill if sample else "#ffffff"))
                p.drawRoundedRect(_rect(swatch.box), 2, 2)
            elif swatch.link is not None:
                colour = next((c.colour for c in slide.connectors if c.kind is swatch.link), "#888888")
                b = swatch.box
                self._connector(Connector("", "", swatch.link, 0, 0, ((b.x, b.cy), (b.right, b.cy)), colour, 1.25))

    def _label(self, label: Label) -> None:
        p = self.painter
        if label.fill is not None:
            p.setPen(QPen(QColor(label.border or label.fill), 0.75))
            p.setBrush(QColor(label.fill))
            radius = label.box.h * 0.3
            p.drawRoundedRect(_rect(label.box), radius, radius)
            self._lines(label.lines, label.box, label.align, 0.0, 0.0, middle=True)
        else:
            self._lines(label.lines, label.box, label.align, 0.0, 0.0, middle=False)

    def _lines(self, lines: tuple[Line, ...], box: Box, align: str, pad_x: float, pad_y: float, *,
               middle: bool) -> None:
        total = sum(line.size * LINE_HEIGHT for line in lines)
        y = box.y + (box.h - total) / 2 if middle else box.y + pad_y
        for line in lines:
            height = line.size * LINE_HEIGHT
            fonts = [_font(run.size, run.bold) for run in line.runs]
            widths = [QFontMetricsF(f).horizontalAdvance(run.text) for f, run in zip(fonts, line.runs, strict=True)]
            x = box.x + pad_x if align == "l" else box.cx - sum(widths) / 2
            for font, width, run in zip(fonts, widths, line.runs, strict=True):
                metrics = QFontMetricsF(font)
                baseline = y + (height - metrics.height()) / 2 + metrics.ascent()
                self._text(QPointF(x, baseline), font, run.text, run.colour)
                x += width
            y += height

    def _text(self, at: QPointF, font: QFont, text: str, colour: str) -> None:
        p = self.painter
        if self.outline:
            path = QPainterPath()
            path.addText(at, font, text)
            p.fillPath(path, QBrush(QColor(colour)))
            return
        p.setFont(font)
        p.setPen(QColor(colour))
        p.drawText(at, text)

    def _connector(self, connector: Connector) -> None:
        p = self.painter
        colour = QColor(connector.colour)
        pen = QPen(colour, connector.width, style.LINK_DASH[connector.kind])
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        points = [QPointF(x, y) for x, y in connector.points]
        p.drawPolyline(points)
        end, before = points[-1], points[-2]
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        if connector.kind is LinkKind.GUARD:
            p.drawEllipse(end, 3.0, 3.0)
            return
        direction = end - before
        length = max((direction.x() ** 2 + direction.y() ** 2) ** 0.5, 1e-6)
        ux, uy = direction.x() / length, direction.y() / length
        back = QPointF(end.x() - ux * ARROW, end.y() - uy * ARROW)
        side = QPointF(-uy * ARROW * 0.45, ux * ARROW * 0.45)
        p.drawPolygon(QPolygonF([end, back + side, back - side]))


def _rect(box: Box) -> QRectF:
    return QRectF(box.x, box.y, box.w, box.h)
