"""One export page: background, title, the canvas scene and the legend, painted by QPainter.

PNG, SVG, PDF, the dialog's preview and the clipboard all call ``paint_page``, so they agree.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF

from metricscape.export.diagram import (
    DETAIL_SIZE,
    LEGEND_SWATCH,
    MARGIN,
    SUBTITLE_SIZE,
    TITLE_SIZE,
    Diagram,
    LegendEntry,
    legend_item_width,
)
from metricscape.ui.canvas import style

from .scene import ExportScene


def paint_page(painter: QPainter, diagram: Diagram, scene: ExportScene, *, transparent: bool = False) -> None:
    """Paint in diagram units; the caller sets the painter's transform for its device."""
    page = QRectF(0, 0, diagram.width, diagram.height)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    if not transparent:
        painter.fillRect(page, QColor(diagram.palette.background))
    if diagram.options.show_title:
        _paint_title(painter, diagram)
    # Cards keep the diagram's coordinates in the scene: render the page area one to one.
    scene.render(painter, page, page, Qt.AspectRatioMode.IgnoreAspectRatio)
    if diagram.legend:
        _paint_legend(painter, diagram)


def _paint_title(painter: QPainter, diagram: Diagram) -> None:
    palette = diagram.palette
    width = diagram.width - 2 * MARGIN
    painter.setPen(QColor(palette.text))
    painter.setFont(style.font(TITLE_SIZE, bold=True))
    title_box = QRectF(MARGIN, MARGIN * 0.75, width, TITLE_SIZE * 1.4)
    title = painter.fontMetrics().elidedText(diagram.title, Qt.TextElideMode.ElideRight, int(width))
    painter.drawText(title_box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
    painter.setPen(QColor(palette.muted))
    painter.setFont(style.font(SUBTITLE_SIZE))
    painter.drawText(QRectF(MARGIN, title_box.bottom() + 2, width, SUBTITLE_SIZE * 1.4),
                     Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, diagram.subtitle)


def _paint_legend(painter: QPainter, diagram: Diagram) -> None:
    palette = diagram.palette
    x, y = MARGIN, diagram.legend_top + 8
    painter.setFont(style.font(DETAIL_SIZE))
    for entry in diagram.legend:
        _paint_swatch(painter, diagram, entry, QRectF(x, y, LEGEND_SWATCH, 14))
        painter.setPen(QColor(palette.muted))
        painter.drawText(QRectF(x + LEGEND_SWATCH + 6, y - 2, legend_item_width(entry), 18),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, entry.label)
        x += legend_item_width(entry)


def _paint_swatch(painter: QPainter, diagram: Diagram, entry: LegendEntry, rect: QRectF) -> None:
    palette = diagram.palette
    if entry.kind is not None:
        colours = palette.kind(entry.kind)
        painter.setPen(QPen(QColor(colours.border), 1.5))
        painter.setBrush(QColor(colours.fill))
        painter.drawRoundedRect(rect, 4, 4)
        return
    if entry.link is None:
        return
    colour = QColor(palette.links[entry.link])
    mid = rect.center().y()
    painter.setPen(QPen(colour, 1.5, style.LINK_DASH[entry.link]))
    painter.drawLine(QPointF(rect.left(), mid), QPointF(rect.right() - 6, mid))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawPolygon(QPolygonF([QPointF(rect.right(), mid), QPointF(rect.right() - 7, mid - 4),
                                   QPointF(rect.right() - 7, mid + 4)]))
