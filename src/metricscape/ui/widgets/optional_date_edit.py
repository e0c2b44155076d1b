"""A date field that may be empty ("Not set"), with a calendar, a Today button and a clear button."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, QObject, Signal
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QToolButton, QWidget

_EMPTY = QDate(1900, 1, 1)  # the minimum date doubles as "not set" (Qt's special-value text)


class OptionalDateEdit(QWidget):
    date_committed = Signal(object)  # datetime.date | None

    def __init__(self, parent: QWidget | None = None, today_text: str = "Today") -> None:
        super().__init__(parent)
        self._shown: dt.date | None = None
        self.edit = QDateEdit(self)
        self.edit.setCalendarPopup(True)
        self.edit.setMinimumDate(_EMPTY)
        self.edit.setSpecialValueText("Not set")
        self.edit.setDisplayFormat("d MMM yyyy")
        self.edit.setDate(_EMPTY)
        self.today_button = QToolButton(self)
        self.today_button.setText(today_text)
        self.today_button.setToolTip("Set the date to today")
        self.clear_button = QToolButton(self)
        self.clear_button.setText("×")
        self.clear_button.setToolTip("Remove the date")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.today_button)
        layout.addWidget(self.clear_button)
        self.edit.editingFinished.connect(self._finish)
        self.edit.calendarWidget().clicked.connect(lambda _date: self._finish())
        self.edit.calendarWidget().activated.connect(lambda _date: self._finish())
        self.edit.calendarWidget().installEventFilter(self)
        self.today_button.clicked.connect(lambda: self._choose(dt.date.today()))
        self.clear_button.clicked.connect(lambda: self._choose(None))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # An empty date would open the calendar on January 1900: open it on this month instead.
        if event.type() == QEvent.Type.Show and watched is self.edit.calendarWidget() and self.date() is None:
            today = dt.date.today()
            self.edit.calendarWidget().setCurrentPage(today.year, today.month)
        return super().eventFilter(watched, event)

    def set_date(self, value: dt.date | None) -> None:
        self._shown = value
        self.edit.blockSignals(True)
        self.edit.setDate(_EMPTY if value is None else QDate(value.year, value.month, value.day))
        self.edit.blockSignals(False)
        self.clear_button.setEnabled(value is not None)

    def date(self) -> dt.date | None:
        qdate = self.edit.date()
        return None if qdate == _EMPTY else dt.date(qdate.year(), qdate.month(), qdate.day())

    def _choose(self, value: dt.date | None) -> None:
        self.edit.setDate(_EMPTY if value is None else QDate(value.year, value.month, value.day))
        self._finish()

    def _finish(self) -> None:
        value = self.date()
        if value != self._shown:
            self._shown = value
            self.clear_button.setEnabled(value is not None)
            self.date_committed.emit(value)
