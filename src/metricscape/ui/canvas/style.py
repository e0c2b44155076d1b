"""How cards and links look: colours, fonts and sizes, in one place (``card_paint`` paints a card).

The canvas and the Qt-rendered exports paint with the same code; only the palette differs
(a light "document" palette for slides, a dark one for the dark UI theme). Kind and link
colours come from the export palettes so a slide and the canvas agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPainter, QPen

from metricscape.derived import ActualLine
from metricscape.export import palette as export_palette
from metricscape.model import LinkKind, MetricKind, Severity

FALLBACK_FAMILY = "DejaVu Sans"
CORNER = 10.0
STRIP = 6.0
PAD = 12.0
HANDLE_RADIUS = 6.0
HIGHLIGHT_WIDTH = 4.0
DETAIL_THRESHOLD = 0.25  # below this zoom a card is a coloured box: its text would be unreadable anyway
# How each kind of link is stroked, on the canvas and in every drawn export: a legend must match
LINK_DASH = {LinkKind.FORMULA: Qt.PenStyle.SolidLine, LinkKind.INFLUENCE: Qt.PenStyle.DashLine,
             LinkKind.GUARD: Qt.PenStyle.DotLine}
FULL_DETAIL = 0.8  # below this zoom a card shows only its name and value, drawn larger (level of detail)


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
    actual: ActualLine | None = None  # the latest actual, painted under the value (actual_paint.py)


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
