"""A row of shortcuts to the metric form's sections: one click opens a section and scrolls to it,
so the rationale or the gaming risks are never thirteen wheel turns away."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QGridLayout, QToolButton, QWidget

COLUMNS = 3  # two short rows fit the narrowest dock without widening it


class SectionBar(QWidget):
    def __init__(self, labels: dict[str, str], jump: Callable[[str], None], parent: QWidget | None = None) -> None:
        """``labels``: section title → the short word on its button."""
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 4, 0, 4)
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(2)
        self.buttons: dict[str, QToolButton] = {}
        for index, (title, word) in enumerate(labels.items()):
            button = QToolButton()
            button.setText(word)
            button.setAutoRaise(True)
            button.setToolTip(f"Open ‘{title}’ and scroll to it")
            button.clicked.connect(lambda _checked=False, t=title: jump(t))
            grid.addWidget(button, index // COLUMNS, index % COLUMNS)
            self.buttons[title] = button
