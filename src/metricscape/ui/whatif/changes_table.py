"""The changes of one scenario as an editable table: metric, how it changes, by how much.

Every edit pushes one undoable ``update_scenario``; the table only redraws from the document.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from metricscape.model import Document
from metricscape.model.numbers import is_rate
from metricscape.model.scenario import Change, ChangeMode

MODE_WORDS = {ChangeMode.RELATIVE: "by %", ChangeMode.POINTS: "by points (pp)", ChangeMode.SET: "set to"}


class ChangesTable(QWidget):
    edited = Signal(tuple)  # the scenario's new changes

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Metric", "Change", "Value", ""])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.add_metric = QComboBox()
        self.add_metric.setToolTip("The metric the scenario changes")
        self.add_button = QPushButton("Add change")
        self.add_button.clicked.connect(self._add)
        adder = QHBoxLayout()
        adder.addWidget(self.add_metric, 1)
        adder.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(adder)
        self.doc: Document | None = None
        self.changes: tuple[Change, ...] = ()

    def show_changes(self, doc: Document | None, changes: tuple[Change, ...], inputs: list[tuple[str, str]]) -> None:
        """``inputs``: (metric id, name) of the metrics a change may target."""
        self.doc, self.changes = doc, tuple(changes)
        self.table.setRowCount(len(changes))
        for row, change in enumerate(changes):
            metric = doc.metric(change.metric) if doc is not None and doc.has_metric(change.metric) else None
            name = QTableWidgetItem(metric.name if metric else change.metric)
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 0, name)
            rate = metric is not None and is_rate(metric.unit)
            mode_box = QComboBox()
            for mode in (ChangeMode.RELATIVE, ChangeMode.POINTS, ChangeMode.SET):
                if mode is ChangeMode.POINTS and not rate:
                    continue
                mode_box.addItem(MODE_WORDS[mode], mode)
            mode_box.setCurrentIndex(max(0, mode_box.findData(change.mode)))
            mode_box.activated.connect(lambda _i, r=row, box=mode_box: self._mode_changed(r, box.currentData()))
            self.table.setCellWidget(row, 1, mode_box)
            spin = QDoubleSpinBox()
            spin.setKeyboardTracking(False)
            spin.setRange(-1e15, 1e15)
            spin.setDecimals(4 if change.mode is ChangeMode.SET and not rate else 2)
            shown_rate = rate and change.mode is ChangeMode.SET
            spin.setSuffix({ChangeMode.RELATIVE: " %", ChangeMode.POINTS: " pp"}.get(
                change.mode, " %" if shown_rate else (f" {metric.unit}" if metric and metric.unit else "")))
            spin.setValue(change.value * 100 if shown_rate else change.value)
            spin.valueChanged.connect(lambda v, r=row, pct=shown_rate: self._value_changed(r, v / 100 if pct else v))
            self.table.setCellWidget(row, 2, spin)
            remove = QToolButton()
            remove.setText("✕")
            remove.setToolTip("Remove this change")
            remove.clicked.connect(lambda _c=False, r=row: self._remove(r))
            self.table.setCellWidget(row, 3, remove)
        used = {c.metric for c in changes}
        self.add_metric.clear()
        for metric_id, input_name in inputs:
            if metric_id not in used:
                self.add_metric.addItem(input_name, metric_id)
        enabled = doc is not None
        self.add_metric.setEnabled(enabled and self.add_metric.count() > 0)
        self.add_button.setEnabled(enabled and self.add_metric.count() > 0)

    def _replace(self, row: int, change: Change | None) -> None:
        changes = list(self.changes)
        if change is None:
            del changes[row]
        else:
            changes[row] = change
        self.edited.emit(tuple(changes))

    def _mode_changed(self, row: int, mode: ChangeMode) -> None:
        old = self.changes[row]
        if mode is not old.mode:
            value = 0.0
            if mode is ChangeMode.SET and self.doc is not None:
                value = self.doc.metric(old.metric).baseline or 0.0
            self._replace(row, Change(metric=old.metric, mode=mode, value=value))

    def _value_changed(self, row: int, value: float) -> None:
        old = self.changes[row]
        if value != old.value:
            self._replace(row, Change(metric=old.metric, mode=old.mode, value=value))

    def _remove(self, row: int) -> None:
        self._replace(row, None)

    def _add(self) -> None:
        metric_id = self.add_metric.currentData()
        if metric_id is None or self.doc is None:
            return
        rate = is_rate(self.doc.metric(metric_id).unit)
        change = Change(metric=metric_id, mode=ChangeMode.POINTS if rate else ChangeMode.RELATIVE,
                        value=1.0 if rate else 5.0)
        self.edited.emit(self.changes + (change,))

