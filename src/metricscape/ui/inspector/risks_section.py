"""Gaming risks: how the metric could be inflated without real value, and what guards against it."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from metricscape.model.document import Document
from metricscape.model.metric import GamingRisk, Metric, MetricKind, Severity

from ..widgets.commit_edits import CommitTextEdit
from ..widgets.committer import METRIC_LABELS
from ..widgets.field_box import FieldBox, HintLabel
from ..widgets.form_kit import add_field, compact_combo, form_layout
from ..widgets.plain_errors import plain_error
from .sections import CommitMetric, MetricSection, PushEdit

NEW_GUARDRAIL = "New guardrail…"
NEW_GUARDRAIL_DATA = "\x00new-guardrail"  # never a metric id (ids are slugs)
GAMED_PLACEHOLDER = "A way to raise this number without creating real value for users"

SEVERITY_TIPS = {
    Severity.LOW: "Unlikely, or harmless if it happens",
    Severity.MEDIUM: "Plausible and would mislead decisions",
    Severity.HIGH: "Likely or damaging: it needs a counter-metric",
}


class RiskRow(QFrame):
    """The editors of one risk. ``edited(field, value)`` and ``remove_requested`` go to the section."""

    edited = Signal(str, object)
    remove_requested = Signal()
    new_guardrail_requested = Signal()

    def __init__(self, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 4, 6, 4)
        head = QHBoxLayout()
        self.title = QLabel(f"<b>Risk {number}</b>")
        self.remove = QToolButton()
        self.remove.setText("Remove")
        self.remove.setToolTip("Delete this gaming risk")
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.remove)
        outer.addLayout(head)
        body = QWidget()
        form = form_layout(body)
        form.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(body)
        self.description = CommitTextEdit(min_lines=2, max_lines=6)
        self.description.setPlaceholderText(GAMED_PLACEHOLDER)
        self.boxes: dict[str, FieldBox] = {}
        self.boxes["description"] = add_field(form, "How it is gamed", self.description,
                                              "A tactic that would raise the number without creating real value",
                                              wide=True)
        self.severity = compact_combo()
        for severity in Severity:
            self.severity.addItem(severity.value.capitalize(), severity)
            self.severity.setItemData(self.severity.count() - 1, SEVERITY_TIPS[severity],
                                      Qt.ItemDataRole.ToolTipRole)
        self.boxes["severity"] = add_field(form, "Severity", self.severity,
                                           "How likely and how damaging this gaming would be")
        self.counter = compact_combo()
        self.boxes["counter_metric"] = add_field(
            form, "Caught by", self.counter,  # "Counter-metric" wrapped and was cut in a narrow dock
            "The counter-metric: the guardrail that would reveal this gaming. Guardrails are listed first; "
            "‘New guardrail…’ adds one beside this metric")
        self.detection = CommitTextEdit(min_lines=1, max_lines=6)
        self.detection.setPlaceholderText("What would we see if it happened?")
        self.boxes["detection"] = add_field(form, "How to detect it", self.detection,
                                            "The signal or check that would reveal it", wide=True)
        self.mitigation = CommitTextEdit(min_lines=1, max_lines=6)
        self.mitigation.setPlaceholderText("How we prevent or correct it")
        self.boxes["mitigation"] = add_field(form, "Mitigation", self.mitigation,
                                             "What the team does to prevent or correct it", wide=True)
        self.description.committed.connect(lambda text: self.edited.emit("description", text))
        self.detection.committed.connect(lambda text: self.edited.emit("detection", text))
        self.mitigation.committed.connect(lambda text: self.edited.emit("mitigation", text))
        self.severity.activated.connect(lambda _i: self.edited.emit("severity", Severity(self.severity.currentData())))
        self.counter.activated.connect(self._counter_chosen)
        self.remove.clicked.connect(self.remove_requested.emit)

    def _counter_chosen(self, _index: int) -> None:
        data = self.counter.currentData()
        if data == NEW_GUARDRAIL_DATA:
            self.new_guardrail_requested.emit()
        else:
            self.edited.emit("counter_metric", data)

    def show_risk(self, risk: GamingRisk, candidates: list[tuple[str, str, bool]]) -> None:
        self.description.set_shown(risk.description)
        self.detection.set_shown(risk.detection)
        self.mitigation.set_shown(risk.mitigation)
        self.severity.setCurrentIndex(self.severity.findData(risk.severity))
        fill_counter_metrics(self.counter, candidates)
        index = self.counter.findData(risk.counter_metric)
        self.counter.setCurrentIndex(max(0, index))
        for box in self.boxes.values():
            box.clear_error()


def fill_counter_metrics(combo: QComboBox, candidates: list[tuple[str, str, bool]]) -> None:
    """None first, then guardrails, then every other metric (id, name, is_guardrail), then
    "New guardrail…"."""
    wanted = [(None, "No counter-metric")] + [(i, f"{name}  (guardrail)") for i, name, g in candidates if g] + \
        [(i, name) for i, name, g in candidates if not g] + [(NEW_GUARDRAIL_DATA, NEW_GUARDRAIL)]
    current = [(combo.itemData(k), combo.itemText(k)) for k in range(combo.count()) if combo.itemText(k)]
    if current == wanted:
        return
    combo.clear()
    guardrails = sum(1 for *_rest, g in candidates if g)
    for k, (metric_id, label) in enumerate(wanted):
        if metric_id == NEW_GUARDRAIL_DATA:
            combo.insertSeparator(combo.count())
        combo.addItem(label, metric_id)
        if k == guardrails and guardrails and k < len(wanted) - 2:
            combo.insertSeparator(combo.count())


def ask_guardrail_name(parent: QWidget, metric_name: str) -> str | None:
    """The new guardrail's name, or None when the user cancels."""
    text, ok = QInputDialog.getText(parent, "New guardrail",
                                    f"Name the guardrail that would reveal gaming of ‘{metric_name}’:")
    return text.strip() if ok and text.strip() else None


class RisksSection(MetricSection):
    """``push_edit(build, where)`` pushes an edit beyond this metric's fields (a new guardrail)."""

    def __init__(self, commit: CommitMetric, push_edit: PushEdit, parent: QWidget | None = None) -> None:
        super().__init__(commit, parent)
        self.push_edit = push_edit
        self._metric: Metric | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 6)
        self.empty = HintLabel("No gaming risks noted yet. How could someone raise this number without "
                               "creating real value for users?")
        layout.addWidget(self.empty)
        self.rows_layout = QVBoxLayout()
        self.rows_layout.setSpacing(8)
        layout.addLayout(self.rows_layout)
        self.add_button = QPushButton("Add a gaming risk")
        self.add_button.setToolTip("Note one way this metric could be gamed")
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.rows: list[RiskRow] = []
        self._risks: tuple[GamingRisk, ...] = ()
        self.add_button.clicked.connect(self._add)

    def refresh(self, metric: Metric, doc: Document) -> None:
        self._metric = metric
        self._risks = metric.gaming_risks
        if len(self.rows) != len(metric.gaming_risks):
            self._rebuild(len(metric.gaming_risks))
        if not self.rows:
            self.empty.setVisible(True)
            return
        others = sorted((m for m in doc.metrics() if m.id != metric.id), key=lambda m: m.name.lower())
        candidates = [(m.id, m.name, m.kind is MetricKind.GUARDRAIL) for m in others]
        for row, risk in zip(self.rows, metric.gaming_risks, strict=True):
            row.show_risk(risk, candidates)
        self.empty.setVisible(not self.rows)

    def _rebuild(self, count: int) -> None:
        for row in self.rows:
            row.setParent(None)
            row.deleteLater()
        self.rows = []
        for index in range(count):
            row = RiskRow(index + 1, self)
            row.edited.connect(lambda field, value, index=index: self._edit(index, field, value))
            row.remove_requested.connect(lambda index=index: self._remove(index))
            row.new_guardrail_requested.connect(lambda index=index: self.new_guardrail(index))
            self.rows_layout.addWidget(row)
            self.rows.append(row)

    def new_guardrail(self, index: int) -> bool:
        """Ask for a name; add the guardrail beside this metric, guarding it, as this risk's counter."""
        metric = self._metric
        row = self.rows[index]
        name = ask_guardrail_name(self, metric.name) if metric is not None else None
        if metric is None or name is None:
            row.counter.setCurrentIndex(max(0, row.counter.findData(self._risks[index].counter_metric)))
            return False
        return self.push_edit(lambda doc: doc.plan.add_guardrail(metric.id, name, index)[1],
                              row.boxes["counter_metric"])

    def _edit(self, index: int, field: str, value: Any) -> None:
        box = self.rows[index].boxes[field]
        if field == "counter_metric" and self._metric is not None:  # also draws the guard link
            metric_id = self._metric.id
            self.push_edit(lambda doc: doc.plan.set_counter_metric(metric_id, index, value), box)
            return
        risks = list(self._risks)
        try:
            risks[index] = GamingRisk.model_validate({**risks[index].model_dump(), field: value})
        except ValidationError as exc:
            box.show_error(plain_error(exc, METRIC_LABELS))
            return
        self.commit({"gaming_risks": tuple(risks)}, box)

    def _remove(self, index: int) -> None:
        self.commit({"gaming_risks": self._risks[:index] + self._risks[index + 1:]}, None)

    def _add(self) -> None:
        if self.commit({"gaming_risks": (*self._risks, GamingRisk(description=""))}, None) and self.rows:
            self.rows[-1].description.setFocus(Qt.FocusReason.OtherFocusReason)
