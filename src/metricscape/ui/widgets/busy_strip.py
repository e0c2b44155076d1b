"""What is running and how far: a label and a thin bar that appear only for work long enough to notice."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

SHOW_AFTER_MS = 300  # quick work finishes before the strip would show: no flicker, no jumping layout


class BusyStrip(QWidget):
    def __init__(self, text: str = "", parent: QWidget | None = None, bar_width: int | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(text)
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(8)
        if bar_width is not None:
            self.bar.setMaximumWidth(bar_width)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.addWidget(self.label)
        self.row.addWidget(self.bar, 1 if bar_width is None else 0)
        self._show_timer = QTimer(self, singleShot=True, interval=SHOW_AFTER_MS)
        self._show_timer.timeout.connect(self._show_if_busy)
        self._busy = False
        self.setVisible(False)

    def show_progress(self, fraction: float) -> None:
        self.bar.setValue(round(fraction * 100))

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        if busy:
            self.bar.setValue(0)
            self._show_timer.start()
        else:
            self._show_timer.stop()
            self.setVisible(False)

    def _show_if_busy(self) -> None:
        self.setVisible(self._busy)
