"""Asks for a new north-star definition: its name, how it is measured, when and why it changed."""

from __future__ import annotations

import datetime as dt

from pydantic import ValidationError
from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from metricscape.model.metadata import NorthStarDefinition

from ..widgets.commit_edits import CommitTextEdit
from ..widgets.field_box import ErrorLabel, HintLabel
from ..widgets.plain_errors import plain_error


def cadence_warning(history: tuple[NorthStarDefinition, ...], cadence_days: int | None, on: dt.date) -> str:
    """A reminder when the new definition comes sooner than the model's review cadence allows."""
    if not history or cadence_days is None:
        return ""
    last = max(entry.adopted_on for entry in history)
    days = (on - last).days
    if days >= cadence_days:
        return ""
    return (f"The north star last changed {days} day{'s' if days != 1 else ''} before this date; the model "
            f"plans at most one change every {cadence_days} days. Changing it often confuses teams.")


class RecordDefinitionDialog(QDialog):
    def __init__(self, parent: QWidget | None, name: str, definition: str,
                 history: tuple[NorthStarDefinition, ...] = (), cadence_days: int | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Record a new north-star definition")
        self._history, self._cadence = history, cadence_days
        self.result_definition: NorthStarDefinition | None = None
        intro = HintLabel("Keep a record each time the north star changes: what it became, from when, and why. "
                          "Past definitions stay in the file so earlier numbers remain explainable.")
        self.name = QLineEdit(name)
        self.definition = CommitTextEdit(min_lines=3, max_lines=8)
        self.definition.setPlainText(definition)
        self.adopted = QDateEdit(QDate.currentDate())
        self.adopted.setCalendarPopup(True)
        self.adopted.setDisplayFormat("d MMM yyyy")
        self.reason = CommitTextEdit(min_lines=3, max_lines=8)
        self.reason.setPlaceholderText("What changed in the product's value proposition, and what evidence "
                                       "supports the new definition?")
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("How it is measured", self.definition)
        form.addRow("Adopted on", self.adopted)
        form.addRow("Why it changed", self.reason)
        self.warning = HintLabel()
        self.error = ErrorLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Record")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.adopted.dateChanged.connect(self._update_warning)
        self._update_warning()
        self.resize(480, self.sizeHint().height())

    def _adopted_on(self) -> dt.date:
        qdate = self.adopted.date()
        return dt.date(qdate.year(), qdate.month(), qdate.day())

    def _update_warning(self) -> None:
        text = cadence_warning(self._history, self._cadence, self._adopted_on())
        self.warning.setText(text)
        self.warning.setVisible(bool(text))

    def _accept(self) -> None:
        if not self.reason.toPlainText().strip():
            self.error.show_error("Say why the north star changes: future readers will need it.")
            return
        try:
            self.result_definition = NorthStarDefinition(
                name=self.name.text().strip(), definition=self.definition.toPlainText().strip(),
                adopted_on=self._adopted_on(), reason=self.reason.toPlainText().strip())
        except ValidationError as exc:
            self.error.show_error(plain_error(exc, {"name": "Name", "definition": "How it is measured",
                                                    "reason": "Why it changed"}))
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, name: str, definition: str,
            history: tuple[NorthStarDefinition, ...] = (), cadence_days: int | None = None
            ) -> NorthStarDefinition | None:
        """The new definition, or None if the user cancels. Tests replace this method."""
        dialog = cls(parent, name, definition, history, cadence_days)
        return dialog.result_definition if dialog.exec() == QDialog.DialogCode.Accepted else None
