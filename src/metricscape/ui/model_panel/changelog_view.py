"""The change log: one entry per saved version, with its note and what changed (read-only)."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from metricscape.model.metadata import ChangeLogEntry

from ..widgets.field_box import HintLabel
from ..widgets.text_cards import TextCards, html


class ChangeLogView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards = TextCards()
        self.empty = HintLabel("No versions yet. Each save can add a note; the app lists what changed.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 6)
        layout.addWidget(self.empty)
        layout.addWidget(self.cards)

    def show_changelog(self, changelog: tuple[ChangeLogEntry, ...]) -> None:
        ordered = sorted(changelog, key=lambda entry: entry.version, reverse=True)
        self.cards.set_cards([changelog_card(entry) for entry in ordered])
        self.empty.setVisible(not changelog)


def changelog_card(entry: ChangeLogEntry) -> str:
    who = f" · {html(entry.author)}" if entry.author else ""
    parts = [f"<b>Version {entry.version}</b> · {entry.date:%d %b %Y}{who}"]
    if entry.note:
        parts.append(html(entry.note))
    if entry.summary:
        parts.append("<ul style='margin-left:-24px; margin-top:2px'>" +
                     "".join(f"<li>{html(line)}</li>" for line in entry.summary) + "</ul>")
    return "<br>".join(parts[:2]) + ("".join(parts[2:]) if len(parts) > 2 else "")
