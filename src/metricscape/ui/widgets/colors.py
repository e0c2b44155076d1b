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
