"""A read-only list of small wrapped text cards (history entries, change-log versions)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget


class TextCards(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self.cards: list[QLabel] = []
        self._frames: list[QFrame] = []

    def set_cards(self, cards: list[str]) -> None:
        """``cards``: rich text, already escaped (see ``html``)."""
        for frame in self._frames:
            self._layout.removeWidget(frame)
            frame.hide()
            frame.deleteLater()
        self.cards, self._frames = [], []
        for text in cards:
            frame = QFrame(self)
            frame.setFrameShape(QFrame.Shape.StyledPanel)
            inner = QVBoxLayout(frame)
            inner.setContentsMargins(8, 6, 8, 6)
            label = QLabel(text)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            inner.addWidget(label)
            self._layout.addWidget(frame)
            self._frames.append(frame)
            self.cards.append(label)


def html(text: str) -> str:
    """Plain text safe inside a card, line breaks kept."""
    return escape(text).replace("\n", "<br>")
