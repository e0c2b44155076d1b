"""Painting one card, at three levels of detail.

- full (zoom ≥ ``style.FULL_DETAIL``): wrapped name, value, target line, badges and chips;
- compact (down to ``style.DETAIL_THRESHOLD``): only the name and the value, drawn larger so they
  stay readable on screen instead of shrinking with the zoom;
- far (below): a coloured box (``far_view`` paints thousands of them from cached paths).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen

from metricscape.model import MetricKind, Severity

from ..widgets.colors import text_on
from . import card_geometry as geometry
from . import style
from .actual_paint import paint_actual, paint_compact_actual
from .style import CanvasPalette, CardOptions, CardText

COMPACT_NAME_PIXELS = 12.0  # on screen, in the compact level of detail
COMPACT_VALUE_PIXELS = 14.0


def paint_card(painter: QPainter, rect: QRectF, card: CardText, pal: CanvasPalette, *, selected: bool,
               detail: float, options: CardOptions, lines: Sequence[str] | None = None) -> None:
    """``lines``: the name as wrapped for this card (``card_geometry.layout_for``)."""
    star = card.kind is MetricKind.NORTH_STAR
    strip_colour = pal.kind_strip[card.kind]
    fill = pal.kind_fill[card.kind] if star else pal.card
    border = pal.selection if selected else (strip_colour if star else pal.card_border)
    if detail < style.DETAIL_THRESHOLD:  # zoomed far out: a coloured box is all the eye can use
        painter.fillRect(rect, border if selected else fill)
        painter.fillRect(QRectF(rect.left(), rect.top(), style.STRIP * 3, rect.height()), strip_colour)
        return
    _paint_frame(painter, rect, pal, border, fill, strip_colour, thick=selected or star)
    if detail < style.FULL_DETAIL:
        upper = rect.adjusted(0, 0, 0, -geometry.ACTUALS_HEIGHT) if card.actual and options.show_values else rect
        name_px = _paint_compact(painter, upper, card, pal, detail, options)
        if card.actual and options.show_values:
            paint_compact_actual(painter, rect, card.actual, pal, name_px)
        return
    if lines is None:
        lines = geometry.name_lines(card.name, card.kind, rect.width())
    left = rect.left() + style.STRIP + style.PAD
    width = geometry.text_width(rect.width())
    painter.setPen(pal.text)
    painter.setFont(geometry.name_font(card.kind))
    line_height = geometry.name_line_height(card.kind)
    block = geometry.name_block(rect, card.kind, len(lines))
    for index, line in enumerate(lines):
        painter.drawText(QRectF(block.left(), block.top() + index * line_height, block.width(), line_height),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line)
    _paint_health_badge(painter, rect, card, pal)

    y = block.bottom() + 1
    if options.show_values:
        vh = 30 if star else 26
        room = width - _paint_delta_badge(painter, QRectF(left, y, width, vh), card, pal)
        painter.setFont(geometry.value_font(card.value, card.kind, room))
        painter.setPen(pal.text)
        value = QFontMetricsF(painter.font()).elidedText(card.value, Qt.TextElideMode.ElideRight, room)
        painter.drawText(QRectF(left, y, room, vh), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, value)
        y += vh
        if card.target:
            painter.setFont(style.fonts().small)
            colour = pal.good if card.target_met else pal.muted  # a sea of red would alarm, not inform
            painter.setPen(colour)
            text = QFontMetricsF(style.fonts().small).elidedText(card.target, Qt.TextElideMode.ElideRight, width)
            painter.drawText(QRectF(left, y, width, 15), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             text)
        if card.actual:
            paint_actual(painter, rect, card.actual, pal)
    _paint_chips(painter, rect, card, pal, options)


def _paint_frame(painter: QPainter, rect: QRectF, pal: CanvasPalette, border: QColor, fill: QColor,
                 strip_colour: QColor, *, thick: bool) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(border, 3.0 if thick else 1.0))
    painter.setBrush(fill)
    painter.drawRoundedRect(rect, style.CORNER, style.CORNER)
    strip = QPainterPath()
    strip.addRoundedRect(QRectF(rect.left(), rect.top(), style.STRIP + style.CORNER, rect.height()),
                         style.CORNER, style.CORNER)
    clip = QPainterPath()
    clip.addRect(QRectF(rect.left(), rect.top(), style.STRIP, rect.height()))
    painter.fillPath(strip.intersected(clip), strip_colour)


def compact_dot_radius(detail: float) -> float:
    """The compact level's health dot: about 5 px on screen, never wider than a short word."""
    return min(5 / detail, 8.0)


def compact_dot_room(detail: float) -> float:
    """The room the health dot takes at the top right, in card units."""
    return 4 * compact_dot_radius(detail)


def compact_sizes(detail: float, rect: QRectF, name: str, kind: MetricKind) -> tuple[float, float, list[str]]:
    """Name and value pixel sizes (in card units) and the name's lines for the compact level.

    Aimed at ``COMPACT_NAME_PIXELS`` and ``COMPACT_VALUE_PIXELS`` on screen, never smaller than the
    full card's fonts, shrunk only as far as needed for at least one line of name above the value."""
    width = geometry.text_width(rect.width())
    room = rect.height() - 14
    base_name = float(geometry.name_font(kind).pixelSize())
    base_value = float(geometry.value_font("", kind, width).pixelSize())
    scale = 1.0
    while True:
        name_px = max(base_name, COMPACT_NAME_PIXELS / detail * scale)
        value_px = max(base_value, COMPACT_VALUE_PIXELS / detail * scale)
        max_lines = int((room - value_px * 1.2) // (name_px * 1.2))
        if max_lines >= 1 or scale < 0.3:
            font = style.font(name_px, True)
            # the first line stops short of the health dot (top right), whether or not it shows
            return name_px, value_px, geometry.wrap(name, font, width, max(1, min(max_lines, 3)),
                                                    first_width=width - compact_dot_room(detail))
        scale *= 0.9


def _paint_compact(painter: QPainter, rect: QRectF, card: CardText, pal: CanvasPalette, detail: float,
                   options: CardOptions) -> float:
    """Zoomed out: the name and the value only, large enough to read; badges become a dot.
    Returns the name's pixel size (the actual's headline uses it too)."""
    name_px, value_px, lines = compact_sizes(detail, rect, card.name, card.kind)
    left = rect.left() + style.STRIP + style.PAD
    width = geometry.text_width(rect.width())
    painter.setPen(pal.text)
    painter.setFont(style.font(name_px, True))
    y = rect.top() + 6
    for line in lines:
        painter.drawText(QRectF(left, y, width, name_px * 1.2), Qt.AlignmentFlag.AlignLeft
                         | Qt.AlignmentFlag.AlignVCenter, line)
        y += name_px * 1.2
    if options.show_values:
        font = style.font(value_px, True)
        metrics = QFontMetricsF(font)
        while value_px > name_px and metrics.horizontalAdvance(card.value) > width:
            value_px -= 1
            font.setPixelSize(int(value_px))
            metrics = QFontMetricsF(font)
        painter.setFont(font)
        value = metrics.elidedText(card.value, Qt.TextElideMode.ElideRight, width)
        painter.drawText(QRectF(left, y, width, value_px * 1.2), Qt.AlignmentFlag.AlignLeft
                         | Qt.AlignmentFlag.AlignVCenter, value)
    if card.health and options.show_badges:
        radius = compact_dot_radius(detail)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(pal.risks[Severity.MEDIUM])
        painter.drawEllipse(QPointF(rect.right() - radius * 2.5, rect.top() + radius * 2.5), radius, radius)
    return name_px


def _paint_health_badge(painter: QPainter, rect: QRectF, card: CardText, pal: CanvasPalette) -> None:
    """The health marker (how many findings), top right."""
    if not card.health:
        return
    painter.setFont(style.fonts().chip)
    w = QFontMetricsF(style.fonts().chip).horizontalAdvance(card.health) + 10
    chip = QRectF(rect.right() - style.PAD + 4 - w, rect.top() + 8, w, 17)
    fill = pal.risks[Severity.MEDIUM]
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(fill)
    painter.drawRoundedRect(chip, 8.5, 8.5)
    painter.setPen(text_on(fill))
    painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, card.health)


def _paint_delta_badge(painter: QPainter, line: QRectF, card: CardText, pal: CanvasPalette) -> float:
    """The what-if change ('+2.3 %') at the right end of the value line; returns the width it took."""
    if not card.delta:
        return 0.0
    painter.setFont(style.fonts().chip)
    w = QFontMetricsF(style.fonts().chip).horizontalAdvance(card.delta) + 12
    chip = QRectF(line.right() - w, line.center().y() - 8.5, w, 17)
    fill = pal.muted if card.delta_good is None else (pal.good if card.delta_good else pal.bad)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(fill)
    painter.drawRoundedRect(chip, 8.5, 8.5)
    painter.setPen(text_on(fill))
    painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, card.delta)
    return w + 6


def _paint_chips(painter: QPainter, rect: QRectF, card: CardText, pal: CanvasPalette, options: CardOptions) -> None:
    """Owner, rationale and gaming-risk chips along the bottom edge."""
    chips: list[tuple[str, QColor, QColor]] = []  # text, fill, text colour; the owner goes last, elided
    if card.hidden_drivers:
        chips.append((f"+{card.hidden_drivers} hidden", pal.selection, text_on(pal.selection)))
    if options.show_badges:
        if card.risk is not None:
            chips.append((f"{card.risk.value} risk", pal.risks[card.risk], text_on(pal.risks[card.risk])))
        if card.has_rationale:
            chips.append(("✓ why", pal.chip, pal.good))
        elif card.needs_rationale:
            chips.append(("no why", pal.chip, pal.bad))
    if options.show_owners and card.owner:
        chips.append((card.owner, pal.chip, pal.muted))
    if not chips:
        return
    painter.setFont(style.fonts().chip)
    metrics = QFontMetricsF(style.fonts().chip)
    x = rect.left() + style.STRIP + style.PAD
    limit = rect.right() - style.PAD
    y = rect.bottom() - 8 - 16
    for text, fill, colour in chips:
        w = metrics.horizontalAdvance(text) + 12
        if x + w > limit:
            w = limit - x
            if w < 30:
                break
            text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, w - 10)
        chip = QRectF(x, y, w, 16)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(chip, 8, 8)
        painter.setPen(colour)
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)
        x += w + 5
