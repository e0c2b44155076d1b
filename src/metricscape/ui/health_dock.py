"""The health panel in the main window: docked beside the inspector, score in the status bar.

The derived state checks the model (and the scene badges the cards from it); the panel lists the
report and this dock shows its score as a clickable button in the status bar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDockWidget, QToolButton

from metricscape.model.rules import HealthReport

from .health import HealthPanel

if TYPE_CHECKING:
    from .shell import Shell


class HealthDock(QObject):
    def __init__(self, window: Shell, beside: QDockWidget) -> None:
        super().__init__(window.as_widget())
        self.window = window
        self.panel = HealthPanel()
        self.dock = window.add_panel("Health", self.panel, self.panel, Qt.DockWidgetArea.RightDockWidgetArea)
        window.tabifyDockWidget(beside, self.dock)
        self.score_button = QToolButton()
        self.score_button.setAutoRaise(True)
        self.score_button.setToolTip("The model's health score: click to see what to fix")
        self.score_button.clicked.connect(self.show_panel)
        self.score_button.hide()
        window.statusBar().addPermanentWidget(self.score_button)
        self.panel.metric_activated.connect(window.select_metric)
        self.panel.report_changed.connect(self.show_report)
        window.session_changed.connect(lambda _session: self.show_report(self.panel.report))
        self.show_report(self.panel.report)

    def show_panel(self) -> None:
        self.dock.show()
        self.dock.raise_()
        self.panel.list.setFocus()

    def show_report(self, report: HealthReport) -> None:
        session = self.window.current_session
        self.score_button.setVisible(session is not None)
        if session is None:
            return
        self.score_button.setText(f"Health {report.score}/100")
