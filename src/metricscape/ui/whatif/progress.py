"""A thin strip that appears while an analysis runs: what is running, how far, and Cancel."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QPushButton, QWidget

from ..widgets.busy_strip import BusyStrip
from .worker import SimulationRunner

WHAT = {"distribution": "Simulating the uncertainty", "tornado": "Ranking the levers",
        "sobol": "Measuring which uncertainty matters", "compare": "Comparing scenarios"}


class ProgressStrip(BusyStrip):
    """The strip bound to one model's analysis runner (``bind``), with a Cancel button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop this analysis; what is shown stays as it was")
        self.row.addWidget(self.cancel_button)
        self.runner: SimulationRunner | None = None
        self.cancel_button.clicked.connect(self._cancel)

    def bind(self, runner: SimulationRunner | None) -> None:
        if self.runner is not None:
            for signal, slot in self._links():
                signal.disconnect(slot)
        self.runner = runner
        if runner is not None:
            for signal, slot in self._links():
                signal.connect(slot)
        self._busy = runner is not None and runner.busy
        self.setVisible(self._busy)

    def _links(self) -> list[tuple[SignalInstance, Callable[..., None]]]:
        r = self.runner
        assert r is not None  # called while bound
        return [(r.progressed, self._progress), (r.busy_changed, self.set_busy)]

    def _progress(self, kind: str, fraction: float) -> None:
        self.label.setText(WHAT.get(kind, "Working") + "…")
        self.show_progress(fraction)

    def _cancel(self) -> None:
        if self.runner is not None:
            self.runner.cancel()
