"""Documentation: why the metric matters (rationale) and free notes, both in Markdown."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from metricscape.model.document import Document
from metricscape.model.metric import Metric, MetricKind

from ..widgets.form_kit import add_field, form_layout
from ..widgets.markdown_edit import MarkdownEdit
from .sections import CommitMetric, MetricSection


class DocumentationSection(MetricSection):
    def __init__(self, commit: CommitMetric, parent: QWidget | None = None) -> None:
        super().__init__(commit, parent)
        form = form_layout(self)
        self.rationale = MarkdownEdit()
        self.rationale_box = add_field(
            form, "Rationale", self.rationale,
            "The documented relationship to its parent and the north star. A proxy nobody can explain "
            "probably optimises nothing that matters", wide=True)
        self.notes = MarkdownEdit(placeholder="Anything else worth knowing: caveats, links, history",
                                  min_lines=3)
        self.notes_box = add_field(form, "Notes", self.notes, "Free notes for the team", wide=True)
        self.rationale.committed.connect(lambda text: self.commit({"rationale": text}, self.rationale_box))
        self.notes.committed.connect(lambda text: self.commit({"notes": text}, self.notes_box))

    def refresh(self, metric: Metric, doc: Document) -> None:
        self.rationale.set_markdown(metric.rationale)
        self.notes.set_markdown(metric.notes)
        self.rationale.editor.setPlaceholderText(
            "Why is this the north star: what value does it capture for users?" if metric.kind is MetricKind.NORTH_STAR
            else "Why does this metric move its parent and the north star? What evidence do we have?")
        self.rationale_box.clear_error()
        self.notes_box.clear_error()
