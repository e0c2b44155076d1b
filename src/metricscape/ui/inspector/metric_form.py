"""The form for one metric: a header, then foldable sections of fields."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from metricscape.derived.evidence import EvidenceReport
from metricscape.model.document import Document
from metricscape.model.metric import Metric, MetricKind

from ..widgets.collapsible import CollapsibleSection
from ..widgets.committer import Committer, ShowsErrors
from ..widgets.field_box import HintLabel
from ..widgets.form_kit import title_font
from .definition_section import DefinitionSection
from .documentation_section import DocumentationSection
from .ledger_section import ProxyEvidenceSection
from .review_section import ReviewSection
from .risks_section import RisksSection
from .sections import MetricSection
from .uncertainty_section import UncertaintySection
from .values_section import ValuesSection


class MetricForm(QWidget):
    def __init__(self, committer: Committer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.committer = committer
        self.metric_id: str | None = None
        self.title = QLabel()
        self.title.setFont(title_font(self.font()))
        self.title.setWordWrap(True)
        self.subtitle = HintLabel()
        self.subtitle.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.definition = DefinitionSection(self.commit)
        self.values = ValuesSection(self.commit)
        self.uncertainty = UncertaintySection(self.commit)
        self.documentation = DocumentationSection(self.commit)
        self.risks = RisksSection(self.commit)
        self.review = ReviewSection(self.commit)
        self.proxy_evidence = ProxyEvidenceSection()
        self.sections: dict[str, CollapsibleSection] = {
            "Definition": CollapsibleSection("Definition", self.definition),
            "Values": CollapsibleSection("Values", self.values),
            "Uncertainty": CollapsibleSection("Uncertainty", self.uncertainty),
            "Documentation": CollapsibleSection("Documentation", self.documentation),
            "Gaming risks": CollapsibleSection("Gaming risks", self.risks),
            "Review": CollapsibleSection("Review", self.review),
        }
        # A proxy's evidence right under its definition: whether the proxy can be trusted comes first.
        self.sections = {"Definition": self.sections.pop("Definition"),
                         "Evidence": CollapsibleSection("Evidence", self.proxy_evidence), **self.sections}
        # The evidence the worker last computed (the inspector points these at the derived state).
        self.evidence_report: Callable[[], EvidenceReport | None] = lambda: None
        self.evidence_computing: Callable[[], bool] = lambda: False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        for section in self.sections.values():
            layout.addWidget(section)
        layout.addStretch(1)

    @property
    def parts(self) -> list[MetricSection]:
        return [self.definition, self.values, self.uncertainty, self.documentation, self.risks, self.review]

    def show_metric(self, metric: Metric, doc: Document) -> None:
        self.metric_id = metric.id
        self.title.setText(metric.name)
        self.subtitle.setText(f"{metric.kind.label} · id for formulas: {metric.id}")
        risks = len(metric.gaming_risks)
        self.sections["Gaming risks"].header.setText(f"Gaming risks ({risks})" if risks else "Gaming risks")
        for part in self.parts:
            part.refresh(metric, doc)
        self.sections["Evidence"].setVisible(metric.kind is MetricKind.PROXY)
        self.show_evidence()

    def show_evidence(self) -> None:
        """Show what the ledger and the actuals say of a proxy (new evidence may have arrived)."""
        doc, metric_id = self.committer.doc, self.metric_id
        if doc is None or metric_id is None or not doc.has_metric(metric_id):
            return
        metric = doc.metric(metric_id)
        if metric.kind is MetricKind.PROXY:
            self.proxy_evidence.show_metric(metric, doc, self.evidence_report(), self.evidence_computing())

    def commit(self, changes: Mapping[str, Any], where: ShowsErrors | None,
               check: Callable[[], str] | None = None) -> bool:
        doc, metric_id = self.committer.doc, self.metric_id
        if doc is None or metric_id is None or not doc.has_metric(metric_id):
            return False
        metric = doc.metric(metric_id)
        current = {key: getattr(metric, key) for key in changes}
        return self.committer.run(current, changes, lambda: doc.plan.update_metric(metric_id, **changes),
                                  where, check)
