"""How cards and links look: colours, fonts and the painting of one card, in one place.

The canvas and the Qt-rendered exports paint with the same code; only the palette differs
(a light "document" palette for slides, a dark one for the dark UI theme). Kind and link
colours come from the export palettes so a slide and the canvas agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetricsF, QPainter, QPainterPath, QPen

from metricscape.export import palette as export_palette
from metricscape.model import LinkKind, MetricKind, Severity

FALLBACK_FAMILY = "DejaVu Sans"
CORNER = 10.0
STRIP = 6.0
PAD = 12.0
HANDLE_RADIUS = 6.0
HIGHLIGHT_WIDTH = 4.0
DETAIL_THRESHOLD = 0.25  # below this zoom a card is a coloured box: its text would be unreadable anyway


@dataclass(frozen=True)
class CanvasPalette:
    name: str
    background: QColor
    grid: QColor
    card: QColor
    card_border: QColor
    text: QColor
    muted: QColor
    good: QColor
    bad: QColor
    selection: QColor
    chip: QColor
    kind_strip: dict[MetricKind, QColor]
    kind_fill: dict[MetricKind, QColor]
    links: dict[LinkKind, QColor]
    risks: dict[Severity, QColor]
    label_fill: QColor
    highlight: QColor  # "changed since the other version" outline (compare)


def _palette(name: str, source: export_palette.Palette, *, background: str, grid: str, card: str,
             card_border: str, selection: str, chip: str, label_fill: str, highlight: str) -> CanvasPalette:
    return CanvasPalette(
        name=name, background=QColor(background), grid=QColor(grid), card=QColor(card),
        card_border=QColor(card_border), text=QColor(source.text), muted=QColor(source.muted),
        good=QColor(source.good), bad=QColor(source.bad), selection=QColor(selection), chip=QColor(chip),
        kind_strip={k: QColor(c.border) for k, c in source.kinds.items()},
        kind_fill={k: QColor(c.fill) for k, c in source.kinds.items()},
        links={k: QColor(c) for k, c in source.links.items()},
        risks={k: QColor(c) for k, c in source.risks.items()},
        label_fill=QColor(label_fill), highlight=QColor(highlight))


DOCUMENT = _palette("light", export_palette.LIGHT, background="#f6f7f9", grid="#e3e6ea", card="#ffffff",
                    card_border="#d5dae0", selection="#2f6fde", chip="#eef1f4", label_fill="#ffffff",
                    highlight="#c2188a")
DARK = _palette("dark", export_palette.DARK, background="#16191d", grid="#23282e", card="#242a31",
                card_border="#3a424b", selection="#5b9cff", chip="#313840", label_fill="#1d2126",
                highlight="#ff6ec7")


def palette_named(name: str) -> CanvasPalette:
    return DARK if name == "dark" else DOCUMENT


@dataclass(frozen=True)
class CardOptions:
    """What cards show; exports switch parts off for a cleaner slide."""

    show_values: bool = True
    show_owners: bool = True
    show_badges: bool = True
    show_handles: bool = True  # the link handle: interactive canvas only


@dataclass(frozen=True)
class CardText:
    """Everything a card displays, already formatted (see ``card_text.py``)."""

    name: str
    kind: MetricKind
    value: str
    target: str  # "Target 40 % · 5.5 pp to go" or ""
    target_met: bool | None
    owner: str
    has_rationale: bool
    needs_rationale: bool
    risk: Severity | None
    delta: str = ""
    delta_good: bool | None = None
    health: str = ""
    hidden_drivers: int = 0


@cache
def font_family() -> str:
    """The bundled Inter font (same look on every machine and in exports), else DejaVu Sans."""
    family = FALLBACK_FAMILY
    folder = files("metricscape") / "resources" / "fonts"
    for name in ("Inter-Regular.ttf", "Inter-Medium.ttf", "Inter-SemiBold.ttf", "Inter-Bold.ttf"):
        resource = folder / name
        if not resource.is_file():
            continue
        font_id = QFontDatabase.addApplicationFontFromData(resource.read_bytes())
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families:
            family = families[0]
    return family


def font(pixels: float, bold: bool = False) -> QFont:
    f = QFont(font_family())
    f.setPixelSize(max(1, round(pixels)))
    f.setBold(bold)
    return f


@dataclass(frozen=True)
class Fonts:
    name: QFont
    star_name: QFont
    value: QFont
    star_value: QFont
    small: QFont
    chip: QFont
    label: QFont


@cache
def fonts() -> Fonts:
    """Built on first use: a QFont made before the QApplication exists crashes Qt."""
    return Fonts(name=font(13, True), star_name=font(15, True), value=font(20, True), star_value=font(24, True),
                 small=font(11), chip=font(10), label=font(11, True))


def paint_highlight(painter: QPainter, rect: QRectF, pal: CanvasPalette) -> None:
    """A thick outline just outside the card: "this metric changed" after a compare."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    pen = QPen(pal.highlight, HIGHLIGHT_WIDTH)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    margin = HIGHLIGHT_WIDTH / 2 + 2
    painter.drawRoundedRect(rect.adjusted(-margin, -margin, margin, margin), CORNER + margin, CORNER + margin)


def name_rect(rect: QRectF, kind: MetricKind) -> QRectF:
    """Where the name is drawn (double-clicking there renames the metric)."""
    height = 22 if kind is MetricKind.NORTH_STAR else 20
    return QRectF(rect.left() + STRIP + PAD, rect.top() + 8, rect.width() - STRIP - 2 * PAD - 56, height)


def paint_card(painter: QPainter, rect: QRectF, card: CardText, pal: CanvasPalette, *, selected: bool,
               detail: float, options: CardOptions) -> None:
    star = card.kind is MetricKind.NORTH_STAR
    strip_colour = pal.kind_strip[card.kind]
    fill = pal.kind_fill[card.kind] if star else pal.card
    border = pal.selection if selected else (strip_colour if star else pal.card_border)
    if detail < DETAIL_THRESHOLD:  # zoomed far out: a coloured box is all the eye can use
        painter.fillRect(rect, border if selected else fill)
        painter.fillRect(QRectF(rect.left(), rect.top(), STRIP * 3, rect.height()), strip_colour)
        return
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(border, 3.0 if selected or star else 1.0))
    painter.setBrush(fill)
    painter.drawRoundedRect(rect, CORNER, CORNER)
    strip = QPainterPath()
    strip.addRoundedRect(QRectF(rect.left(), rect.top(), STRIP + CORNER, rect.height()), CORNER, CORNER)
    clip = QPainterPath()
    clip.addRect(QRectF(rect.left(), rect.top(), STRIP, rect.height()))
    painter.fillPath(strip.intersected(clip), strip_colour)

    left = rect.left() + STRIP + PAD
    width = rect.width() - STRIP - 2 * PAD
    painter.setPen(pal.text)
    name_font = fonts().star_name if star else fonts().name
    painter.setFont(name_font)
    nrect = name_rect(rect, card.kind)
    name = QFontMetricsF(name_font).elidedText(card.name, Qt.TextElideMode.ElideRight, nrect.width()
                                               + (56 if not (card.delta or card.health) else 0))
    painter.drawText(QRectF(nrect.left(), nrect.top(), nrect.width() + 56, nrect.height()),
                     Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
    _paint_corner_badges(painter, rect, card, pal)

    y = nrect.bottom() + 2
    if options.show_values:
        value_font = fonts().star_value if star else fonts().value
        painter.setFont(value_font)
        painter.setPen(pal.text)
        vh = 30 if star else 26
        painter.drawText(QRectF(left, y, width, vh), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         card.value)
        y += vh
        if card.target:
            painter.setFont(fonts().small)
            colour = pal.good if card.target_met else pal.muted  # a sea of red would alarm, not inform
            painter.setPen(colour)
            text = QFontMetricsF(fonts().small).elidedText(card.target, Qt.TextElideMode.ElideRight, width)
            painter.drawText(QRectF(left, y, width, 15), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             text)
    _paint_chips(painter, rect, card, pal, options)


def _paint_corner_badges(painter: QPainter, rect: QRectF, card: CardText, pal: CanvasPalette) -> None:
    """The what-if delta and the health marker, top right."""
    right = rect.right() - PAD + 4
    top = rect.top() + 8
    painter.setFont(fonts().chip)
    metrics = QFontMetricsF(fonts().chip)
    if card.health:
        w = metrics.horizontalAdvance(card.health) + 10
        chip = QRectF(right - w, top, w, 17)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(pal.risks[Severity.MEDIUM])
        painter.drawRoundedRect(chip, 8.5, 8.5)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, card.health)
        right = chip.left() - 4
    if card.delta:
        w = metrics.horizontalAdvance(card.delta) + 12
        chip = QRectF(right - w, top, w, 17)
        colour = pal.muted if card.delta_good is None else (pal.good if card.delta_good else pal.bad)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(chip, 8.5, 8.5)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, card.delta)


def _paint_chips(painter: QPainter, rect: QRectF, card: CardText, pal: CanvasPalette, options: CardOptions) -> None:
    """Owner, rationale and gaming-risk chips along the bottom edge."""
    chips: list[tuple[str, QColor, QColor]] = []  # text, fill, text colour; the owner goes last, elided
    if card.hidden_drivers:
        chips.append((f"+{card.hidden_drivers} hidden", pal.selection, QColor("#ffffff")))
    if options.show_badges:
        if card.risk is not None:
            chips.append((f"{card.risk.value} risk", pal.risks[card.risk], QColor("#ffffff")))
        if card.has_rationale:
            chips.append(("✓ why", pal.chip, pal.good))
        elif card.needs_rationale:
            chips.append(("no why", pal.chip, pal.bad))
    if options.show_owners and card.owner:
        chips.append((card.owner, pal.chip, pal.muted))
    if not chips:
        return
    painter.setFont(fonts().chip)
    metrics = QFontMetricsF(fonts().chip)
    x = rect.left() + STRIP + PAD
    limit = rect.right() - PAD
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
