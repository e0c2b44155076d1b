"""The analyses dock: levers (tornado), outlook (distributions), uncertainty (Sobol), scenarios,
comparison, experiment sizing and settings. Chart tabs are ``AnalysisTab`` classes: their analyses
run off the GUI thread and only for the tab in view; a result that arrives after the model changed
again is dropped by the runner."""

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

from metricscape.sim import Summary

from . import tasks
from .analysis_tab import AnalysisTab, LeversTab, UncertaintyTab
from .charts.distribution import DistributionChart
from .compare_view import CompareView
from .controller import WhatIfController
from .experiment_view import ExperimentView
from .progress import ProgressStrip
from .scenarios import ScenarioManager
from .settings_form import SettingsForm

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
        self.levers, self.uncertainty = LeversTab(), UncertaintyTab()
        self.tornado, self.sobol = self.levers.tornado, self.uncertainty.sobol
        self.analysis_tabs: dict[str, AnalysisTab] = {}
        self._stale: set[str] = set()  # kinds whose result no longer describes the model
        self.star_outlook = DistributionChart()
        self.focus_outlook = DistributionChart()
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
        self.add_tab(self.levers)
        self._add_page(outlook, "Outlook", "How uncertain the forecast is (P10/P50/P90, chance of reaching the target)")
        self.add_tab(self.uncertainty)
        for widget, title, tip in (
                (self.scenarios, "Scenarios", "Create, rename, duplicate, delete and edit scenarios"),
                (self.compare, "Compare", "Scenarios side by side"),
                (self.experiment, "Experiment", "How many users an A/B test of a scenario needs"),
                (self.settings, "Settings", "Samples, seed and test settings saved in the model")):
            self._add_page(_scrolling(widget), title, tip)
        self.tabs.currentChanged.connect(lambda _i: self._schedule())
        self.tabs.currentChanged.connect(lambda _i: self._restale_stopped())
        top = QHBoxLayout()
        top.addWidget(QLabel("Analyse"))
        top.addWidget(self.metric_box, 1)
        top.addWidget(self.progress, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self._timer = QTimer(self, singleShot=True, interval=REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh_visible)
        self.set_controller(None)

    def sizeHint(self) -> QSize:
        return QSize(900, 320)  # the canvas keeps most of the height

    # --- tabs --------------------------------------------------------------------------------

    def add_tab(self, tab: AnalysisTab, index: int | None = None) -> None:
        """Add an analysis (see ``analysis_tab.AnalysisTab``); it runs when first shown."""
        if tab.kind in self.analysis_tabs or tab.kind == "distribution":
            raise ValueError(f"an analysis tab of kind '{tab.kind}' exists already")
        self.analysis_tabs[tab.kind] = tab
        if tab.metric_clicked is not None:
            tab.metric_clicked.connect(self.metric_activated)
        self._add_page(tab.view, tab.title, tab.tooltip, index)
        self._stale.add(tab.kind)

    def _add_page(self, page: QWidget, title: str, tip: str, index: int | None = None) -> None:
        at = self.tabs.insertTab(index if index is not None else self.tabs.count(), page, title)
        self.tabs.setTabToolTip(at, tip)

    def _all_stale(self) -> None:
        self._stale = set(self.analysis_tabs)
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
        for tab in self.analysis_tabs.values():
            tab.clear()
        self._show_waiting()
        self._fill_metrics()
        self._on_distribution(controller.distribution if controller else None)
        self._all_stale()
        self._schedule()

    def _show_waiting(self, only_empty: bool = False) -> None:
        """Say what is on its way, so an empty chart never looks like a missing feature.
        ``only_empty``: leave the tabs that show a result (the model changed: say it again where
        a sentence stands, e.g. the north star just got marked)."""
        c = self.controller
        if c is None:
            return
        tabs = [t for t in self.analysis_tabs.values() if not (only_empty and t.has_result)]
        if c.live is None:
            paused = "The analyses wait until the model can be computed: the What-if panel says what is missing."
            for tab in tabs:
                tab.show_empty(paused)
            return
        target = self.target()
        name = c.doc.metric(target).name if target is not None else None
        if name is None:
            missing = "Mark one metric as the north star, or pick the metric to analyse above."
            for tab in tabs:
                tab.show_empty(missing)
            return
        for tab in tabs:
            tab.show_empty(tab.waiting_text(name))

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
        self._all_stale()
        self._schedule()

    def _on_numbers_changed(self) -> None:
        self._show_waiting(only_empty=True)
        self._all_stale()
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
        self._all_stale()
        self._timer.stop()
        self.refresh_visible()

    def _restale_stopped(self) -> None:
        self._stale |= {kind for kind, tab in self.analysis_tabs.items() if not tab.has_result}

    def refresh_visible(self) -> None:
        """Run what the tab in view shows, if it is out of date."""
        c, target = self.controller, self.target()
        if c is None or c.live is None:
            return
        current = self.tabs.currentWidget()
        tab = next((t for t in self.analysis_tabs.values() if t.view is current), None)
        if tab is None or tab.kind not in self._stale:
            return
        if target is None:
            tab.show_empty("Mark a north star, or pick the metric to analyse above.")
            return
        self._stale.discard(tab.kind)
        c.runner.submit(tab.kind, tab.task(c.tree, target))

    def _on_finished(self, kind: str, result: object) -> None:
        c, tab = self.controller, self.analysis_tabs.get(kind)
        if c is not None and tab is not None:
            tab.show_result(result, c.tree)

    def _on_failed(self, kind: str, message: str) -> None:
        tab = self.analysis_tabs.get(kind)
        if tab is not None:
            tab.show_empty(message)
        elif kind == "distribution":
            self.star_outlook.show_empty(message)

    def _on_cancelled(self, kind: str) -> None:
        tab = self.analysis_tabs.get(kind)
        if tab is not None:
            self._stale.add(kind)  # runs again when its tab is next shown or the model changes
            tab.show_empty("Stopped. It runs again when you come back to this tab or change the model.")

    def _on_distribution(self, distribution: tasks.Distribution | None) -> None:
        c = self.controller
        if c is None or distribution is None:
            self.star_outlook.set_summaries(None)
            self.focus_outlook.setVisible(False)
            star = c.tree.north_star if c is not None else None
            if star is not None and c is not None and c.live is not None:
                self.star_outlook.show_empty(f"Simulating the outlook of ‘{star.name}’…")
            return
        star = c.tree.north_star
        focus = c.focus if c.focus and (star is None or c.focus != star.id) else None

        def pair(metric_id: str) -> tuple[Summary | None, Summary | None]:
            base = next((s for s in distribution.baseline.summaries if s.metric == metric_id), None)
            what = next((s for s in distribution.what_if.summaries if s.metric == metric_id), None) \
                if distribution.what_if else None
            return base, what

        if star is not None:
            base, what = pair(star.id)
            self.star_outlook.set_summaries(base, what, label=distribution.label)
        else:
            self.star_outlook.show_empty("Mark one metric as the north star to see its outlook.")
        self.focus_outlook.setVisible(focus is not None)
        if focus is not None:
            base, what = pair(focus)
            self.focus_outlook.set_summaries(base, what, label=distribution.label)


def _scrolling(widget: QWidget) -> QScrollArea:
    """A page that scrolls when the dock is short, so the dock never forces the window taller."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    widget.setMinimumHeight(widget.minimumSizeHint().height())
    return area
