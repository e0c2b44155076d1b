"""Experiment sizing for a scenario: how much each metric moves, how many users per arm an A/B
test needs to see it, and — prominently — whether the north star is a practical experiment metric
and which validated proxy is."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from metricscape.sim import ExperimentResult
from metricscape.sim.evidence.sizing import SizingAdvice

from ..widgets.colors import is_dark
from .controller import WhatIfController
from .lazy_tab import RefreshWhenShown
from .sizing_model import BATCH, SizingModel
from .sizing_table import Sizing, size

EXPERIMENT = "experiment"


class ExperimentView(RefreshWhenShown, QWidget):
    shown = Signal()  # a sizing (or why there is none) is on screen

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller: WhatIfController | None = None
        self.result: ExperimentResult | None = None
        self.advice: SizingAdvice | None = None
        self.scenario_box = QComboBox()
        self.scenario_box.activated.connect(lambda _i: self.refresh_results())
        self.settings_label = QLabel()
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner.setMargin(8)
        self.model = SizingModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.model.rowsInserted.connect(self._fit_rows)  # a batch fetched as the PM scrolls
        self.model.modelReset.connect(lambda: self._fit_rows(QModelIndex(), 0, self.model.rowCount() - 1))
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(BATCH)  # the columns fit the rows shown, not every row of a long table
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        top = QHBoxLayout()
        top.addWidget(QLabel("Scenario to test"))
        top.addWidget(self.scenario_box, 1)
        top.addWidget(self.settings_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        self.set_controller(None)

    def set_controller(self, controller: WhatIfController | None) -> None:
        if self.controller is not None:
            for signal, slot in self._links(self.controller):
                signal.disconnect(slot)
        self.controller = controller
        if controller is not None:
            for signal, slot in self._links(controller):
                signal.connect(slot)
        self.refresh()

    def _links(self, c: WhatIfController):
        return [(c.model_changed, self.refresh), (c.active_changed, self._on_active),
                (c.quick.finished, self._on_finished), (c.quick.failed, self._on_failed)]

    def _on_active(self, scenario_id: object) -> None:
        if scenario_id is not None:
            index = self.scenario_box.findData(scenario_id)
            if index >= 0:
                self.scenario_box.setCurrentIndex(index)
                self.refresh_results()

    def refresh(self) -> None:
        c = self.controller
        keep = self.scenario_box.currentData() or (c.active if c else None)
        self.scenario_box.clear()
        for scenario in c.doc.scenarios() if c else []:
            self.scenario_box.addItem(scenario.name, scenario.id)
        index = self.scenario_box.findData(keep)
        self.scenario_box.setCurrentIndex(max(index, 0) if self.scenario_box.count() else -1)
        if c is not None:
            s = c.tree.simulation
            self.settings_label.setText(f"significance {s.alpha:g} · power {s.power:.0%}")
        self.refresh_results()

    def refresh_results(self) -> None:
        if self.defer_while_hidden():
            return
        c = self.controller
        scenario_id = self.scenario_box.currentData()
        self.result, self.advice = None, None
        self._clear()
        if c is None:
            self.banner.setText("")
            self.shown.emit()
            return
        if scenario_id is None:
            self._banner("Create a scenario first: the sizing tells how many users a test of it needs.", "warn")
            self.shown.emit()
            return
        if c.live is None:
            self._banner("The sizing waits until the model can be computed.", "warn")
            self.shown.emit()
            return
        live, tree = c.live, c.tree
        c.quick.submit(EXPERIMENT, lambda _progress: size(live.engine_for(tree), scenario_id, tree))

    def _on_failed(self, kind: str, message: str) -> None:
        if kind == EXPERIMENT:
            self.result = None
            self._clear()
            self._banner(message, "bad")
            self.shown.emit()

    def _on_finished(self, kind: str, result: object) -> None:
        if kind != EXPERIMENT or self.controller is None or not isinstance(result, Sizing):
            return
        self.result, self.advice = result.result, result.advice
        self._banner(result.headline, result.tone)
        dark = is_dark(self.palette())
        self.model.set_rows(result.rows, highlight=QColor("#1f3a2a") if dark else QColor("#e6f4ea"),
                            warn=QColor("#4a3b12") if dark else QColor("#fff3d1"))
        self.shown.emit()

    def _clear(self) -> None:
        self.model.set_rows((), QColor(), QColor())

    def _fit_rows(self, _parent: QModelIndex, first: int, last: int) -> None:
        """Wrapped notes make a row taller: fit the rows just shown (a batch at most)."""
        for row in range(first, last + 1):
            self.table.resizeRowToContents(row)

    def _banner(self, text: str, tone: str) -> None:
        dark = is_dark(self.palette())
        colours = {"good": ("#1f3a2a", "#e6f4ea"), "warn": ("#4a3b12", "#fff3d1"), "bad": ("#4d2323", "#fdecec")}
        background = colours[tone][0 if dark else 1]
        sheet = f"background: {background}; border-radius: 4px;"
        if self.banner.styleSheet() != sheet:  # a new style sheet re-polishes the banner: only when it changes
            self.banner.setStyleSheet(sheet)
        self.banner.setText(text)

