"""The experiment ledger as a table: one row per experiment and metric measured, edited in place.

Every change (a cell, Add, Remove, an import) is one undoable edit built by ``model.ledger_plan``;
a refused change leaves the table as the model is and says why under it.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from metricscape.model import Document, MetricscapeError
from metricscape.model import ledger_plan as plan
from metricscape.model.edits import Edit
from metricscape.model.experiments import Experiment, Lift

from ..binding import DocumentContext
from ..widgets.field_box import HintLabel
from ..widgets.plain_errors import plain_error

COLUMNS = ("Experiment", "Metric", "Lift", "Std. error", "Start", "End", "Segment")
EMPTY = ("No past experiments yet. Import them from your experimentation platform (File ▸ Import "
         "experiments…, a CSV with the columns experiment, metric, lift, se) or add them here.")


def percent(value: float) -> str:
    return f"{value * 100:+.2f} %"


def parse_percent(text: str, column: str) -> float:
    """'2.5 %', '2.5%', '+2.5' -> 0.025 (the table shows lifts in %)."""
    cleaned = text.replace("%", "").replace(" ", "").replace("\u00a0", "")
    try:
        return float(cleaned) / 100
    except ValueError:
        raise MetricscapeError(f"{column}: ‘{text}’ is not a number; type a percentage such as 2.5") from None


class LedgerPanel(QWidget):
    """Contract: ``bind(context)``; pushes one edit per change through ``context.push``."""

    problem = Signal(str)  # "" when fine

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context: DocumentContext | None = None
        self.hint = HintLabel(EMPTY)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.add_button = QPushButton("Add experiment")
        self.add_button.setToolTip("A new experiment with one row on the north star; type its lift and error")
        self.add_row_button = QPushButton("Add a row for another metric")
        self.add_row_button.setToolTip("Another metric the selected experiment measured")
        self.remove_button = QPushButton("Remove rows")
        self.remove_button.setToolTip("Remove the selected rows (an experiment with no row left goes too)")
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c0392b;")
        self.error.hide()
        buttons = QHBoxLayout()
        for button in (self.add_button, self.add_row_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self._shown: list[tuple[str, ...]] | None = None  # the rows the table was last filled with
        self.table.itemChanged.connect(self._cell_edited)
        self.add_button.clicked.connect(self.add_experiment)
        self.add_row_button.clicked.connect(self.add_metric_row)
        self.remove_button.clicked.connect(self.remove_selected)
        self.table.itemSelectionChanged.connect(self._enable)
        self.refresh()

    # --- following the document --------------------------------------------------------------

    def bind(self, context: DocumentContext | None) -> None:
        if self.context is not None:
            self.context.doc.changed.disconnect(self.refresh)
        self.context = context
        if context is not None:
            context.doc.changed.connect(self.refresh)
        self.refresh()

    @property
    def doc(self) -> Document | None:
        return self.context.doc if self.context else None

    def rows(self) -> list[tuple[str, str]]:
        """(experiment, metric) per table row, in ledger order."""
        doc = self.doc
        return [(e.name, lift.metric) for e in (doc.experiments if doc else ()) for lift in e.lifts]

    def refresh(self) -> None:
        """Show the ledger as the model has it. Most edits leave the ledger alone: then nothing is refilled
        (filling 200 rows costs tens of milliseconds, and every edit of the model calls this)."""
        doc = self.doc
        rows = [self._cells(experiment, lift, doc) for experiment in (doc.experiments if doc else ())
                for lift in experiment.lifts]
        if rows != self._shown:
            self._fill(rows)
        self.hint.setVisible(not self.table.rowCount())
        self._enable()

    @staticmethod
    def _cells(experiment: Experiment, lift: Lift, doc: Document | None) -> tuple[str, ...]:
        name = doc.metric(lift.metric).name if doc and doc.has_metric(lift.metric) else lift.metric
        return (experiment.name, name, percent(lift.lift), f"{lift.se * 100:.2f} %", _date(experiment.start),
                _date(experiment.end), experiment.segment or "All", lift.metric)

    def _fill(self, rows: list[tuple[str, ...]]) -> None:
        header = self.table.horizontalHeader()
        # Columns sized to their contents would be measured again after every cell set (quadratic in
        # the rows): fix them while filling, measure once at the end.
        modes = [header.sectionResizeMode(col) for col in range(len(COLUMNS))]
        for col in range(len(COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
        blocker = QSignalBlocker(self.table)  # no itemChanged per cell set: those are not the user's edits
        try:
            self.table.setRowCount(len(rows))
            for row, cells in enumerate(rows):
                for col, text in enumerate(cells[:len(COLUMNS)]):
                    item = QTableWidgetItem(text)
                    if col in (2, 3):
                        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    if col == 1:
                        item.setToolTip(f"Metric id: {cells[-1]}; type another metric's name or id to move this row")
                    self.table.setItem(row, col, item)
        finally:
            blocker.unblock()
            for col, mode in enumerate(modes):
                header.setSectionResizeMode(col, mode)
        self._shown = rows

    def _enable(self) -> None:
        has_doc = self.doc is not None
        self.add_button.setEnabled(has_doc and bool(self.doc and self.doc.metrics()))
        selected = bool(self.table.selectionModel().selectedRows())
        self.add_row_button.setEnabled(has_doc and selected)
        self.remove_button.setEnabled(has_doc and selected)

    # --- user edits --------------------------------------------------------------------------

    def _push(self, build: object) -> bool:
        """Build the edit (a callable) and push it; a refusal is shown under the table."""
        if self.context is None:
            return False
        try:
            edit: Edit = build()  # type: ignore[operator]  # a zero-argument callable returning an Edit
        except (MetricscapeError, ValueError) as exc:
            self._show_problem(plain_error(exc))
            self.refresh()  # put the cell back as the model is
            return False
        self._show_problem("")
        return self.context.push(edit) is not False

    def _show_problem(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
        self.problem.emit(text)

    def _cell_edited(self, item: QTableWidgetItem) -> None:
        doc = self.doc
        if doc is None:
            return
        self._shown = None  # the table now shows what was typed: the next refresh puts the model back
        rows = self.rows()
        if item.row() >= len(rows):
            return
        experiment, metric = rows[item.row()]
        text = item.text().strip()
        col = item.column()
        if col == 0:
            self._push(lambda: plan.update_experiment(doc, experiment, name=text))
        elif col == 1:
            self._push(lambda: plan.update_row(doc, experiment, metric, metric=_metric_id(doc, text)))
        elif col == 2:
            self._push(lambda: plan.update_row(doc, experiment, metric, lift=parse_percent(text, "Lift")))
        elif col == 3:
            self._push(lambda: plan.update_row(doc, experiment, metric, se=parse_percent(text, "Std. error")))
        elif col in (4, 5):
            field = "start" if col == 4 else "end"
            self._push(lambda: plan.update_experiment(doc, experiment, **{field: _parse_date(text, field)}))
        else:
            segment = "" if text.lower() in ("", "all") else text
            self._push(lambda: plan.update_experiment(doc, experiment, segment=segment))

    def add_experiment(self) -> str | None:
        doc = self.doc
        if doc is None:
            return None
        made: list[str] = []

        def build() -> Edit:
            edit, name = plan.add_experiment(doc)
            made.append(name)
            return edit
        if not self._push(build):
            return None
        self.table.selectRow(self.table.rowCount() - 1)
        return made[0]

    def add_metric_row(self) -> None:
        doc, selected = self.doc, self._selected()
        if doc is not None and selected:
            self._push(lambda: plan.add_row(doc, selected[0][0]))

    def remove_selected(self) -> None:
        doc, selected = self.doc, self._selected()
        if doc is not None:
            self._push(lambda: plan.remove_rows(doc, selected))

    def _selected(self) -> list[tuple[str, str]]:
        rows = self.rows()
        return [rows[index.row()] for index in self.table.selectionModel().selectedRows() if index.row() < len(rows)]


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _parse_date(text: str, column: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise MetricscapeError(f"{column}: ‘{text}’ is not a date; write it as YYYY-MM-DD (2026-03-05)") from None


def _metric_id(doc: Document, text: str) -> str:
    """A metric typed by its name or its id."""
    for metric in doc.metrics():
        if text in (metric.id, metric.name) or text.lower() == metric.name.lower():
            return metric.id
    return text
