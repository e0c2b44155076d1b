"""Scenarios side by side: a table (value and change per metric) and a chart of the changes.

The north star is always compared; the metric selected on the canvas and any metric added with
"Add metric" join it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from metricscape.model.metric import Direction
from metricscape.model.numbers import change_is_good, format_change, format_value
from metricscape.sim import Comparison, Engine, SimulationError

from ..widgets.colors import is_dark
from .charts.compare import CompareChart
from .controller import WhatIfController
from .headline import good_bad_colours
from .lazy_tab import RefreshWhenShown

ID_ROLE = Qt.ItemDataRole.UserRole
COMPARE = "compare"


class CompareView(RefreshWhenShown, QWidget):
    shown = Signal()  # a comparison (or why there is none) is on screen

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller: WhatIfController | None = None
        self.extra: list[str] = []
        self.comparison: Comparison | None = None
        self.scenarios = QListWidget()
        self.scenarios.setToolTip("Tick the scenarios to compare")
        self.scenarios.itemChanged.connect(lambda _item: self.refresh_results())
        self.metric_box = QComboBox()
        self.add_button = QPushButton("Add metric")
        self.add_button.clicked.connect(self._add_metric)
        self.clear_button = QPushButton("Only the north star")
        self.clear_button.clicked.connect(self._clear_metrics)
        self.table = QTableWidget()
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setMinimumHeight(60)
        self.scenarios.setMinimumHeight(40)
        self.chart = CompareChart()
        self.message = QLabel()
        self.message.setWordWrap(True)
        picker = QHBoxLayout()
        picker.addWidget(QLabel("Compare also"))
        picker.addWidget(self.metric_box, 1)
        picker.addWidget(self.add_button)
        picker.addWidget(self.clear_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("Scenarios"))
        left_layout.addWidget(self.scenarios)
        split = QSplitter()  # side by side: the dock stays short, the window never has to grow
        split.addWidget(left)
        split.addWidget(self.table)
        split.addWidget(self.chart)
        split.setStretchFactor(1, 3)
        split.setStretchFactor(2, 3)
        split.setSizes([200, 520, 520])  # else the table's wide size hint squeezes the chart to "..." labels
        layout = QVBoxLayout(self)
        layout.addLayout(picker)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)
        self.set_controller(None)

    def set_controller(self, controller: WhatIfController | None) -> None:
        if self.controller is not None:
            for signal, slot in self._links(self.controller):
                signal.disconnect(slot)
        self.controller = controller
        self.extra = []
        if controller is not None:
            for signal, slot in self._links(controller):
                signal.connect(slot)
        self.refresh()

    def _links(self, c: WhatIfController):
        return [(c.model_changed, self.refresh), (c.focus_changed, self._on_focus),
                (c.quick.finished, self._on_finished), (c.quick.failed, self._on_failed)]

    def metrics(self) -> list[str]:
        c = self.controller
        if c is None:
            return []
        star = c.tree.north_star
        wanted = [star.id] if star else []
        if c.focus:
            wanted.append(c.focus)
        wanted += self.extra
        return [m for m in dict.fromkeys(wanted) if c.doc.has_metric(m)]

    def checked(self) -> list[str]:
        return [self.scenarios.item(i).data(ID_ROLE) for i in range(self.scenarios.count())
                if self.scenarios.item(i).checkState() == Qt.CheckState.Checked]

    def refresh(self) -> None:
        c = self.controller
        before = {self.scenarios.item(i).data(ID_ROLE): self.scenarios.item(i).checkState()
                  for i in range(self.scenarios.count())}
        self.scenarios.blockSignals(True)
        self.scenarios.clear()
        for scenario in c.doc.scenarios() if c else []:
            item = QListWidgetItem(scenario.name)
            item.setData(ID_ROLE, scenario.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(before.get(scenario.id, Qt.CheckState.Checked))
            self.scenarios.addItem(item)
        self.scenarios.blockSignals(False)
        self.metric_box.clear()
        for metric in c.doc.metrics() if c else []:
            self.metric_box.addItem(metric.name, metric.id)
        self.refresh_results()

    def _on_focus(self, _metric_id: str) -> None:
        self.refresh_results()

    def _add_metric(self) -> None:
        metric_id = self.metric_box.currentData()
        if metric_id and metric_id not in self.extra:
            self.extra.append(metric_id)
            self.refresh_results()

    def _clear_metrics(self) -> None:
        self.extra = []
        self.refresh_results()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.PaletteChange and self.comparison is not None:
            self.refresh_results()  # good/bad colours follow the theme

    def refresh_results(self) -> None:
        if self.defer_while_hidden():
            return
        c = self.controller
        chosen, metrics = self.checked(), self.metrics()
        self.comparison = None
        if c is None or not chosen or not metrics:
            self.message.setText("" if c is None else
                                 "Tick one or more scenarios to compare." if c.doc.scenarios() else
                                 "No scenarios yet: move sliders and “Keep as scenario”, or create one.")
            self.message.setVisible(bool(self.message.text()))
            self.table.setRowCount(0)
            self.table.setColumnCount(0)
            self.chart.set_comparison(None, [])
            self.shown.emit()
            return
        if c.live is None:
            self.message.setText("The comparison waits until the model can be computed.")
            self.message.setVisible(True)
            self.shown.emit()
            return
        live, tree = c.live, c.tree
        c.quick.submit(COMPARE, lambda _progress: _compare(live.engine_for(tree), chosen, metrics))

    def _on_finished(self, kind: str, result: object) -> None:
        if kind != COMPARE or not isinstance(result, Comparison):
            return
        # The metrics it was computed for (a later pick while the tab was hidden waits for its own run)
        metrics = [m for m in self.metrics() if result.evaluations[0].has(m)]
        if not metrics:
            return
        self.comparison = result
        self.message.setVisible(False)
        self._fill_table(result, metrics)
        self.chart.set_comparison(result, metrics)
        self.shown.emit()

    def _on_failed(self, kind: str, message: str) -> None:
        if kind == COMPARE:
            self.message.setText(message)
            self.message.setVisible(True)
            self.shown.emit()

    def _fill_table(self, comparison: Comparison, metrics: list[str]) -> None:
        c = self.controller
        evaluations = comparison.evaluations
        self.table.setColumnCount(1 + len(evaluations))
        self.table.setHorizontalHeaderLabels(["Metric"] + [e.label.capitalize() if i == 0 else e.label
                                                            for i, e in enumerate(evaluations)])
        self.table.setRowCount(len(metrics))
        good, bad = (QColor(x) for x in good_bad_colours(is_dark(self.palette())))
        for row, metric_id in enumerate(metrics):
            metric = c.doc.metric(metric_id)  # type: ignore[union-attr]  # called only while a controller is bound
            self.table.setItem(row, 0, QTableWidgetItem(metric.name))
            for col, evaluation in enumerate(evaluations, start=1):
                v = evaluation.value(metric_id)
                text = format_value(v.value, v.unit)
                change = format_change(v.baseline, v.value, v.unit) if col > 1 else ""
                if change and not change.startswith("±0"):
                    text += f"  ({change})"
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                verdict = change_is_good(v.baseline, v.value, metric.direction is Direction.HIGHER) if col > 1 else None
                if verdict is not None:
                    item.setForeground(QBrush(good if verdict else bad))
                self.table.setItem(row, col, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, self.table.columnCount()):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)


def _compare(engine: Engine, chosen: list[str], metrics: list[str]) -> Comparison:
    """On the worker, for the metrics shown only: the engine's errors are reported through the
    runner's ``failed``."""
    try:
        return engine.compare(chosen, metrics)
    except ValueError as exc:  # an unknown scenario name: say it as the engine would
        raise SimulationError(str(exc)) from None
