"""A dialog listing what changed between another version of a model and the open one.

Left: every change, grouped (metrics, links, scenarios, model, simulation). Right: for the
selected metric, link or scenario, its changed fields side by side (other version | this one).
"Highlight on canvas" emits the changed metric ids; double-clicking a metric asks to select it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from metricscape import io
from metricscape.model import Metric, MetricTree
from metricscape.model.diff import FieldChange, ItemChange, ModelDiff, diff, show, summarize

KEY_ROLE = Qt.ItemDataRole.UserRole  # ("metric" | "link" | "scenario" | "model", key)
_ADDED, _REMOVED = QColor(30, 130, 60), QColor(190, 50, 40)


class CompareDialog(QDialog):
    highlight_requested = Signal(list)  # ids of the metrics added or changed, for the canvas
    metric_activated = Signal(str)  # double-click on a metric: select it

    def __init__(self, other: MetricTree, current: MetricTree, other_label: str = "Other version",
                 current_label: str = "This version", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Compare with {other_label}")
        self.other_label, self.current_label = other_label, current_label
        self.diff: ModelDiff = diff(other, current)
        self._fields: dict[tuple[str, str], tuple[FieldChange, ...]] = {}

        summary = summarize(self.diff) or ["No changes."]
        self.summary_label = QLabel("\n".join(summary))
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.changes = QTreeWidget()
        self.changes.setHeaderHidden(True)
        self.changes.setWordWrap(True)
        self.changes.currentItemChanged.connect(lambda item, _previous: self._show_fields(item))
        self.changes.itemDoubleClicked.connect(self._activated)
        self.fields = QTableWidget(0, 3)
        self.fields.setHorizontalHeaderLabels(["Field", other_label, current_label])
        self.fields.verticalHeader().hide()
        self.fields.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.fields.setWordWrap(True)
        header = self.fields.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

        splitter = QSplitter()
        splitter.addWidget(self.changes)
        splitter.addWidget(self.fields)
        splitter.setSizes([320, 480])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.highlight_button = buttons.addButton("Highlight on canvas", QDialogButtonBox.ButtonRole.ActionRole)
        self.highlight_button.setEnabled(bool(self.diff.changed_metric_ids))
        self.highlight_button.clicked.connect(lambda: self.highlight_requested.emit(self.diff.changed_metric_ids))
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self._fill()
        self.resize(860, 520)

    # --- opening it --------------------------------------------------------------------------

    @classmethod
    def with_file(cls, current: MetricTree, path: str | Path, parent: QWidget | None = None,
                  other_label: str | None = None) -> CompareDialog:
        """Compare with a model file; raises io.LoadError (with a plain message) if it cannot be read."""
        other = io.load(path).tree
        return cls(other, current, other_label or Path(path).name, "Now", parent)

    @classmethod
    def with_disk(cls, current: MetricTree, path: str | Path, parent: QWidget | None = None) -> CompareDialog:
        """What changed since the last save: the file on disk against the open model."""
        return cls.with_file(current, path, parent, other_label="Saved version")

    # --- filling -----------------------------------------------------------------------------

    def _fill(self) -> None:
        d = self.diff
        metrics = self._group("Metrics")
        for metric in d.metrics_added:
            self._leaf(metrics, f"+ {metric.name} (added)", ("metric", metric.id), _ADDED)
            self._fields[("metric", metric.id)] = _whole(metric, added=True)
        for metric in d.metrics_removed:
            self._leaf(metrics, f"− {metric.name} (removed)", ("metric", metric.id), _REMOVED)
            self._fields[("metric", metric.id)] = _whole(metric, added=False)
        for change in d.metrics_changed:
            self._changed(metrics, "metric", change)
        links = self._group("Links")
        for link in d.links_added:
            self._leaf(links, f"+ {d.link_name(link)}", ("link", f"{link.source}->{link.target}"), _ADDED)
        for link in d.links_removed:
            self._leaf(links, f"− {d.link_name(link)}", ("link", f"{link.source}->{link.target}"), _REMOVED)
        for change in d.links_changed:
            self._changed(links, "link", change)
        scenarios = self._group("Scenarios")
        for scenario in d.scenarios_added:
            self._leaf(scenarios, f"+ {scenario.name} (added)", ("scenario", scenario.id), _ADDED)
        for scenario in d.scenarios_removed:
            self._leaf(scenarios, f"− {scenario.name} (removed)", ("scenario", scenario.id), _REMOVED)
        for change in d.scenarios_changed:
            self._changed(scenarios, "scenario", change)
        if d.info:
            self._changed(self._group("Model"), "model", ItemChange("info", "Model details", tuple(d.info)))
        if d.simulation:
            self._changed(self._group("Simulation"), "model",
                          ItemChange("simulation", "Simulation settings", tuple(d.simulation)))
        for row in reversed(range(self.changes.topLevelItemCount())):
            group = self.changes.topLevelItem(row)
            if group is not None and group.childCount() == 0:
                self.changes.takeTopLevelItem(row)
        self.changes.expandAll()
        first = self._first_leaf()
        if first is not None:
            self.changes.setCurrentItem(first)

    def _group(self, title: str) -> QTreeWidgetItem:
        group = QTreeWidgetItem(self.changes, [title])
        font = group.font(0)
        font.setBold(True)
        group.setFont(0, font)
        group.setFlags(Qt.ItemFlag.ItemIsEnabled)
        return group

    def _leaf(self, group: QTreeWidgetItem, text: str, key: tuple[str, str], color: QColor | None = None
              ) -> QTreeWidgetItem:
        item = QTreeWidgetItem(group, [text])
        item.setData(0, KEY_ROLE, key)
        if color is not None:
            item.setForeground(0, color)
        return item

    def _changed(self, group: QTreeWidgetItem, kind: str, change: ItemChange) -> None:
        labels = ", ".join(f.label for f in change.fields)
        self._leaf(group, f"~ {change.name}: {labels}", (kind, change.key))
        self._fields[(kind, change.key)] = change.fields

    def _first_leaf(self) -> QTreeWidgetItem | None:
        for row in range(self.changes.topLevelItemCount()):
            group = self.changes.topLevelItem(row)
            if group is not None and group.childCount():
                return group.child(0)
        return None

    # --- reacting ----------------------------------------------------------------------------

    def _show_fields(self, item: QTreeWidgetItem | None) -> None:
        key = item.data(0, KEY_ROLE) if item is not None else None
        changes = self._fields.get(tuple(key), ()) if key else ()
        self.fields.setRowCount(len(changes))
        for row, change in enumerate(changes):
            cells = (change.label, show(change.old, change.field, change.unit, full=True),
                     show(change.new, change.field, change.unit, full=True))
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.fields.setItem(row, column, cell)
        self.fields.resizeRowsToContents()

    def _activated(self, item: QTreeWidgetItem) -> None:
        key = item.data(0, KEY_ROLE)
        if key and key[0] == "metric" and key[1] not in {m.id for m in self.diff.metrics_removed}:
            self.metric_activated.emit(key[1])

    def selected_fields(self) -> list[tuple[str, str, str]]:
        """The side-by-side table as text rows (field, other, this): what the user reads."""
        def text(row: int, column: int) -> str:
            item = self.fields.item(row, column)
            return item.text() if item is not None else ""
        return [(text(r, 0), text(r, 1), text(r, 2)) for r in range(self.fields.rowCount())]


_SHOWN_WHOLE = ("name", "kind", "unit", "owner", "baseline", "target", "formula", "definition", "rationale",
                "gaming_risks")


def _whole(metric: Metric, added: bool) -> tuple[FieldChange, ...]:
    """An added or removed metric's main fields, on its side of the table only."""
    shown = [(name, getattr(metric, name)) for name in _SHOWN_WHOLE if getattr(metric, name) not in (None, "", ())]
    return tuple(FieldChange(name, None if added else value, value if added else None, metric.unit)
                 for name, value in shown)
