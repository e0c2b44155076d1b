"""A number field that may be empty, reads 1.2k / 3.4M / 12 %, and says what is wrong as you type."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from .commit_edits import CommitLineEdit
from .number_text import NumberTextError, format_number, parse_number


class NumberEdit(CommitLineEdit):
    value_committed = Signal(object)  # float | None
    problem = Signal(str)             # "" when the text is fine again

    def __init__(self, parent: QWidget | None = None, placeholder: str = "Not set") -> None:
        super().__init__(parent)
        self._percent = False
        self.setPlaceholderText(placeholder)
        self.textEdited.connect(self._check)
        self.committed.connect(lambda text: self.value_committed.emit(parse_number(text, percent=self._percent)))

    def set_percent(self, percent: bool) -> None:
        """Rates are stored as fractions; a field for a % metric shows and reads percentages."""
        if percent != self._percent:
            value = self.value()
            self._percent = percent
            self.set_value(value)

    def set_value(self, value: float | None) -> None:
        self.set_shown(format_number(value, percent=self._percent))
        self.problem.emit("")

    def value(self) -> float | None:
        try:
            return parse_number(self.shown, percent=self._percent)
        except NumberTextError:
            return None

    def accepts(self, text: str) -> bool:
        return self._check(text)

    def _check(self, text: str) -> bool:
        try:
            parse_number(text, percent=self._percent)
        except NumberTextError as exc:
            self.problem.emit(str(exc))
            return False
        self.problem.emit("")
        return True
