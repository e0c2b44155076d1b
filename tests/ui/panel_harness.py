"""What a docked panel is given in the app: a ``DocumentContext`` (the document, its derived state
and a push that makes each edit one undo step with the app's own ``push_edit``), recording what
the panel pushed."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack

from metricscape.derived import DerivedState
from metricscape.model import Document
from metricscape.ui.binding import DocumentContext
from metricscape.ui.undo import push_edit


class PanelHarness:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.stack = QUndoStack()
        self.pushed: list = []
        self.context = DocumentContext(doc, DerivedState(doc), self.push)

    def push(self, edit) -> None:
        self.pushed.append(edit)
        push_edit(self.stack, self.doc, edit)
