"""File ▸ Import actuals…: pick a file, see its first rows and which names matched which metrics,
pick the metric for the names that matched none, choose the grain and how daily rows roll up,
confirm. Reading the file runs off the GUI thread; the wizard's result is the new ``Actuals``
(the caller pushes it as one undoable edit) or nothing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from metricscape.model import MetricTree
from metricscape.model.actuals import Actuals, MetricSource
from metricscape.model.periods import Grain, PeriodError, grain_of
from metricscape.model.sources import Aggregation
from metricscape.sim.data import DataError, ImportResult, import_actuals
from metricscape.sim.data.files import first_row_number, format_of
from metricscape.sim.data.importer import describe_source
from metricscape.sim.data.survey import Survey, preview_rows, survey

from ..whatif.worker import SimulationRunner

FILE_FILTER = ("Data files (*.csv *.tsv *.tab *.parquet *.pq *.json *.ndjson *.jsonl *.xlsx);;"
               "CSV (*.csv);;Excel (*.xlsx);;All files (*)")
Preview = tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]  # column names, the first rows
SKIP = ""  # the picker's "leave out" choice
KINDS = ("survey", "import")  # the wizard's runs on the shared worker
_DATA_SUFFIXES = (".csv", ".tsv", ".tab", ".parquet", ".pq", ".json", ".ndjson", ".jsonl", ".xlsx")
AGGREGATION_WORDS = {Aggregation.SUM: "Sum (counts, amounts)", Aggregation.MEAN: "Average (rates)",
                     Aggregation.LAST: "Last value (stocks)"}


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setStyleSheet("color: #c0392b;")
    return label


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportActualsWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle("Pick the data file")
        self.setSubTitle("CSV, TSV, Parquet, JSON or Excel. Either one row per period and metric (columns "
                         "period or date, metric, optional segment, value) or one column per metric.")
        self.path = QLineEdit()
        self.path.setPlaceholderText("The file with your measured values")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.error = _error_label()
        self.preview = QTableWidget()
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.preview.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addWidget(QLabel("First rows:"))
        layout.addWidget(self.preview, 1)
        self.path.editingFinished.connect(self._path_entered)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import actuals", str(self.owner.folder), FILE_FILTER)
        if path:
            self.path.setText(path)
            self._path_entered()

    def _path_entered(self) -> None:
        text = self.path.text().strip()
        if text and text != self.owner.surveyed_path:
            self.owner.read_file(Path(text))

    def isComplete(self) -> bool:
        return self.owner.survey is not None and self.owner.surveyed_path == self.path.text().strip()

    def show_preview(self) -> None:
        """The file's first rows (also when the file has a problem further down: it helps to fix it)."""
        self.preview.clear()
        columns, rows = self.owner.preview or ((), ())
        self.preview.setColumnCount(len(columns))
        self.preview.setHorizontalHeaderLabels(list(columns))
        self.preview.setRowCount(len(rows))
        # Numbered as the error messages count rows: a CSV or Excel header is row 1.
        first = first_row_number(format_of(Path(self.path.text().strip()))) if rows else 1
        self.preview.setVerticalHeaderLabels([str(first + r) for r in range(len(rows))])
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                self.preview.setItem(r, c, QTableWidgetItem(value))


class MatchPage(QWizardPage):
    """Each name in the file and the metric it feeds; unmatched names get a picker, suggestions first."""

    def __init__(self, wizard: ImportActualsWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle("Match the names to your metrics")
        self.setSubTitle("Names that matched a metric's id or name are ticked. For the others, pick the metric "
                         "they measure, or leave them out.")
        self.grain = QComboBox()
        for grain in Grain:
            self.grain.addItem({"day": "Day", "week": "Week (ISO)", "month": "Month", "quarter": "Quarter"}[grain.value],
                               grain.value)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["In the file", "Metric", "Daily rows roll up by"])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Periods", self.grain)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.pickers: dict[str, QComboBox] = {}
        self.rollups: dict[str, QComboBox] = {}
        self.file_grain: Grain | None = None
        self.grain.currentIndexChanged.connect(lambda _i: self._grain_changed())

    def initializePage(self) -> None:
        survey = self.owner.survey
        tree = self.owner.tree
        assert survey is not None  # the file page completes only with one
        fixed = bool(tree.actuals.series)
        self.grain.setCurrentIndex(self.grain.findData(survey.grain.value))
        self.grain.setEnabled(not fixed)
        self.grain.setToolTip(f"The model's actuals are by {tree.actuals.grain.value}: new ones must be too"
                              if fixed else "Dates in the file are rolled up to this period")
        self.file_grain = _file_grain(survey)
        names = sorted(survey.matched) + sorted(survey.unmatched)
        self.table.setRowCount(len(names))
        self.pickers.clear()
        self.rollups.clear()
        metrics = tree.metrics_by_id()
        for row, name in enumerate(names):
            item = QTableWidgetItem(("✓ " if name in survey.matched else "✗ ") + name)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row, 0, item)
            picker = QComboBox()
            if name in survey.matched:
                picker.addItem(metrics[survey.matched[name]].name, survey.matched[name])
            else:
                suggestions = survey.unmatched[name]
                picker.addItem("— leave out —", SKIP)
                for metric_id in suggestions:
                    picker.addItem(f"{metrics[metric_id].name} (suggested)", metric_id)
                if suggestions:
                    picker.insertSeparator(picker.count())
                for metric in sorted(tree.metrics, key=lambda m: m.name.lower()):
                    if metric.id not in suggestions:
                        picker.addItem(metric.name, metric.id)
                picker.setToolTip(f"‘{name}’ matched no metric: pick the one it measures")
            picker.currentIndexChanged.connect(lambda _i, n=name: self._picked(n))
            self.table.setCellWidget(row, 1, picker)
            self.pickers[name] = picker
            rollup = QComboBox()
            for aggregation, words in AGGREGATION_WORDS.items():
                rollup.addItem(words, aggregation.value)
            rollup.setToolTip("How rows of several days add up to one period (greyed out when the file "
                              "already has one row per period)")
            self.table.setCellWidget(row, 2, rollup)
            self.rollups[name] = rollup
            self._picked(name)
        self._say()

    def rollup_matters(self) -> bool:
        """Whether rows add up: the file's periods are finer than the chosen ones (dates to weeks)."""
        return self.file_grain is None or self.file_grain.value != self.grain.currentData()

    def _grain_changed(self) -> None:
        for name in self.pickers:
            self._picked(name)

    def _picked(self, name: str) -> None:
        metric_id = self.pickers[name].currentData()
        rollup = self.rollups[name]
        rollup.setEnabled(bool(metric_id) and self.rollup_matters())
        if metric_id:
            metric = self.owner.tree.metric(metric_id)
            rollup.setCurrentIndex(rollup.findData(self.owner.tree.actuals.aggregation(metric).value))
        self._say()

    def _say(self) -> None:
        picked = sum(1 for p in self.pickers.values() if p.currentData())
        left = len(self.pickers) - picked
        text = f"{picked} of {len(self.pickers)} names feed a metric."
        if left:
            text += f" {left} will be left out."
        self.summary.setText(text)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return any(p.currentData() for p in self.pickers.values())

    def picks(self) -> dict[str, str]:
        """Names matched by hand (the source records them so a refresh matches them again)."""
        survey = self.owner.survey
        assert survey is not None
        return {name: p.currentData() for name, p in self.pickers.items()
                if p.currentData() and name in survey.unmatched}

    def aggregations(self) -> dict[str, Aggregation]:
        return {p.currentData(): Aggregation(self.rollups[name].currentData())
                for name, p in self.pickers.items() if p.currentData()}


class ConfirmPage(QWizardPage):
    def __init__(self, wizard: ImportActualsWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle("Confirm")
        self.setSubTitle("Nothing changes in the model until you press Finish; one Undo takes it back.")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.error = _error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def initializePage(self) -> None:
        self.owner.build()

    def isComplete(self) -> bool:
        return self.owner.actuals is not None


class ImportActualsWizard(QWizard):
    """``tree``: the model now; ``model_path``: where it is saved (source paths are relative to it;
    an unsaved model records the data file by name, next to where it will be saved)."""

    surveyed = Signal()  # the file was read (or found unreadable: see ``error``)
    built = Signal()     # the import was computed (or refused: see ``error``)

    def __init__(self, tree: MetricTree, model_path: Path | None, runner: SimulationRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import actuals")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.resize(760, 560)
        self.tree = tree
        self.model_path = model_path
        self.folder = model_path.parent if model_path is not None else Path.home()
        self.survey: Survey | None = None
        self.preview: Preview | None = None  # the first rows: columns, rows
        self.surveyed_path = ""
        self.actuals: Actuals | None = None
        self.summary = ""  # the words of the undo step
        self.error = ""
        self.runner = runner  # the window's actuals worker: one thread pool for every wizard
        runner.finished.connect(self._finished)
        runner.failed.connect(self._failed)
        self.file_page = FilePage(self)
        self.match_page = MatchPage(self)
        self.confirm_page = ConfirmPage(self)
        for page in (self.file_page, self.match_page, self.confirm_page):
            self.addPage(page)
        self.finished.connect(self._closed)

    def _closed(self, _result: int) -> None:
        for kind in KINDS:
            self.runner.cancel(kind, quiet=True)
        self.runner.finished.disconnect(self._finished)
        self.runner.failed.disconnect(self._failed)

    # --- the work, off the GUI thread ------------------------------------------------------------

    def _model_path_for(self, data: Path) -> Path:
        return self.model_path if self.model_path is not None else data.resolve().parent / "model.json"

    def read_file(self, data: Path) -> None:
        """Read ``data``'s first rows and its names (off the GUI thread); ``surveyed`` says when."""
        self.survey, self.preview, self.surveyed_path, self.error = None, None, "", ""
        self.file_page.status.setText(f"Reading {data.name}…")
        self.file_page.error.clear()
        self.file_page.show_preview()
        self.file_page.completeChanged.emit()
        tree, model_path, text = self.tree, self._model_path_for(data), str(data)

        def task(_progress: object) -> object:
            first: Preview | None = None
            try:  # the first rows on their own: shown even when the whole file has a problem
                first = preview_rows(data, describe_source(data, model_path.parent, tree, {}, ""))
                return text, first, survey(tree, data, model_path)
            except DataError as exc:
                return text, first, exc

        self.runner.submit("survey", task)

    def build(self) -> None:
        """Compute the import with the picks (off the GUI thread); ``built`` says when."""
        self.actuals, self.error = None, ""
        self.confirm_page.status.setText("Reading the whole file…")
        self.confirm_page.error.clear()
        data = Path(self.surveyed_path)
        names, aggregations = self.match_page.picks(), self.match_page.aggregations()
        grain = Grain(self.match_page.grain.currentData())
        tree = _with_aggregations(self.tree, aggregations)
        model_path = self._model_path_for(data)

        def task(_progress: object) -> object:
            try:
                return import_actuals(tree, data, model_path, grain=grain, names=names)
            except DataError as exc:
                return exc

        self.runner.submit("import", task)

    def _finished(self, kind: str, result: object) -> None:
        if kind not in KINDS:
            return
        if kind == "survey":
            text, self.preview, found = cast("tuple[str, Preview | None, Survey | DataError]", result)
            if text != self.file_page.path.text().strip():
                return  # the user typed another path meanwhile
            if isinstance(found, DataError):
                self._show_error(self.file_page, plain_data_error(found))
            else:
                self.survey, self.surveyed_path = found, text
                self.file_page.status.setText(_survey_words(found))
            self.file_page.show_preview()
            self.file_page.completeChanged.emit()
            self.surveyed.emit()
        elif kind == "import":
            if isinstance(result, DataError):
                self._show_error(self.confirm_page, plain_data_error(result))
            elif isinstance(result, ImportResult):
                self.actuals = result.tree.actuals
                self.summary = _import_words(result)
                self.confirm_page.status.setText(_confirm_words(result, self.tree.actuals))
            self.confirm_page.completeChanged.emit()
            self.built.emit()

    def _failed(self, kind: str, message: str) -> None:
        if kind not in KINDS:
            return
        self._show_error(self.file_page if kind == "survey" else self.confirm_page, message)
        (self.surveyed if kind == "survey" else self.built).emit()

    def _show_error(self, page: FilePage | ConfirmPage, message: str) -> None:
        self.error = message
        page.status.clear()
        page.error.setText(message)
        page.error.setToolTip(self.surveyed_path or self.file_page.path.text())


def plain_data_error(error: DataError) -> str:
    """'In weekly.csv, row 3, column 'value': '1.2k' is not a number: …' — the file by its name
    (the data layer names it by its path from the model's folder, '../..' and all)."""
    where = f", {error.where}" if error.where else ""
    name = Path(os.path.normpath(error.file)).name if error.file.lower().endswith(_DATA_SUFFIXES) else error.file
    return f"In {name}{where}: {error.message}"


def _file_grain(survey: Survey) -> Grain | None:
    """The grain of the file's first period (a date is a day); None when it is not a label we know
    (a timestamp, say): then its rows are rolled up."""
    column = survey.columns.index(survey.source.period_column)
    first = next((row[column] for row in survey.preview if row[column].strip()), "")
    try:
        return grain_of(first.strip())
    except PeriodError:
        return None


def _with_aggregations(tree: MetricTree, chosen: dict[str, Aggregation]) -> MetricTree:
    """The tree with the rollup chosen per metric recorded (only where it differs from the default,
    so the file stays small and the default keeps following the metric's unit)."""
    settings = {m.metric: m for m in tree.actuals.metric_sources}
    for metric_id, aggregation in chosen.items():
        current = settings.get(metric_id)
        if tree.actuals.aggregation(tree.metric(metric_id)) is aggregation:
            continue
        settings[metric_id] = (current.model_copy(update={"aggregation": aggregation}) if current
                               else MetricSource(metric=metric_id, aggregation=aggregation))
    actuals = tree.actuals.model_copy(update={"metric_sources": tuple(settings[k] for k in sorted(settings))})
    return tree.model_copy(update={"actuals": actuals})


def _survey_words(survey: object) -> str:
    assert isinstance(survey, Survey)
    shape = ("one row per period and metric" if survey.source.shape.value == "long"
             else "one column per metric")
    matched, unmatched = len(survey.matched), len(survey.unmatched)
    text = f"{survey.rows:,} rows, {shape}. {matched} name{'s' if matched != 1 else ''} matched a metric"
    return text + (f"; {unmatched} did not (pick them on the next page)." if unmatched else ".")


def _import_words(result: object) -> str:
    assert isinstance(result, ImportResult)
    metrics = len({s.metric for s in result.series})
    return f"Import actuals of {metrics} metric{'s' if metrics != 1 else ''} from {Path(result.source.path).name}"


def _confirm_words(result: object, before: Actuals) -> str:
    assert isinstance(result, ImportResult)
    series = result.series
    metrics = sorted({s.metric for s in series})
    segments = sorted({s.segment for s in series if s.segment})
    first = min(s.start for s in series)
    last = max(s.periods()[-1] for s in series)
    names = result.tree.metrics_by_id()
    listed = ", ".join(names[m].name for m in metrics[:8]) + (f" and {len(metrics) - 8} more" if len(metrics) > 8 else "")
    text = (f"Ready to import {len(series)} series from {result.rows:,} rows: {listed}; "
            f"{first} to {last}, by {result.tree.actuals.grain.value}.")
    if segments:
        text += f" Segments: {', '.join(segments)}."
    replaced = sum(1 for s in series if before.find(s.metric, s.segment) is not None)
    if replaced:
        text += f" {replaced} of them replace series the model already has."
    if result.unmatched:
        text += f" Left out: {', '.join(u.name for u in result.unmatched)}."
    return text + f"\n\nThe model will remember the file as {result.source.path} so that Refresh actuals can re-read it."
