"""A field editor with its error line underneath: errors appear next to what caused them."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from .colors import error_color, muted_color


class ErrorLabel(QLabel):
    """Red, wrapped, hidden while empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setVisible(False)
        self._recolour()

    def show_error(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))

    def clear_error(self) -> None:
        self.show_error("")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._recolour()
        super().changeEvent(event)

    def _recolour(self) -> None:
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, error_color(palette))
        self.setPalette(palette)


class HintLabel(QLabel):
    """Secondary text in a muted colour: explanations a PM may skip."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self._recolouring = False
        self._recolour()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange and not self._recolouring:
            self._recolour()
        super().changeEvent(event)

    def _recolour(self) -> None:
        self._recolouring = True
        parent = self.parentWidget()
        palette = QPalette(parent.palette() if parent is not None else self.palette())
        palette.setColor(QPalette.ColorRole.WindowText, muted_color(palette))
        self.setPalette(palette)
        self._recolouring = False


class FieldBox(QWidget):
    """``editor`` over an ErrorLabel. Editors with a ``problem`` signal report their own errors."""

    def __init__(self, editor: QWidget, hint: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor)
        self.error = ErrorLabel(self)
        layout.addWidget(self.error)
        if hint:
            layout.addWidget(HintLabel(hint, self))
        problem = getattr(editor, "problem", None)
        if problem is not None:
            problem.connect(self.error.show_error)

    def show_error(self, text: str) -> None:
        self.error.show_error(text)

    def clear_error(self) -> None:
        self.error.clear_error()
