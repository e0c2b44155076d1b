"""Rename id…: a small dialog that says at once whether the new id can be used, then one edit that
moves every reference (formulas, links, risks, scenarios, actuals, experiments) to it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from metricscape.model.metric import is_valid_id, slugify

from .widgets.field_box import HintLabel

if TYPE_CHECKING:
    from metricscape.model import Document

    from .controller import EditingController


class RenameIdDialog(QDialog):
    def __init__(self, doc: Document, metric_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc, self.metric_id = doc, metric_id
        metric = doc.metric(metric_id)
        self.setWindowTitle("Rename id")
        intro = QLabel(f"The id of ‘{metric.name}’ is how formulas, files and queries refer to it. "
                       "Every formula and reference in this model follows the new id.")
        intro.setWordWrap(True)
        suggestion = slugify(metric.name, doc.ids() - {metric_id})
        self.field = QLineEdit(suggestion if suggestion != metric_id else metric_id)
        self.field.selectAll()
        self.problem = HintLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Rename id")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel(f"Now: {metric_id}"))
        layout.addWidget(self.field)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.field.textChanged.connect(self._check)
        self._check(self.field.text())
        self.setMinimumWidth(420)

    @property
    def new_id(self) -> str:
        return self.field.text().strip()

    def _check(self, _text: str) -> None:
        problem = self.problem_with(self.new_id)
        self.problem.setText(problem or f"Formulas will say {self.new_id}.")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    def problem_with(self, new_id: str) -> str:
        if new_id == self.metric_id:
            return "That is its id now."
        if not is_valid_id(new_id) or slugify(new_id) != new_id:
            return f"Use lower-case letters, digits and _, starting with a letter, e.g. {slugify(new_id or 'metric')}."
        if self.doc.has_metric(new_id):
            return f"‘{self.doc.metric(new_id).name}’ already has this id."
        return ""


def ask_new_id(doc: Document, metric_id: str, parent: QWidget | None = None) -> str | None:
    dialog = RenameIdDialog(doc, metric_id, parent)
    return dialog.new_id if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_rename_id(controller: EditingController, metric_id: str, parent: QWidget | None = None) -> bool:
    new_id = ask_new_id(controller.doc, metric_id, parent)
    return new_id is not None and controller.rename_id(metric_id, new_id)
