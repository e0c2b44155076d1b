"""A side panel listing what the health check found, worst first, with the model's score.

Clicking a finding selects its metric (``metric_activated``); "Silence…" asks for a reason and
pushes one undoable edit that records it on the metric; silenced findings stay listed, greyed,
and can be brought back. The report comes from the document's derived state (which also badges
the cards); the panel only lists it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from metricscape.derived import DerivedState
from metricscape.model import Document, Silence
from metricscape.model.edits import Edit
from metricscape.model.rules import Finding, HealthReport, Level

from ..binding import DocumentContext

FINDING_ROLE = Qt.ItemDataRole.UserRole
_ICONS = {Level.ERROR: QStyle.StandardPixmap.SP_MessageBoxCritical,
          Level.WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
          Level.INFO: QStyle.StandardPixmap.SP_MessageBoxQuestion}


class HealthPanel(QWidget):
    metric_activated = Signal(str)  # a finding was clicked: select this metric
    report_changed = Signal(object)  # the HealthReport now listed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc: Document | None = None
        self.state: DerivedState | None = None
        self.push: Callable[[Edit], object] | None = None
        self.report = HealthReport()
        self._icons: dict[Level, QIcon] = {}

        self.score_label = QLabel()
        self.score_label.setObjectName("healthScore")
        font = self.score_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.score_label.setFont(font)
        self.counts_label = QLabel()
        self.counts_label.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(2)
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.list.itemClicked.connect(self._clicked)
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.silence_button = QPushButton("Silence…")
        self.silence_button.setToolTip("Stop showing this finding for this metric, and note why")
        self.silence_button.clicked.connect(self.silence_current)
        self.restore_button = QPushButton("Show again")
        self.restore_button.setToolTip("Remove the silence: the finding is reported again")
        self.restore_button.clicked.connect(self.restore_current)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.silence_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.score_label)
        layout.addWidget(self.counts_label)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self._update_buttons()
        self._show_report(self.report)

    # --- wiring ------------------------------------------------------------------------------

    def bind(self, context: DocumentContext | None) -> None:
        """The ``DocumentPanel`` protocol: list the findings of this document (None: no model)."""
        if self.state is not None:
            self.state.health_changed.disconnect(self._show_report)
        self.doc = context.doc if context else None
        self.state = context.state if context else None
        self.push = context.push if context else None
        if self.state is not None:
            self.state.health_changed.connect(self._show_report)  # only when a finding changed
        self._show_report(self.state.health if self.state is not None else HealthReport())

    def _show_report(self, report: HealthReport) -> None:
        self.report = report
        self._show(report)
        self.report_changed.emit(report)

    # --- showing -----------------------------------------------------------------------------

    def _show(self, report: HealthReport) -> None:
        if self.doc is None:
            self.score_label.setText("Health")
            self.counts_label.setText("Open a model to check it.")
        else:
            self.score_label.setText(f"Health score {report.score}/100")
            parts = [f"{report.count(level)} {_plural(level, report.count(level))}"
                     for level in (Level.ERROR, Level.WARNING, Level.INFO) if report.count(level)]
            silenced = f" · {len(report.silenced)} silenced" if report.silenced else ""
            self.counts_label.setText((", ".join(parts) or "Nothing to fix") + silenced)
        current = self._current()
        self.list.clear()
        for finding in sorted(report.findings, key=lambda f: -f.level.rank):
            self._add(finding, silenced=False)
        for finding in report.silenced:
            self._add(finding, silenced=True)
        if current is not None:  # keep the user's place across a refresh
            for row in range(self.list.count()):
                if self.list.item(row).data(FINDING_ROLE) == current:
                    self.list.setCurrentRow(row)
        self._update_buttons()

    def _add(self, finding: Finding, silenced: bool) -> None:
        text = finding.message
        if silenced:
            text = f"Silenced — {finding.silenced_because}\n{finding.message}"
        item = QListWidgetItem(self._icon(finding.level), text)
        item.setData(FINDING_ROLE, finding)
        name = self._metric_name(finding.metric)
        item.setToolTip(f"{finding.level.value.capitalize()} · rule '{finding.rule}'" + (f" · {name}" if name else ""))
        if silenced:
            item.setForeground(QColor(128, 128, 128))
        self.list.addItem(item)

    def _icon(self, level: Level) -> QIcon:
        if level not in self._icons:
            self._icons[level] = self.style().standardIcon(_ICONS[level])
        return self._icons[level]

    def _metric_name(self, metric_id: str | None) -> str:
        if metric_id is None or self.doc is None or not self.doc.has_metric(metric_id):
            return ""
        return self.doc.metric(metric_id).name

    # --- acting ------------------------------------------------------------------------------

    def _current(self) -> Finding | None:
        item = self.list.currentItem()
        return item.data(FINDING_ROLE) if item is not None else None

    def _update_buttons(self) -> None:
        finding = self._current()
        can_edit = finding is not None and finding.metric is not None and self.push is not None
        self.silence_button.setEnabled(can_edit and finding.silenced_because is None)  # type: ignore[union-attr]  # can_edit means there is a finding
        self.restore_button.setEnabled(can_edit and finding.silenced_because is not None)  # type: ignore[union-attr]  # can_edit means there is a finding

    def _clicked(self, item: QListWidgetItem) -> None:
        finding: Finding = item.data(FINDING_ROLE)
        if finding.metric is not None:
            self.metric_activated.emit(finding.metric)

    def ask_reason(self, finding: Finding) -> str | None:
        """Why the team accepts this finding; None when the user cancels. Tests replace this."""
        text, ok = QInputDialog.getText(
            self, "Silence this finding",
            f"Why is this fine for ‘{self._metric_name(finding.metric)}’? The reason is saved in the file.\n\n"
            f"{finding.message}")
        return text.strip() if ok and text.strip() else None

    def silence_current(self) -> None:
        finding = self._current()
        if finding is None or finding.metric is None or self.doc is None or self.push is None:
            return
        reason = self.ask_reason(finding)
        if reason is None:
            return
        metric = self.doc.metric(finding.metric)
        kept = tuple(s for s in metric.silenced if s.rule != finding.rule)
        self.push(self.doc.plan.update_metric(metric.id, silenced=(*kept, Silence(rule=finding.rule,
                                                                                   reason=reason[:500]))))

    def restore_current(self) -> None:
        finding = self._current()
        if finding is None or finding.metric is None or self.doc is None or self.push is None:
            return
        metric = self.doc.metric(finding.metric)
        self.push(self.doc.plan.update_metric(
            metric.id, silenced=tuple(s for s in metric.silenced if s.rule != finding.rule)))


def _plural(level: Level, count: int) -> str:
    word = {"error": "error", "warning": "warning", "info": "question"}[level.value]
    return word if count == 1 else word + "s"
