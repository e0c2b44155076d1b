"""The model panel: what the model is, who wrote it, the north star's scorecard and history,
and the change log. Same contract as the inspector: ``bind(context)``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from metricscape.model.document import Document
from metricscape.model.metadata import Scorecard

from ..binding import DocumentContext
from ..widgets.collapsible import CollapsibleSection
from ..widgets.commit_edits import CommitLineEdit, CommitTextEdit
from ..widgets.committer import Committer, Push, ShowsErrors, finish_pending_edit
from ..widgets.field_box import ErrorLabel, HintLabel
from ..widgets.form_kit import add_field, form_layout, title_font
from ..widgets.markdown_edit import MarkdownEdit
from ..widgets.optional_spin import OptionalSpinBox
from .changelog_view import ChangeLogView
from .history_view import HistoryView
from .record_dialog import RecordDefinitionDialog
from .scorecard_view import ScorecardView

INFO_LABELS = {"name": "Name", "description": "Description", "authors": "Authors",
               "north_star_review_cadence_days": "Change at most every", "scorecard": "Scorecard",
               "north_star_history": "History"}


class ModelPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ModelPanel")
        self.committer = Committer(INFO_LABELS)
        self.doc: Document | None = None
        self.title = QLabel("Model")
        self.title.setFont(title_font(self.font()))
        self.title.setWordWrap(True)
        self.no_document = HintLabel("Open or create a model to see its details here.")

        about = QWidget()
        form = form_layout(about)
        self.name = CommitLineEdit()
        self.name_box = add_field(form, "Name", self.name, "The model's name, shown in the title bar and exports")
        self.authors = CommitTextEdit(min_lines=2, max_lines=6)
        self.authors.setPlaceholderText("One per line, e.g. Maya Lindqvist (Head of Product)")
        self.authors_box = add_field(form, "Authors", self.authors, "Who maintains this model; one per line")
        self.description = MarkdownEdit(placeholder="What this model is for and how to read it")
        self.description_box = add_field(form, "Description", self.description,
                                         "What the model covers, for whoever opens the file next", wide=True)

        north_star = QWidget()
        ns_form = form_layout(north_star)
        self.north_star_name = QLabel()
        self.north_star_name.setWordWrap(True)
        ns_form.addRow("Current", self.north_star_name)
        self.cadence = OptionalSpinBox(1, 3660, " days")
        self.cadence_box = add_field(
            ns_form, "Change at most every", self.cadence,
            "How often the north star's definition may change at most. The health check warns when it "
            "changes more often: changing it too often confuses everyone")

        self.scorecard = ScorecardView()
        self.history = HistoryView()
        self.history_error = ErrorLabel()
        history_box = QWidget()
        history_layout = QVBoxLayout(history_box)
        history_layout.setContentsMargins(0, 0, 0, 0)
        history_layout.addWidget(self.history)
        history_layout.addWidget(self.history_error)
        self.changelog = ChangeLogView()

        self.sections = {
            "About": CollapsibleSection("About this model", about),
            "North star": CollapsibleSection("North star", north_star),
            "Scorecard": CollapsibleSection("North-star scorecard", self.scorecard),
            "History": CollapsibleSection("History of the north star", history_box),
            "Change log": CollapsibleSection("Change log", self.changelog),
        }
        self.content = QWidget()
        content_layout = QVBoxLayout(self.content)
        content_layout.setContentsMargins(8, 8, 8, 8)
        content_layout.setSpacing(2)
        content_layout.addWidget(self.title)
        content_layout.addWidget(self.no_document)
        for section in self.sections.values():
            content_layout.addWidget(section)
        content_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        self.name.committed.connect(lambda text: self.commit({"name": text.strip()}, self.name_box))
        self.authors.committed.connect(lambda text: self.commit({"authors": parse_authors(text)}, self.authors_box))
        self.description.committed.connect(lambda text: self.commit({"description": text}, self.description_box))
        self.cadence.value_committed.connect(
            lambda v: self.commit({"north_star_review_cadence_days": v}, self.cadence_box))
        self.scorecard.scorecard_edited.connect(self._scorecard_edited)
        self.history.record_requested.connect(self.record_definition)
        self._stale = True

    def bind(self, context: DocumentContext | None) -> None:
        """The ``DocumentPanel`` protocol: follow this document (None: no model open)."""
        self._set_document(context.doc if context else None, context.push if context else None)

    def _set_document(self, doc: Document | None, push: Push | None) -> None:
        finish_pending_edit(self)
        if self.doc is not None:
            self.doc.changed.disconnect(self.refresh)
        self.doc = doc
        self.committer.bind(doc, push)
        if doc is not None:
            doc.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Show the model as it is now; never pushes (the committer ignores edits meanwhile).
        While hidden (a docked tab behind another) it only notes that it is stale."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        self.committer.refreshing = True
        try:
            self._show()
        finally:
            self.committer.refreshing = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _show(self) -> None:
        doc = self.doc
        self.no_document.setVisible(doc is None)
        for section in self.sections.values():
            section.setVisible(doc is not None)
        if doc is None:
            self.title.setText("Model")
            return
        info = doc.info
        self.title.setText(info.name)
        self.name.set_shown(info.name)
        self.authors.set_shown("\n".join(info.authors))
        self.description.set_markdown(info.description)
        self.cadence.set_value(info.north_star_review_cadence_days)
        star = doc.tree.north_star
        self.north_star_name.setText(star.name if star else "None yet: mark one metric as the north star")
        self.scorecard.show_scorecard(info.scorecard)
        self.history.show_history(info.north_star_history)
        self.changelog.show_changelog(info.changelog)
        count = len(info.changelog)
        self.sections["Change log"].header.setText(f"Change log ({count})" if count else "Change log")
        for box in (self.name_box, self.authors_box, self.description_box, self.cadence_box):
            box.clear_error()
        self.history_error.clear_error()

    def commit(self, changes: Mapping[str, Any], where: ShowsErrors | None) -> bool:
        doc = self.doc
        if doc is None:
            return False
        current = {key: getattr(doc.info, key) for key in changes}
        return self.committer.run(current, changes, lambda: doc.plan.update_info(**changes), where)

    def _scorecard_edited(self, scorecard: Scorecard, editor: ShowsErrors) -> None:
        self.commit({"scorecard": scorecard}, editor)

    def record_definition(self) -> None:
        """Ask for a new north-star definition and add it to the history (one undo step)."""
        doc = self.doc
        if doc is None:
            return
        star = doc.tree.north_star
        info = doc.info
        latest = max(info.north_star_history, key=lambda e: e.adopted_on, default=None)
        name = star.name if star else (latest.name if latest else "")
        definition = star.definition if star else (latest.definition if latest else "")
        entry = RecordDefinitionDialog.ask(self, name, definition, info.north_star_history,
                                           info.north_star_review_cadence_days)
        if entry is None:
            return
        history = tuple(sorted((*info.north_star_history, entry), key=lambda e: e.adopted_on))
        self.commit({"north_star_history": history}, self.history_error)


def parse_authors(text: str) -> tuple[str, ...]:
    """One author per line; blank lines dropped, order kept."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())
