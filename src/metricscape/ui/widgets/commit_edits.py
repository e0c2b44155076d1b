"""Text editors that report a *finished* edit once, never a keystroke and never a refresh.

``committed`` fires when the user leaves the field (Enter or focus-out) with text that differs
from what the program last showed; ``set_shown`` updates the field without firing anything.
Escape restores the shown text. This is what keeps one field edit = one undo step, and
keeps refreshes from echoing back as edits.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QTextEdit, QWidget


class CommitLineEdit(QLineEdit):
    committed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shown = ""
        self.editingFinished.connect(self._finish)

    def set_shown(self, text: str) -> None:
        self._shown = text
        if self.text() != text:
            self.setText(text)
            self.setCursorPosition(0)

    @property
    def shown(self) -> str:
        return self._shown

    def _finish(self) -> None:
        if self.text() != self._shown and self.accepts(self.text()):
            self._shown = self.text()
            self.committed.emit(self.text())

    def accepts(self, text: str) -> bool:
        """Subclasses with live validation refuse to commit invalid text."""
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text() != self._shown:
            self.setText(self._shown)
            self.textEdited.emit(self._shown)  # lets live validation clear its message
            return
        super().keyPressEvent(event)


class CommitTextEdit(QTextEdit):
    """Multi-line plain text committed on focus-out (and Ctrl+Enter); grows with its content once
    the user leaves it (growing while typing would move the next field away from the mouse)."""

    committed = Signal(str)

    def __init__(self, parent: QWidget | None = None, min_lines: int = 3, max_lines: int = 12) -> None:
        super().__init__(parent)
        self._shown = ""
        self._min_lines, self._max_lines = min_lines, max_lines
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self.document().documentLayout().documentSizeChanged.connect(lambda _size: self._fit_height())
        self._fit_height()

    def set_shown(self, text: str) -> None:
        self._shown = text
        if self.toPlainText() != text:
            self.setPlainText(text)

    @property
    def shown(self) -> str:
        return self._shown

    def finish(self) -> None:
        text = self.toPlainText()
        if text != self._shown:
            self._shown = text
            self.committed.emit(text)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        # A context menu takes focus without ending the edit.
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.finish()
            self._fit_height()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.finish()
            return
        if event.key() == Qt.Key.Key_Escape and self.toPlainText() != self._shown:
            self.setPlainText(self._shown)
            return
        super().keyPressEvent(event)

    def _fit_height(self) -> None:
        if self.hasFocus() and self.minimumHeight() > 0:  # typing: keep still, scroll inside
            return
        line = self.fontMetrics().lineSpacing()
        margin = 2 * self.document().documentMargin() + 2 * self.frameWidth()
        content = self.document().size().height()
        height = int(min(max(content, self._min_lines * line), self._max_lines * line) + margin + 1)
        if self.height() != height or self.minimumHeight() != height:
            self.setFixedHeight(height)
