"""A whole-number spin box whose lowest value means "not set" (review cadences, in days)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QSpinBox, QWidget


class OptionalSpinBox(QSpinBox):
    """Emits ``value_committed`` (int | None) for user changes only: Enter, focus-out or an arrow step."""

    value_committed = Signal(object)

    def __init__(self, minimum: int, maximum: int, suffix: str = "", parent: QWidget | None = None,
                 empty_text: str = "Not set") -> None:
        super().__init__(parent)
        self.setRange(minimum - 1, maximum)
        self.setSpecialValueText(empty_text)
        self.setSuffix(suffix)
        self.setKeyboardTracking(False)  # no commit per keystroke while typing "30"
        self.setAccelerated(True)
        self._shown: int | None = None
        self.valueChanged.connect(self._changed)

    def set_value(self, value: int | None) -> None:
        self._shown = value
        self.blockSignals(True)
        self.setValue(self.minimum() if value is None else value)
        self.blockSignals(False)

    def optional_value(self) -> int | None:
        return None if self.value() == self.minimum() else self.value()

    def _changed(self) -> None:
        value = self.optional_value()
        if value != self._shown:
            self._shown = value
            self.value_committed.emit(value)
