"""A thin strip that appears while an analysis runs: what is running, how far, and Cancel."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, SignalInstance
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from .worker import SimulationRunner

WHAT = {"distribution": "Simulating the uncertainty", "tornado": "Ranking the levers",
        "sobol": "Measuring which uncertainty matters", "compare": "Comparing scenarios"}


class ProgressStrip(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(8)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop this analysis; what is shown stays as it was")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.cancel_button)
        self.runner: SimulationRunner | None = None
        self.cancel_button.clicked.connect(self._cancel)
        # Quick runs finish before the strip would show: no flicker, no jumping layout.
        self._show_timer = QTimer(self, singleShot=True, interval=300)
        self._show_timer.timeout.connect(self._show_if_busy)
        self.setVisible(False)

    def bind(self, runner: SimulationRunner | None) -> None:
        if self.runner is not None:
            for signal, slot in self._links():
                signal.disconnect(slot)
        self.runner = runner
        if runner is not None:
            for signal, slot in self._links():
                signal.connect(slot)
        self.setVisible(runner is not None and runner.busy)

    def _links(self) -> list[tuple[SignalInstance, Callable[..., None]]]:
        r = self.runner
        assert r is not None  # called while bound
        return [(r.progressed, self._progress), (r.busy_changed, self._busy)]

    def _progress(self, kind: str, fraction: float) -> None:
        self.label.setText(WHAT.get(kind, "Working") + "…")
        self.bar.setValue(round(fraction * 100))

    def _busy(self, busy: bool) -> None:
        if busy:
            self.bar.setValue(0)
            self._show_timer.start()
        else:
            self._show_timer.stop()
            self.setVisible(False)

    def _show_if_busy(self) -> None:
        self.setVisible(self.runner is not None and self.runner.busy)

    def _cancel(self) -> None:
        if self.runner is not None:
            self.runner.cancel()
