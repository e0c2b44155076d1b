"""Toolbar icons drawn in the theme's text colour, so they stay visible in the dark theme.

The style's standard icons are dark glyphs made for light backgrounds. A filter on the toolbar
re-tints its actions' icons from the originals whenever the palette changes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QToolBar

from .widgets.colors import is_dark

ORIGINAL = "metricscape_original_icon"
SIZES = (QSize(16, 16), QSize(24, 24), QSize(32, 32))


def tinted(icon: QIcon, colour: QColor) -> QIcon:
    """The icon's shape filled with one colour (its alpha kept)."""
    result = QIcon()
    for size in SIZES:
        for mode in (QIcon.Mode.Normal, QIcon.Mode.Disabled):
            pixmap = icon.pixmap(size, QIcon.Mode.Normal)
            if pixmap.isNull():
                continue
            shape = QPixmap(pixmap)
            painter = QPainter(shape)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
            fill = QColor(colour)
            if mode is QIcon.Mode.Disabled:
                fill.setAlphaF(0.38)
            painter.fillRect(shape.rect(), fill)
            painter.end()
            result.addPixmap(shape, mode)
    return result


class ThemedIcons(QObject):
    def __init__(self, toolbar: QToolBar) -> None:
        super().__init__(toolbar)
        self.toolbar = toolbar
        toolbar.installEventFilter(self)
        self.apply()

    def apply(self) -> None:
        palette = self.toolbar.palette()
        dark = is_dark(palette)
        for action in self.toolbar.actions():
            original = action.property(ORIGINAL)
            if not isinstance(original, QIcon):
                if action.icon().isNull():
                    continue
                original = action.icon()
                action.setProperty(ORIGINAL, original)
            action.setIcon(tinted(original, palette.color(QPalette.ColorRole.ButtonText)) if dark else original)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.toolbar and event.type() == QEvent.Type.PaletteChange:
            self.apply()
        return False


def follow_theme(toolbar: QToolBar) -> ThemedIcons:
    return ThemedIcons(toolbar)


