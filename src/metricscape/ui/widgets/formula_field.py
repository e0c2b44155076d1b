"""A formula shown in names ("= Weekly orders placed × (1 − Cancellation rate)"), with its ids one
click away: clicking the formula (or *Edit*) opens the id editor, which keeps a live echo in names
below it; Enter applies and Escape leaves, and the names come back."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from .field_box import HintLabel
from .formula_edit import FormulaEdit, readable_formula


class _NamesLabel(QLabel):
    """The formula in names; a click opens the editor."""

    def __init__(self, field: FormulaField) -> None:
        super().__init__()
        self._field = field
        self.setWordWrap(True)
        self.setCursor(Qt.CursorShape.IBeamCursor)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._field.start_editing()
        super().mousePressEvent(event)


class _Editor(FormulaEdit):
    """Escape on an unchanged formula leaves the editor (a changed one is first put back)."""

    def __init__(self, field: FormulaField) -> None:
        super().__init__()
        self._field = field

    def keyPressEvent(self, event: QKeyEvent) -> None:
        popup = self.completer_.popup()
        leaving = event.key() == Qt.Key.Key_Escape and self.text() == self.shown and not (
            popup is not None and popup.isVisible())
        super().keyPressEvent(event)
        if leaving:
            self._field.show_names()


class FormulaField(QWidget):
    problem = Signal(str)  # the editor's, for the field's error line

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.names = _NamesLabel(self)
        self.names.setToolTip("The formula with metric names; click to edit it (with ids)")
        self.edit_button = QToolButton()
        self.edit_button.setText("Edit (ids)")
        self.edit_button.setAutoRaise(True)
        self.edit_button.setToolTip("Edit the formula; metrics appear by their ids, one click from their names")
        self.edit_button.clicked.connect(self.start_editing)
        self.edit = _Editor(self)
        self.edit.problem.connect(self.problem)
        self.echo = HintLabel()  # the formula being typed, in names
        self.echo.setToolTip("The formula with metric names")
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.names, 1)
        top.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.edit)
        layout.addWidget(self.echo)
        self._names: dict[str, str] = {}
        self._editing = False
        self.edit.textChanged.connect(self._echo)
        self.edit.editingFinished.connect(self._finished)
        self.show_names()

    @property
    def editing(self) -> bool:
        return self._editing

    def set_names(self, names: Mapping[str, str]) -> None:
        self._names = dict(names)

    def show_formula(self, formula: str, *, same_metric: bool) -> None:
        """After a refresh: a new metric opens on its names; the one being edited stays open."""
        self.edit.set_shown(formula)
        self.edit.setCursorPosition(0)
        if not same_metric or not self._editing:
            self.show_names()
        self._echo()

    def start_editing(self) -> None:
        self._editing = True
        self._arrange()
        self.edit.setFocus(Qt.FocusReason.MouseFocusReason)
        self.edit.end(False)

    def show_names(self) -> None:
        """The names view, when there is a formula; an empty formula stays ready to type into."""
        self._editing = False
        self._arrange()

    def _arrange(self) -> None:
        formula = self.edit.shown
        names_view = bool(formula) and not self._editing
        self.names.setText(f"= {readable_formula(formula, self._names)}" if formula else "")
        self.names.setVisible(names_view)
        self.edit_button.setVisible(names_view)
        self.edit.setVisible(not names_view)
        self.echo.setVisible(not names_view and bool(self.edit.text().strip()))

    def _echo(self) -> None:
        text = self.edit.text()
        self.echo.setText(f"= {readable_formula(text, self._names)}" if text.strip() else "")
        self.echo.setVisible(self.edit.isVisibleTo(self) and bool(text.strip()))

    def _finished(self) -> None:
        if self.edit.text() == self.edit.shown and not self.edit.current_problem():
            self.show_names()
