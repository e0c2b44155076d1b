"""The form for one link: what kind of relationship it is, how strong, how sure, and why."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from metricscape.derived.evidence import EvidenceReport
from metricscape.model import MetricscapeError
from metricscape.model.adopt import adopt_evidence
from metricscape.model.document import Document
from metricscape.model.link import Confidence, Link, LinkKind
from metricscape.sim.evidence.results import LinkEvidence

from ..widgets.committer import Committer, ShowsErrors
from ..widgets.field_box import HintLabel
from ..widgets.form_kit import add_field, compact_combo, form_layout, title_font
from ..widgets.markdown_edit import MarkdownEdit
from ..widgets.number_edit import NumberEdit
from ..widgets.plain_errors import plain_error
from .evidence_section import LinkEvidenceSection

KIND_TEXT = {
    LinkKind.FORMULA: "Formula",
    LinkKind.INFLUENCE: "Influence (drives it, not by formula)",
    LinkKind.GUARD: "Guard (watches it for gaming)",
}


class LinkForm(QWidget):
    def __init__(self, committer: Committer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.committer = committer
        self.key: tuple[str, str] | None = None
        self.title = QLabel()
        self.title.setFont(title_font(self.font(), 1.15))
        self.title.setWordWrap(True)
        self.explanation = HintLabel()
        body = QWidget()
        form = form_layout(body)
        self.form = form
        self.kind = compact_combo()
        for kind in (LinkKind.INFLUENCE, LinkKind.GUARD):
            self.kind.addItem(KIND_TEXT[kind], kind)
        self.kind_box = add_field(form, "Kind", self.kind,
                                  "Influence: the source drives the target with an elasticity. "
                                  "Guard: the source is a guardrail watching the target for gaming")
        self.formula_note = HintLabel()
        form.addRow(self.formula_note)
        self.elasticity = NumberEdit(placeholder="e.g. 0.3")
        self.elasticity_box = add_field(form, "Elasticity", self.elasticity,
                                        "A 1 % rise in the source moves the target by this many %")
        range_row = QWidget()
        row = QHBoxLayout(range_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.low = NumberEdit(placeholder="low")
        self.high = NumberEdit(placeholder="high")
        row.addWidget(self.low)
        row.addWidget(QLabel("to"))
        row.addWidget(self.high)
        self.range_box = add_field(form, "Plausible range", range_row,
                                   "How low and how high the elasticity could plausibly be (both, or neither)")
        for edit in (self.low, self.high):
            edit.problem.connect(self.range_box.error.show_error)
        self.confidence = compact_combo()
        self.confidence.addItem("Not stated", None)
        for level, tip in ((Confidence.LOW, "A hunch or a correlation"),
                           (Confidence.MEDIUM, "Analysis of our own data"),
                           (Confidence.HIGH, "A controlled experiment or strong evidence")):
            self.confidence.addItem(level.value.capitalize(), level)
            self.confidence.setItemData(self.confidence.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        self.confidence_box = add_field(form, "Confidence", self.confidence, "How sure we are of this relationship")
        self.rationale = MarkdownEdit()
        self.rationale.editor.setPlaceholderText("Why does the source move the target? What is the evidence?")
        self.rationale_box = add_field(form, "Rationale", self.rationale,
                                       "The documented reason this relationship holds", wide=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.explanation)
        layout.addWidget(body)
        self.evidence = LinkEvidenceSection()
        self.evidence.adopt_requested.connect(self.adopt)
        layout.addWidget(self.evidence)
        layout.addStretch(1)
        # The evidence the worker last computed for this document (the inspector points it at the
        # derived state), and whether some is on its way.
        self.evidence_report: Callable[[], EvidenceReport | None] = lambda: None
        self.evidence_computing: Callable[[], bool] = lambda: False
        self.today: Callable[[], dt.date] = dt.date.today
        self.kind.activated.connect(self._kind_chosen)
        self.elasticity.value_committed.connect(lambda v: self.commit({"elasticity": v}, self.elasticity_box))
        self.low.value_committed.connect(lambda _v: self._range_changed())
        self.high.value_committed.connect(lambda _v: self._range_changed())
        self.confidence.activated.connect(
            lambda _i: self.commit({"confidence": _confidence(self.confidence.currentData())}, self.confidence_box))
        self.rationale.committed.connect(lambda text: self.commit({"rationale": text}, self.rationale_box))

    def show_link(self, link: Link, doc: Document) -> None:
        self.key = link.key
        source, target = doc.metric(link.source).name, doc.metric(link.target).name
        self.title.setText(f"{source} → {target}")
        self.explanation.setText({
            LinkKind.FORMULA: f"‘{target}’ is computed from ‘{source}’ by its formula.",
            LinkKind.INFLUENCE: f"‘{source}’ drives ‘{target}’: when it rises 1 %, ‘{target}’ moves "
                                f"by the elasticity, in %.",
            LinkKind.GUARD: f"‘{source}’ is a guardrail: it watches ‘{target}’ for gaming.",
        }[link.kind])
        formula = link.kind is LinkKind.FORMULA
        influence = link.kind is LinkKind.INFLUENCE
        self.form.setRowVisible(self.kind_box, not formula)
        self.formula_note.setText(f"Formula link: it follows the formula of ‘{target}’. "
                                  f"Edit that formula to change or remove it." if formula else "")
        self.formula_note.setVisible(formula)
        self.form.setRowVisible(self.elasticity_box, influence)
        self.form.setRowVisible(self.range_box, influence)
        self.form.setRowVisible(self.confidence_box, not formula)
        if not formula:
            self.kind.setCurrentIndex(self.kind.findData(link.kind))
        self.elasticity.set_value(link.elasticity)
        self.low.set_value(link.elasticity_low)
        self.high.set_value(link.elasticity_high)
        self.confidence.setCurrentIndex(max(0, self.confidence.findData(link.confidence)))
        self.rationale.set_markdown(link.rationale)
        self.evidence.setVisible(influence)
        if influence:
            self.evidence.show_link(link, doc, self.evidence_report(), self.evidence_computing())
        for box in (self.kind_box, self.elasticity_box, self.range_box, self.confidence_box, self.rationale_box):
            box.clear_error()

    def show_evidence(self) -> None:
        """New evidence arrived from the worker: show it for the link in view."""
        doc, link = self.committer.doc, self._link()
        if doc is not None and link is not None and link.kind is LinkKind.INFLUENCE:
            self.evidence.show_link(link, doc, self.evidence_report(), self.evidence_computing())

    def adopt(self, evidence: LinkEvidence | None) -> bool:
        """The estimate becomes the link's elasticity and range, with the evidence recorded: one undo step."""
        doc, link, push = self.committer.doc, self._link(), self.committer.push
        if doc is None or link is None or push is None or evidence is None:
            return False
        try:
            edit = adopt_evidence(doc, link.source, link.target, evidence.as_evidence(self.today()))
        except (MetricscapeError, ValueError) as exc:
            self.evidence.recorded.setText(f"Not adopted: {plain_error(exc)}")
            self.evidence.recorded.show()
            return False
        return push(edit) is not False

    def _kind_chosen(self) -> None:
        kind = LinkKind(self.kind.currentData())  # Qt hands enums back as str
        link = self._link()
        if link is None or kind is link.kind:
            return
        changes: dict[str, object]
        if kind is LinkKind.GUARD:
            changes = {"kind": kind, "elasticity": None, "elasticity_low": None, "elasticity_high": None}
        else:
            changes = {"kind": kind, "elasticity": 1.0}
        self.commit(changes, self.kind_box)

    def _range_changed(self) -> None:
        self.commit({"elasticity_low": self.low.value(), "elasticity_high": self.high.value()}, self.range_box)

    def _link(self) -> Link | None:
        doc = self.committer.doc
        return None if doc is None or self.key is None else doc.link(*self.key)

    def commit(self, changes: Mapping[str, Any], where: ShowsErrors | None) -> bool:
        doc, link = self.committer.doc, self._link()
        if doc is None or link is None:
            return False
        current = {key: getattr(link, key) for key in changes}
        return self.committer.run(current, changes, lambda: doc.plan.update_link(*link.key, **changes), where)


def _confidence(data: object) -> Confidence | None:
    return None if data is None else Confidence(str(data))
