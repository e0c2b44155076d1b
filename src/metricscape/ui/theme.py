"""Light and dark themes for the app chrome (the canvas follows with its own palette).

"system" follows the platform's colour scheme; offscreen Qt reports none, so it means light
there. The Fusion style is used on every platform so both themes look the same everywhere.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from .canvas import style

THEMES = ("system", "light", "dark")


def resolve(choice: str) -> str:
    """'light' or 'dark' for a preference of 'system', 'light' or 'dark'."""
    if choice in ("light", "dark"):
        return choice
    scheme = QGuiApplication.styleHints().colorScheme()
    return "dark" if scheme == Qt.ColorScheme.Dark else "light"


def _dark_palette() -> QPalette:
    p = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#1f2328", QPalette.ColorRole.WindowText: "#e6e9ec",
        QPalette.ColorRole.Base: "#16191d", QPalette.ColorRole.AlternateBase: "#23282e",
        QPalette.ColorRole.ToolTipBase: "#2b3138", QPalette.ColorRole.ToolTipText: "#e6e9ec",
        QPalette.ColorRole.Text: "#e6e9ec", QPalette.ColorRole.Button: "#2a3037",
        QPalette.ColorRole.ButtonText: "#e6e9ec", QPalette.ColorRole.BrightText: "#ff6b6b",
        QPalette.ColorRole.Highlight: "#2f6ad0", QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#7aa7ff", QPalette.ColorRole.PlaceholderText: "#7d8791",
        QPalette.ColorRole.Mid: "#3a424b", QPalette.ColorRole.Dark: "#121417", QPalette.ColorRole.Light: "#3a424b",
    }
    for role, colour in colours.items():
        p.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6c757d"))
    return p


def _light_palette() -> QPalette:
    p = QApplication.style().standardPalette()
    p.setColor(QPalette.ColorRole.Window, QColor("#f3f4f6"))
    p.setColor(QPalette.ColorRole.Highlight, QColor("#2f6fde"))
    return p


def apply(app: QApplication, choice: str) -> str:
    """Apply a theme preference; return the resolved 'light' or 'dark'."""
    resolved = resolve(choice)
    app.setStyle("Fusion")
    app.setPalette(_dark_palette() if resolved == "dark" else _light_palette())
    return resolved


def canvas_palette(resolved: str) -> style.CanvasPalette:
    return style.palette_named(resolved)
