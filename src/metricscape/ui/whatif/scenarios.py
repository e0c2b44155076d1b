"""The scenario manager: create, rename, duplicate, delete scenarios, edit their changes, and choose
which one the canvas shows. Each action is one undo step pushed through the session."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from metricscape.model import Document
from metricscape.model.numbers import format_value
from metricscape.model.scenario import Change, ChangeMode

from . import prompts
from .changes_table import ChangesTable
from .controller import WhatIfController

ID_ROLE = Qt.ItemDataRole.UserRole


def describe_change(change: Change, doc: Document) -> str:
    metric = doc.metric(change.metric) if doc.has_metric(change.metric) else None
    name = metric.name if metric else change.metric
    if change.mode is ChangeMode.SET:
        return f"{name} = {format_value(change.value, metric.unit if metric else '')}"
    return f"{name} {change.mode.describe(round(change.value, 2))}"


def summary(changes: tuple[Change, ...], doc: Document) -> str:
    parts = [describe_change(c, doc) for c in changes[:3]]
    more = f" and {len(changes) - 3} more" if len(changes) > 3 else ""
    return ", ".join(parts) + more if parts else "no changes yet"


class ScenarioManager(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller: WhatIfController | None = None
        self.list = QListWidget()
        self.list.setAlternatingRowColors(True)
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentItemChanged.connect(lambda *_: self._show_current())
        self.list.itemDoubleClicked.connect(lambda _item: self.show_on_canvas())
        self.buttons = {}
        bar = QHBoxLayout()
        for key, text, tip, slot in (
                ("new", "New…", "A new, empty scenario", self.new),
                ("rename", "Rename…", "Rename the selected scenario", self.rename),
                ("duplicate", "Duplicate", "A copy of the selected scenario to vary", self.duplicate),
                ("delete", "Delete", "Delete the selected scenario (undo with Ctrl+Z)", self.delete),
                ("show", "Show on canvas", "Show this scenario's changes on the cards", self.show_on_canvas)):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            self.buttons[key] = button
            bar.addWidget(button)
        bar.addStretch(1)
        self.title = QLabel()
        self.changes = ChangesTable()
        self.changes.edited.connect(self._changes_edited)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.title)
        right_layout.addWidget(self.changes, 1)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        self.set_controller(None)

    def set_controller(self, controller: WhatIfController | None) -> None:
        if self.controller is not None:
            self.controller.model_changed.disconnect(self.refresh)
            self.controller.active_changed.disconnect(self._on_active)
        self.controller = controller
        if controller is not None:
            controller.model_changed.connect(self.refresh)
            controller.active_changed.connect(self._on_active)
        self.refresh()

    # --- showing -----------------------------------------------------------------------------

    def current_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(ID_ROLE) if item is not None else None

    def refresh(self) -> None:
        keep = self.current_id()
        c = self.controller
        self.list.blockSignals(True)
        try:
            self.list.clear()
            for scenario in c.doc.scenarios() if c is not None else []:
                assert c is not None
                shown = " (on the canvas)" if c.active == scenario.id else ""
                item = QListWidgetItem(f"{scenario.name}{shown}\n{summary(scenario.changes, c.doc)}")
                item.setData(ID_ROLE, scenario.id)
                item.setToolTip(scenario.description or scenario.name)
                self.list.addItem(item)
                if scenario.id == keep or (keep is None and c.active == scenario.id):
                    self.list.setCurrentItem(item)
            if self.list.currentItem() is None and self.list.count():
                self.list.setCurrentRow(0)
        finally:
            self.list.blockSignals(False)
        self._show_current()

    def _on_active(self, _scenario_id: object) -> None:
        self.refresh()

    def _show_current(self) -> None:
        c, scenario_id = self.controller, self.current_id()
        has = c is not None and scenario_id is not None and c.doc_has_scenario(scenario_id)
        self.buttons["new"].setEnabled(c is not None)
        for key in ("rename", "duplicate", "delete", "show"):
            self.buttons[key].setEnabled(has)
        if not has:
            self.title.setText("No scenario yet: press “New…”, or move sliders and “Keep as scenario”."
                               if c is not None else "")
            self.changes.show_changes(None, (), [])
            return
        scenario = c.doc.scenario(scenario_id)  # type: ignore[union-attr, arg-type]  # called only while a controller is bound
        self.title.setText(f"<b>Changes in ‘{scenario.name}’</b>")
        inputs = [(s.metric, s.name) for s in c.specs()]  # type: ignore[union-attr]  # called only while a controller is bound
        self.changes.show_changes(c.doc, scenario.changes, inputs)  # type: ignore[union-attr]  # called only while a controller is bound

    # --- actions (each one undo step) --------------------------------------------------------

    def _push(self, edit) -> bool:
        return bool(self.controller and self.controller.context.push(edit))

    def new(self) -> str | None:
        c = self.controller
        if c is None:
            return None
        name = prompts.ask_text(self, "New scenario", "Name the scenario:", f"Scenario {len(c.doc.scenarios()) + 1}")
        if name is None:
            return None
        scenario = c.doc.plan.new_scenario(name)
        if not self._push(c.doc.plan.add_scenario(scenario)):
            return None
        self._select(scenario.id)
        return scenario.id

    def rename(self) -> None:
        c, scenario_id = self.controller, self.current_id()
        if c is None or scenario_id is None:
            return
        old = c.doc.scenario(scenario_id).name
        name = prompts.ask_text(self, "Rename scenario", "New name:", old)
        if name and name != old:
            self._push(c.doc.plan.update_scenario(scenario_id, name=name))

    def duplicate(self) -> str | None:
        c, scenario_id = self.controller, self.current_id()
        if c is None or scenario_id is None:
            return None
        source = c.doc.scenario(scenario_id)
        copy = c.doc.plan.new_scenario(f"{source.name} (copy)", description=source.description,
                                       changes=source.changes)
        if not self._push(c.doc.plan.add_scenario(copy)):
            return None
        self._select(copy.id)
        return copy.id

    def delete(self) -> None:
        c, scenario_id = self.controller, self.current_id()
        if c is not None and scenario_id is not None:
            self._push(c.doc.plan.remove_scenario(scenario_id))

    def show_on_canvas(self) -> None:
        c, scenario_id = self.controller, self.current_id()
        if c is not None and scenario_id is not None:
            c.show_scenario(scenario_id)

    def _changes_edited(self, changes: tuple) -> None:
        c, scenario_id = self.controller, self.current_id()
        if c is not None and scenario_id is not None:
            self._push(c.doc.plan.update_scenario(scenario_id, changes=changes))

    def _select(self, scenario_id: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(ID_ROLE) == scenario_id:
                self.list.setCurrentRow(row)
                return
