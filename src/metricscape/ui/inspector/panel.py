"""The inspector: edits the selected metric or link; a hint or a summary otherwise."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from metricscape.derived import DerivedState
from metricscape.derived.evidence import NAME as EVIDENCE
from metricscape.derived.evidence import EvidenceReport
from metricscape.model.document import Document

from ..binding import DocumentContext
from ..widgets.committer import LINK_LABELS, METRIC_LABELS, Committer, Push, finish_pending_edit
from .link_form import LinkForm
from .metric_form import MetricForm
from .summary import NO_DOCUMENT, NOTHING_SELECTED, SelectionSummary


class InspectorPanel(QWidget):
    """Contract: ``bind(context)`` (see ``ui.binding``) and ``show_selection(metric_ids, link_keys)``.

    Every user edit is pushed as one Edit; the panel refreshes itself on ``doc.changed``.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("InspectorPanel")
        self._metric_committer = Committer(METRIC_LABELS)
        self._link_committer = Committer(LINK_LABELS)
        self.summary = SelectionSummary()
        self.metric_form = MetricForm(self._metric_committer)
        self.link_form = LinkForm(self._link_committer)
        # One page visible at a time; hidden pages take no room, so a short page never scrolls.
        self.pages = QWidget()
        pages_layout = QVBoxLayout(self.pages)
        pages_layout.setContentsMargins(0, 0, 0, 0)
        for page in (self.summary, self.metric_form, self.link_form):
            pages_layout.addWidget(page)
            page.setVisible(page is self.summary)
        pages_layout.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(self.pages)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area)
        self.doc: Document | None = None
        self.state: DerivedState | None = None
        self._shown_report: object = None
        self.link_form.evidence_report = self.evidence_report
        self.link_form.evidence_computing = self.evidence_computing
        self.metric_form.evidence_report = self.evidence_report
        self.metric_form.evidence_computing = self.evidence_computing
        self._metric_ids: list[str] = []
        self._link_keys: list[tuple[str, str]] = []
        self._stale = False
        self.summary.show_hint(NO_DOCUMENT)

    def bind(self, context: DocumentContext | None) -> None:
        """The ``DocumentPanel`` protocol: follow this document (None: no model open)."""
        if self.state is not None:
            self.state.overlay_changed.disconnect(self._on_overlay)
        self.state = context.state if context else None
        if self.state is not None:
            self.state.overlay_changed.connect(self._on_overlay)
        self.metric_form.actuals.segment = self._actuals_segment()
        self._set_document(context.doc if context else None, context.push if context else None)

    def evidence_report(self) -> EvidenceReport | None:
        """The evidence the worker last computed for this document (None: none yet, or no data)."""
        detail = self.state.detail(EVIDENCE) if self.state is not None else None
        return detail if isinstance(detail, EvidenceReport) else None

    def evidence_computing(self) -> bool:
        tree = self.doc.tree if self.doc is not None else None
        return tree is not None and self.evidence_report() is None and bool(tree.actuals.series or tree.experiments)

    def _actuals_segment(self) -> str:
        """The segment the canvas shows actuals for (the toolbar's filter; "" for all users)."""
        detail = self.state.detail("actuals") if self.state is not None else None
        return detail if isinstance(detail, str) else ""

    def _on_overlay(self, name: str, detail: object) -> None:
        if name == "actuals":  # the segment filter changed: the actuals chart follows it
            if self._actuals_segment() != self.metric_form.actuals.segment:
                self.metric_form.actuals.segment = self._actuals_segment()
                self.refresh()
            return
        # evidence arrived (or was re-judged after an edit): refresh only when it is new
        if name != EVIDENCE or detail is self._shown_report:
            return
        self._shown_report = detail
        if not self.isVisible():
            self._stale = True
        elif self.current_page() is self.link_form:
            self.link_form.show_evidence()
        elif self.current_page() is self.metric_form:
            self.metric_form.show_evidence()

    def _set_document(self, doc: Document | None, push: Push | None) -> None:
        finish_pending_edit(self)
        if self.doc is not None:
            self.doc.changed.disconnect(self.refresh)
        self.doc = doc
        for committer in (self._metric_committer, self._link_committer):
            committer.bind(doc, push)
        if doc is not None:
            doc.changed.connect(self.refresh)
        self._metric_ids, self._link_keys = [], []
        self.refresh()

    def show_selection(self, metric_ids: list[str], link_keys: list[tuple[str, str]]) -> None:
        finish_pending_edit(self)
        self._metric_ids, self._link_keys = list(metric_ids), [(k[0], k[1]) for k in link_keys]
        self.refresh()

    def refresh(self) -> None:
        """Show the model as it is now. Never pushes: the committers ignore edits meanwhile.

        A hidden panel (a docked tab behind another) only notes that it is stale, so a drag on the
        canvas does not rebuild forms nobody sees.
        """
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        self._metric_committer.refreshing = self._link_committer.refreshing = True
        try:
            self._show()
        finally:
            self._metric_committer.refreshing = self._link_committer.refreshing = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def show_section(self, title: str) -> None:
        """Bring a section of the metric form into view (e.g. "Uncertainty" from the what-if)."""
        self.metric_form.show_section(title)

    def current_page(self) -> QWidget:
        return next(p for p in (self.summary, self.metric_form, self.link_form) if not p.isHidden())

    def _set_page(self, page: QWidget) -> None:
        for other in (self.summary, self.metric_form, self.link_form):
            other.setVisible(other is page)

    def _show(self) -> None:
        doc = self.doc
        if doc is None:
            self.summary.show_hint(NO_DOCUMENT)
            self._set_page(self.summary)
            return
        metric_ids = [i for i in self._metric_ids if doc.has_metric(i)]
        link_keys = [k for k in self._link_keys if doc.link(*k) is not None]
        if len(metric_ids) == 1 and not link_keys:
            self.metric_form.show_metric(doc.metric(metric_ids[0]), doc)
            self._set_page(self.metric_form)
        elif len(link_keys) == 1 and not metric_ids and (link := doc.link(*link_keys[0])) is not None:
            self.link_form.show_link(link, doc)
            self._set_page(self.link_form)
        elif metric_ids or link_keys:
            self.summary.show_many(doc, metric_ids, link_keys)
            self._set_page(self.summary)
        else:
            self.summary.show_hint(NOTHING_SELECTED)
            self._set_page(self.summary)
