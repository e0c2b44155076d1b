"""The analyses dock: levers (tornado), outlook (distributions), uncertainty (Sobol), scenarios,
comparison, experiment sizing and settings. Heavy analyses run off the GUI thread and only for the
tab in view; a result that arrives after the model changed again is dropped by the runner."""

from __future__ import annotations

from PySide6.QtCore import QSize, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from . import tasks
from .charts.distribution import DistributionChart
from .charts.sobol import SobolChart
from .charts.tornado import TornadoChart
from .compare_view import CompareView
from .controller import WhatIfController
from .experiment_view import ExperimentView
from .progress import ProgressStrip
from .scenarios import ScenarioManager
from .settings_form import SettingsForm

TORNADO, SOBOL = "tornado", "sobol"
SOBOL_N = 1024
REFRESH_DELAY_MS = 300


class AnalysesPanel(QWidget):
    metric_activated = Signal(str)  # a chart bar was clicked: select this metric on the canvas

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AnalysesPanel")
        self.controller: WhatIfController | None = None
        self.metric_box = QComboBox()
        self.metric_box.setToolTip("The metric the levers, outlook and uncertainty are about; "
                                   "selecting a card on the canvas picks it too")
        self.metric_box.activated.connect(lambda _i: self._metric_chosen())
        self.progress = ProgressStrip()
        self.tornado = TornadoChart()
        self.tornado.bar_clicked.connect(self.metric_activated)
        self.star_outlook = DistributionChart()
        self.focus_outlook = DistributionChart()
        self.sobol = SobolChart()
        self.sobol.bar_clicked.connect(self.metric_activated)
        self.scenarios = ScenarioManager()
        self.compare = CompareView()
        self.experiment = ExperimentView()
        self.settings = SettingsForm()
        outlook = QWidget()
        outlook_layout = QHBoxLayout(outlook)
        outlook_layout.setContentsMargins(0, 0, 0, 0)
        outlook_layout.addWidget(self.star_outlook)
        outlook_layout.addWidget(self.focus_outlook)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for widget, title, tip in (
                (self.tornado, "Levers", "Which input moves the metric most (tornado, elasticities)"),
                (outlook, "Outlook", "How uncertain the forecast is (P10/P50/P90, chance of reaching the target)"),
                (self.sobol, "Uncertainty", "Which uncertainty matters most (global sensitivity)"),
                (self.scenarios, "Scenarios", "Create, rename, duplicate, delete and edit scenarios"),
                (self.compare, "Compare", "Scenarios side by side"),
                (self.experiment, "Experiment", "How many users an A/B test of a scenario needs"),
                (self.settings, "Settings", "Samples, seed and test settings saved in the model")):
            page = widget if widget in (self.tornado, self.sobol) else _scrolling(widget)
            index = self.tabs.addTab(page, title)
            self.tabs.setTabToolTip(index, tip)
        self.tabs.currentChanged.connect(lambda _i: self._schedule())
        self.tabs.currentChanged.connect(lambda _i: self._restale_stopped())
        top = QHBoxLayout()
        top.addWidget(QLabel("Analyse"))
        top.addWidget(self.metric_box, 1)
        top.addWidget(self.progress, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self._stale = {TORNADO, SOBOL}
        self._timer = QTimer(self, singleShot=True, interval=REFRESH_DELAY_MS, timeout=self.refresh_visible)
        self.set_controller(None)

    def sizeHint(self) -> QSize:
        return QSize(900, 320)  # the canvas keeps most of the height

    # --- binding -----------------------------------------------------------------------------

    def set_controller(self, controller: WhatIfController | None) -> None:
        old = self.controller
        if old is not None:
            for signal, slot in self._links(old):
                signal.disconnect(slot)
        self.controller = controller
        if controller is not None:
            for signal, slot in self._links(controller):
                signal.connect(slot)
        self.progress.bind(controller.runner if controller else None)
        for view in (self.scenarios, self.compare, self.experiment, self.settings):
            view.set_controller(controller)
        self.tornado.set_result(None)
        self.sobol.set_result(None)
        self._show_waiting()
        self._fill_metrics()
        self._on_distribution(controller.distribution if controller else None)
        self._stale = {TORNADO, SOBOL}
        self._schedule()

    def _show_waiting(self) -> None:
        """Say what is on its way, so an empty chart never looks like a missing feature."""
        c = self.controller
        if c is None:
            return
        if c.live is None:
            paused = "The analyses wait until the model can be computed: the What-if panel says what is missing."
            self.tornado.show_empty(paused)
            self.sobol.show_empty(paused)
            return
        target = self.target()
        name = c.doc.metric(target).name if target is not None else None
        if name is None:
            missing = "Mark one metric as the north star, or pick the metric to analyse above."
            self.tornado.show_empty(missing)
            self.sobol.show_empty(missing)
            return
        self.tornado.show_empty(f"Ranking the inputs that move ‘{name}’…")
        self.sobol.show_empty(f"Measuring which uncertainty matters most for ‘{name}’…")

    def _links(self, c: WhatIfController):
        return [(c.model_changed, self._fill_metrics), (c.numbers_changed, self._on_numbers_changed),
                (c.focus_changed, self._on_focus),
                (c.distribution_ready, self._on_distribution), (c.runner.finished, self._on_finished),
                (c.runner.failed, self._on_failed), (c.runner.cancelled, self._on_cancelled)]

    def target(self) -> str | None:
        c = self.controller
        if c is None:
            return None
        if c.focus and c.doc.has_metric(c.focus):
            return c.focus
        star = c.tree.north_star
        return star.id if star else None

    # --- the metric analysed -----------------------------------------------------------------

    def _fill_metrics(self) -> None:
        c = self.controller
        self.metric_box.blockSignals(True)
        try:
            self.metric_box.clear()
            if c is None:
                return
            star = c.tree.north_star
            if star is not None:
                self.metric_box.addItem(f"{star.name} (north star)", star.id)
            for metric in c.tree.metrics:
                if metric is not star:
                    self.metric_box.addItem(metric.name, metric.id)
            index = self.metric_box.findData(self.target())
            self.metric_box.setCurrentIndex(max(index, 0))
        finally:
            self.metric_box.blockSignals(False)

    def _metric_chosen(self) -> None:
        if self.controller is not None:
            self.controller.set_focus(self.metric_box.currentData())

    def _on_focus(self, _metric_id: str) -> None:
        index = self.metric_box.findData(self.target())
        if index >= 0:
            self.metric_box.setCurrentIndex(index)
        self._stale = {TORNADO, SOBOL}
        self._schedule()

    def _on_numbers_changed(self) -> None:
        self._stale = {TORNADO, SOBOL}
        self._schedule()

    # --- running -----------------------------------------------------------------------------

    def _schedule(self) -> None:
        self._timer.start()

    @property
    def pending(self) -> bool:
        """An analysis of the tab in view is due to start."""
        return self._timer.isActive()

    @property
    def refresh_timer(self) -> QTimer:
        """Fires when the tab in view starts its analysis (waiters listen to it)."""
        return self._timer

    def refresh(self) -> None:
        """Recompute the analyses from scratch (Simulate ▸ Refresh analyses)."""
        self._stale = {TORNADO, SOBOL}
        self._timer.stop()
        self.refresh_visible()

    def _restale_stopped(self) -> None:
        if self.tornado.result is None:
            self._stale.add(TORNADO)
        if self.sobol.result is None:
            self._stale.add(SOBOL)

    def refresh_visible(self) -> None:
        """Run what the tab in view shows, if it is out of date."""
        c, target = self.controller, self.target()
        if c is None or c.live is None:
            return
        tree = c.tree
        current = self.tabs.currentWidget()
        if current is self.tornado and TORNADO in self._stale:
            if target is None:
                self.tornado.show_empty("Mark a north star, or pick the metric to analyse above.")
            else:
                self._stale.discard(TORNADO)
                c.runner.submit(TORNADO, lambda progress: tasks.tornado(tree, target, progress))
        elif current is self.sobol and SOBOL in self._stale:
            if target is None:
                self.sobol.show_empty("Mark a north star, or pick the metric to analyse above.")
            else:
                self._stale.discard(SOBOL)
                c.runner.submit(SOBOL, lambda progress: tasks.sobol(tree, target, SOBOL_N, progress))

    def _on_finished(self, kind: str, result: object) -> None:
        c = self.controller
        if c is None:
            return
        if kind == TORNADO:
            self.tornado.set_result(result, {m.id: m.unit for m in c.tree.metrics})  # type: ignore[arg-type]
        elif kind == SOBOL:
            self.sobol.set_result(result)  # type: ignore[arg-type]

    def _on_failed(self, kind: str, message: str) -> None:
        view = {TORNADO: self.tornado, SOBOL: self.sobol}.get(kind)
        if view is not None:
            view.show_empty(message)
        elif kind == "distribution":
            self.star_outlook.show_empty(message)

    def _on_cancelled(self, kind: str) -> None:
        view = {TORNADO: self.tornado, SOBOL: self.sobol}.get(kind)
        if view is not None:
            self._stale.add(kind)  # runs again when its tab is next shown or the model changes
            view.show_empty("Stopped. It runs again when you come back to this tab or change the model.")

    def _on_distribution(self, distribution: tasks.Distribution | None) -> None:
        c = self.controller
        if c is None or distribution is None:
            self.star_outlook.set_summaries(None)
            self.focus_outlook.setVisible(False)
            star = c.tree.north_star if c is not None else None
            if star is not None and c.live is not None:
                self.star_outlook.show_empty(f"Simulating the outlook of ‘{star.name}’…")
            return
        star = c.tree.north_star
        focus = c.focus if c.focus and (star is None or c.focus != star.id) else None

        def pair(metric_id: str):
            base = next((s for s in distribution.baseline.summaries if s.metric == metric_id), None)
            what = next((s for s in distribution.what_if.summaries if s.metric == metric_id), None) \
                if distribution.what_if else None
            return base, what

        if star is not None:
            self.star_outlook.set_summaries(*pair(star.id), label=distribution.label)
        else:
            self.star_outlook.show_empty("Mark one metric as the north star to see its outlook.")
        self.focus_outlook.setVisible(focus is not None)
        if focus is not None:
            self.focus_outlook.set_summaries(*pair(focus), label=distribution.label)


def _scrolling(widget: QWidget) -> QScrollArea:
    """A page that scrolls when the dock is short, so the dock never forces the window taller."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    widget.setMinimumHeight(widget.minimumSizeHint().height())
    return area
