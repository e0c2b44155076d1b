"""How big a card is and where its name and value go: names wrap, values shrink to fit.

A card keeps the model's width (the tidy layout and the "add input" placement rely on it) and
grows downwards by one line per extra line of name, up to ``MAX_NAME_LINES``. Qt's own word wrap
(``QTextLayout``) would not tell us where it broke the text, which we need to elide the last line
and to size the card before painting, so the few lines of greedy wrapping are written here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF

from metricscape.model import MetricKind
from metricscape.model.layout import card_size

from . import style

MAX_NAME_LINES = 3
BADGE_ROOM = 26.0  # the health chip, top right (the what-if chip sits on the value line)
MIN_VALUE_PIXELS = 12.0  # a long unit shrinks the value font down to this, then elides
ACTUALS_HEIGHT = 30.0  # a card with actuals grows by two small lines (actual_paint.py)


def name_line_height(kind: MetricKind) -> float:
    return 19.0 if kind is MetricKind.NORTH_STAR else 17.0


def text_width(width: float) -> float:
    """The room for text inside a card of this width."""
    return width - style.STRIP - 2 * style.PAD


def wrap(text: str, font: QFont, width: float, max_lines: int = MAX_NAME_LINES, first_width: float | None = None
         ) -> list[str]:
    """Greedy word wrap into at most ``max_lines``; the last line is elided when text remains.

    ``first_width``: a shorter first line (room for corner chips). A single word wider than the
    line is elided rather than broken mid-word."""
    metrics = QFontMetricsF(font)

    def room(line: int) -> float:
        return first_width if line == 0 and first_width is not None else width

    words = text.split()
    lines: list[str] = []
    current = ""
    for index, word in enumerate(words):
        candidate = f"{current} {word}" if current else word
        if metrics.horizontalAdvance(candidate) <= room(len(lines)) or not current:
            current = candidate
            continue
        if len(lines) + 1 == max_lines:  # the last line takes the rest, elided below
            current = " ".join([current, *words[index:]])
            break
        lines.append(current)
        current = word
    if current:
        lines.append(current)
    return [metrics.elidedText(line, Qt.TextElideMode.ElideRight, room(i)) for i, line in enumerate(lines)] or [""]


def name_font(kind: MetricKind) -> QFont:
    return style.fonts().star_name if kind is MetricKind.NORTH_STAR else style.fonts().name


def name_lines(name: str, kind: MetricKind, width: float) -> list[str]:
    """The name as the card shows it. The first line leaves room for the corner chips on every
    card, so a what-if badge appearing never re-wraps (and resizes) the card."""
    return wrap(name, name_font(kind), text_width(width), first_width=text_width(width) - BADGE_ROOM)


@dataclass(frozen=True)
class CardLayout:
    width: float
    height: float
    lines: tuple[str, ...]
    line_height: float


@lru_cache(maxsize=20_000)
def layout_for(name: str, kind: MetricKind, actuals: bool = False) -> CardLayout:
    """The card's size for this name: the model's size plus one line height per extra name line,
    plus room for the actuals block when the card shows actuals."""
    width, height = card_size(kind)
    lines = tuple(name_lines(name, kind, width))
    line_height = name_line_height(kind)
    extra = ACTUALS_HEIGHT if actuals else 0.0
    return CardLayout(width=width, height=height + (len(lines) - 1) * line_height + extra, lines=lines,
                      line_height=line_height)


def name_block(rect: QRectF, kind: MetricKind, line_count: int) -> QRectF:
    """Where the name is drawn (double-clicking there renames the metric)."""
    height = name_line_height(kind) * max(1, line_count) + 3
    return QRectF(rect.left() + style.STRIP + style.PAD, rect.top() + 8, text_width(rect.width()), height)


@lru_cache(maxsize=20_000)
def value_font(text: str, kind: MetricKind, width: float) -> QFont:
    """The value's font, shrunk until the value and its unit fit ("1.6 orders/customer")."""
    base = style.fonts().star_value if kind is MetricKind.NORTH_STAR else style.fonts().value
    pixels = float(base.pixelSize())
    font = QFont(base)  # cached below: painted for every card on every repaint
    while pixels > MIN_VALUE_PIXELS and QFontMetricsF(font).horizontalAdvance(text) > width:
        pixels -= 1
        font.setPixelSize(int(pixels))
    return font
