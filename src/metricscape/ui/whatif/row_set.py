"""The sliders of one model, kept while its tab is open: switching tabs swaps a ready widget in, and a
rename or a new baseline updates the rows it concerns instead of rebuilding a thousand of them."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from .input_row import InputRow
from .inputs import InputSpec

COMPUTED_HEADER = "Computed metrics (overriding one ignores its inputs)"


class RowSet(QWidget):
    previewed = Signal(str, object, float)
    committed = Signal(str, object, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(0)
        self.rows: dict[str, InputRow] = {}
        self._shape: tuple | None = None

    def update_specs(self, specs: list[InputSpec]) -> None:
        shape = tuple((s.metric, s.computed) for s in specs)
        if shape != self._shape:
            self._rebuild(specs)
            self._shape = shape
            return
        for spec in specs:
            row = self.rows[spec.metric]
            if row.spec != spec:
                row.set_spec(spec)

    def _rebuild(self, specs: list[InputSpec]) -> None:
        """Lay the rows out again, reusing the row of every metric still listed: an undo jump over
        many added metrics then creates and deletes a few rows, not thousands."""
        old = self.rows
        kept = {id(row) for row in old.values()}
        while self.layout_.count():
            item = self.layout_.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and id(widget) not in kept:
                widget.deleteLater()  # a header
        self.rows = {}
        computed_header = False
        if specs:
            self.layout_.addWidget(_header("Inputs"))
        for spec in specs:
            if spec.computed and not computed_header:
                self.layout_.addWidget(_header(COMPUTED_HEADER))
                computed_header = True
            row = old.pop(spec.metric, None)
            if row is None:
                row = InputRow(spec)
                row.previewed.connect(self.previewed)
                row.committed.connect(self.committed)
            elif row.spec != spec:
                row.set_spec(spec)
            self.rows[spec.metric] = row
            self.layout_.addWidget(row)
        self.layout_.addStretch(1)
        for row in old.values():  # metrics no longer listed
            row.deleteLater()


def _header(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("font-weight: 600; padding: 8px 4px 2px 4px;")
    return label
