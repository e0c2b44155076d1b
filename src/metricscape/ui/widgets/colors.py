"""The few colours the panels add to the palette, chosen per light/dark palette."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def error_color(palette: QPalette) -> QColor:
    return QColor("#ff8a80") if is_dark(palette) else QColor("#c62828")


def muted_color(palette: QPalette) -> QColor:
    text = palette.color(QPalette.ColorRole.WindowText)
    window = palette.color(QPalette.ColorRole.Window)
    # Halfway between text and background: readable, but clearly secondary.
    return QColor((text.red() * 3 + window.red() * 2) // 5, (text.green() * 3 + window.green() * 2) // 5,
                  (text.blue() * 3 + window.blue() * 2) // 5)


def accent_color(palette: QPalette) -> QColor:
    return palette.color(QPalette.ColorRole.Highlight)


def star_color(palette: QPalette) -> QColor:
    return QColor("#ffc94d") if is_dark(palette) else QColor("#e0a000")


def relative_luminance(colour: QColor) -> float:
    """WCAG 2.x relative luminance of an sRGB colour."""
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio, 1 to 21 (AA asks 4.5 for text)."""
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_on(fill: QColor) -> QColor:
    """Near-black or white, whichever reads better on ``fill`` (a badge or chip colour)."""
    dark, light = QColor("#111418"), QColor("#ffffff")
    return dark if contrast_ratio(dark, fill) >= contrast_ratio(light, fill) else light


AA_TEXT = 4.5  # WCAG AA contrast for normal text


def readable(colour: QColor, background: QColor, fallback: QColor) -> QColor:
    """``colour`` for text on ``background`` when it meets AA, else ``fallback``."""
    return colour if contrast_ratio(colour, background) >= AA_TEXT else fallback
