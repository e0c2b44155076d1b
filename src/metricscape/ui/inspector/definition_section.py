"""Definition: what the metric is, who owns it, and how it is computed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from metricscape.model import graph
from metricscape.model.document import Document
from metricscape.model.metric import Direction, Metric, MetricKind

from ..widgets.commit_edits import CommitLineEdit, CommitTextEdit
from ..widgets.form_kit import add_field, compact_combo, form_layout
from ..widgets.formula_field import FormulaField
from .sections import CommitMetric, MetricSection

KIND_TIPS = {
    MetricKind.NORTH_STAR: "The one metric that best captures the value users get (a model has exactly one)",
    MetricKind.INPUT: "A driver teams can move that feeds the north star",
    MetricKind.PROXY: "A feature-level metric validated as moving with the north star; good for experiments",
    MetricKind.GUARDRAIL: "A counter-metric that catches gaming or harm while others are optimised",
}


class DefinitionSection(MetricSection):
    def __init__(self, commit: CommitMetric, parent: QWidget | None = None) -> None:
        super().__init__(commit, parent)
        form = form_layout(self)
        self.name = CommitLineEdit()
        self.name_box = add_field(form, "Name", self.name, "The name shown on the card, e.g. ‘Weekly active users’")
        self.kind = compact_combo()
        for kind in MetricKind:
            self.kind.addItem(kind.label, kind)
            self.kind.setItemData(self.kind.count() - 1, KIND_TIPS[kind], Qt.ItemDataRole.ToolTipRole)
        self.kind_box = add_field(form, "Kind", self.kind, "North star, input (driver), proxy (feature-level) "
                                  "or guardrail (counter-metric)")
        self.direction = compact_combo()
        self.direction.addItem("Higher is better", Direction.HIGHER)
        self.direction.addItem("Lower is better", Direction.LOWER)
        self.direction_box = add_field(form, "Better when", self.direction,
                                       "Which way this metric should move; it decides what ‘on target’ means")
        self.unit = CommitLineEdit()
        self.unit.setPlaceholderText("e.g. users, hours, $, %")
        self.unit_box = add_field(form, "Unit", self.unit, "What one unit of the value is. Use % for rates: "
                                  "type 34.5 for 34.5 %")
        self.owner = CommitLineEdit()
        self.owner.setPlaceholderText("Team or person")
        self.owner_box = add_field(form, "Owner", self.owner, "The team or person who moves and reports it")
        self.segment = CommitLineEdit()
        self.segment.setPlaceholderText("e.g. new users in their first 30 days")
        self.segment_box = add_field(form, "Segment", self.segment,
                                     "The users or cohort this metric is measured on")
        self.definition = CommitTextEdit(min_lines=2, max_lines=8)
        self.definition.setPlaceholderText("How it is measured: the event, the counting rule, the time window")
        self.definition_box = add_field(form, "Definition", self.definition,
                                        "Exactly how the metric is measured, so two people get the same number",
                                        wide=True)
        self.formula_field = FormulaField()
        self.formula = self.formula_field.edit
        self.formula_box = add_field(
            form, "Formula", self.formula_field,
            "Compute this metric from its inputs, like a spreadsheet formula: type metric names (they go in "
            "as ids) with + - * / ^, brackets, and functions such as min(), max(), if()",
            hint="Leave empty when the value is typed in. Press Enter to apply.", wide=True)
        self.reading = self.formula_field.names  # the formula in names: the main view

        self.name.committed.connect(lambda text: self.commit({"name": text.strip()}, self.name_box))
        self.unit.committed.connect(lambda text: self.commit({"unit": text.strip()}, self.unit_box))
        self.owner.committed.connect(lambda text: self.commit({"owner": text.strip()}, self.owner_box))
        self.segment.committed.connect(lambda text: self.commit({"segment": text.strip()}, self.segment_box))
        self.definition.committed.connect(lambda text: self.commit({"definition": text}, self.definition_box))
        self.formula.committed.connect(
            lambda text: self.commit({"formula": text.strip() or None}, self.formula_box))
        self.kind.activated.connect(self._kind_chosen)
        self.direction.activated.connect(
            lambda _i: self.commit({"direction": Direction(self.direction.currentData())}, self.direction_box))
        self._doc: Document | None = None
        self._metric: Metric | None = None

    def refresh(self, metric: Metric, doc: Document) -> None:
        same_metric = self._metric is not None and self._metric.id == metric.id
        self._doc, self._metric = doc, metric
        self.name.set_shown(metric.name)
        self.kind.setCurrentIndex(self.kind.findData(metric.kind))
        self.direction.setCurrentIndex(self.direction.findData(metric.direction))
        self.unit.set_shown(metric.unit)
        self.owner.set_shown(metric.owner)
        self.segment.set_shown(metric.segment)
        self.definition.set_shown(metric.definition)
        names = {m.id: m.name for m in doc.metrics()}
        self.formula.set_context(
            names, metric.id, lambda: {i: names[i] for i in graph.dependents_of(doc.tree, metric.id)})
        self.formula_field.set_names(names)
        self.formula_field.show_formula(metric.formula or "", same_metric=same_metric)
        for box in (self.name_box, self.kind_box, self.direction_box, self.unit_box, self.owner_box,
                    self.segment_box, self.definition_box):
            box.clear_error()

    def _kind_chosen(self) -> None:
        kind = MetricKind(self.kind.currentData())  # Qt hands enums back as str
        self.commit({"kind": kind}, self.kind_box, check=lambda: self._north_star_conflict(kind))

    def _north_star_conflict(self, kind: MetricKind) -> str:
        if kind is not MetricKind.NORTH_STAR or self._doc is None or self._metric is None:
            return ""
        star = self._doc.tree.north_star
        if star is not None and star.id != self._metric.id:
            self.kind.setCurrentIndex(self.kind.findData(self._metric.kind))
            return f"‘{star.name}’ is already the north star, and a model has exactly one. Make it an input first."
        return ""
