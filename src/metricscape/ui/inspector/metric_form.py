"""The form for one metric: a header, then foldable sections of fields."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QToolButton, QVBoxLayout, QWidget

from metricscape.derived.evidence import EvidenceReport
from metricscape.model.document import Document
from metricscape.model.edits import Edit
from metricscape.model.metric import Metric, MetricKind

from .. import settings
from ..widgets.collapsible import CollapsibleSection
from ..widgets.committer import Committer, ShowsErrors
from ..widgets.field_box import HintLabel
from ..widgets.form_kit import title_font
from .actuals_section import ActualsSection
from .definition_section import DefinitionSection
from .documentation_section import DocumentationSection
from .ledger_section import ProxyEvidenceSection
from .review_section import ReviewSection
from .risks_section import RisksSection
from .section_bar import SectionBar
from .sections import MetricSection
from .uncertainty_section import UncertaintySection
from .values_section import ValuesSection

SHORT_TITLES = {"Definition": "Definition", "Evidence": "Evidence", "Values": "Values", "Documentation": "Why",
                "Gaming risks": "Risks", "Uncertainty": "Uncertainty", "Review": "Review",
                "Actuals": "Actuals"}


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
        self.rename_id_button = QToolButton()
        self.rename_id_button.setText("Rename id…")
        self.rename_id_button.setAutoRaise(True)
        self.rename_id_button.setToolTip("Change the id that formulas, files and queries use; "
                                         "every reference in the model follows")
        self.rename_id_button.clicked.connect(self.ask_rename_id)
        self.definition = DefinitionSection(self.commit)
        self.values = ValuesSection(self.commit)
        self.uncertainty = UncertaintySection(self.commit)
        self.documentation = DocumentationSection(self.commit)
        self.risks = RisksSection(self.commit, self.push_edit)
        self.review = ReviewSection(self.commit)
        self.actuals = ActualsSection(self.commit)
        # The common fields first (name, definition, value, rationale, gaming risks); the rest starts
        # folded. Each section reopens as the user last left it.
        # A proxy's evidence right under its definition: whether the proxy can be trusted comes first.
        self.proxy_evidence = ProxyEvidenceSection()
        parts: list[tuple[str, QWidget, bool]] = [
            ("Definition", self.definition, True), ("Evidence", self.proxy_evidence, True),
            ("Values", self.values, True),
            ("Documentation", self.documentation, True), ("Gaming risks", self.risks, True),
            ("Uncertainty", self.uncertainty, False), ("Review", self.review, False)]
        parts.insert(2, ("Actuals", self.actuals, True))  # the measured values next to the entered ones
        self.sections: dict[str, CollapsibleSection] = {
            title: CollapsibleSection(title, part, expanded=expanded, remember_as=f"inspector/{title}")
            for title, part, expanded in parts}
        self.section_bar = SectionBar(SHORT_TITLES, self.show_section)
        # The evidence the worker last computed (the inspector points these at the derived state).
        self.evidence_report: Callable[[], EvidenceReport | None] = lambda: None
        self.evidence_computing: Callable[[], bool] = lambda: False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        id_line = QHBoxLayout()
        id_line.setContentsMargins(0, 0, 0, 0)
        id_line.addWidget(self.subtitle, 1)
        id_line.addWidget(self.rename_id_button)
        layout.addLayout(id_line)
        layout.addWidget(self.section_bar)
        for section in self.sections.values():
            layout.addWidget(section)
        layout.addStretch(1)

    @property
    def parts(self) -> list[MetricSection]:
        return [self.definition, self.values, self.uncertainty, self.documentation, self.risks, self.review,
                self.actuals]

    def show_metric(self, metric: Metric, doc: Document) -> None:
        self.metric_id = metric.id
        self.title.setText(metric.name)
        self.subtitle.setText(f"{metric.kind.label} · id for formulas: {metric.id}")
        risks = len(metric.gaming_risks)
        self.sections["Gaming risks"].header.setText(f"Gaming risks ({risks})" if risks else "Gaming risks")
        has_actuals = doc.tree.actuals.find(metric.id) is not None
        self.sections["Actuals"].setVisible(has_actuals)
        self.section_bar.buttons["Actuals"].setVisible(has_actuals)
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

    def show_section(self, title: str) -> None:
        """Open a section and scroll the inspector so that it starts at the top."""
        section = self.sections[title]
        if not section.expanded:
            section.set_expanded(True)
            if section.remember_as:
                settings.set_section_expanded(section.remember_as, True)
        QTimer.singleShot(0, lambda: self._scroll_to(section))  # once the layout made room for it
        self._scroll_to(section)

    def _scroll_to(self, section: QWidget) -> None:
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        content = parent.widget() if parent is not None else None
        if parent is None or content is None:
            return
        layout = content.layout()
        if layout is not None:
            layout.activate()
        parent.verticalScrollBar().setValue(section.mapTo(content, QPoint(0, 0)).y())

    def ask_rename_id(self) -> bool:
        from ..rename_id import ask_new_id
        doc, metric_id = self.committer.doc, self.metric_id
        if doc is None or metric_id is None or not doc.has_metric(metric_id):
            return False
        new_id = ask_new_id(doc, metric_id, self)
        return new_id is not None and self.push_edit(lambda d: d.plan.rename_id(metric_id, new_id), None)

    def push_edit(self, build: Callable[[Document], Edit], where: ShowsErrors | None) -> bool:
        doc = self.committer.doc
        if doc is None:
            return False
        return self.committer.push_built(lambda: build(doc), where)

    def commit(self, changes: Mapping[str, Any], where: ShowsErrors | None,
               check: Callable[[], str] | None = None) -> bool:
        doc, metric_id = self.committer.doc, self.metric_id
        if doc is None or metric_id is None or not doc.has_metric(metric_id):
            return False
        metric = doc.metric(metric_id)
        current = {key: getattr(metric, key) for key in changes}
        return self.committer.run(current, changes, lambda: doc.plan.update_metric(metric_id, **changes),
                                  where, check)
