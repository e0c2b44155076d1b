"""The history of north-star definitions: what it was, from when, and why it changed."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from metricscape.model.metadata import NorthStarDefinition

from ..widgets.field_box import HintLabel
from ..widgets.text_cards import TextCards, html


class HistoryView(QWidget):
    record_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards = TextCards()
        self.empty = HintLabel("No definitions recorded yet. Record the current one, so later changes have "
                               "something to compare with.")
        self.record = QPushButton("Record a new definition…")
        self.record.setToolTip("Note that the north star's definition changes: what it becomes, when and why")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 6)
        layout.addWidget(self.empty)
        layout.addWidget(self.cards)
        layout.addWidget(self.record, 0, Qt.AlignmentFlag.AlignLeft)
        self.record.clicked.connect(self.record_requested.emit)

    def show_history(self, history: tuple[NorthStarDefinition, ...]) -> None:
        ordered = sorted(history, key=lambda entry: entry.adopted_on, reverse=True)
        self.cards.set_cards([history_card(entry, current=index == 0) for index, entry in enumerate(ordered)])
        self.empty.setVisible(not history)


def history_card(entry: NorthStarDefinition, current: bool) -> str:
    since = f"since {entry.adopted_on:%d %b %Y}" if current else f"adopted {entry.adopted_on:%d %b %Y}"
    parts = [f"<b>{html(entry.name)}</b> · {since}" + (" (current)" if current else "")]
    if entry.definition:
        parts.append(html(entry.definition))
    if entry.reason:
        parts.append(f"<i>Why:</i> {html(entry.reason)}")
    return "<br>".join(parts)
