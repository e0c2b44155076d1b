"""Undo: each user action is one QUndoCommand wrapping one model Edit.

``QUndoStack.push`` runs ``redo()``, which applies the edit; nothing else applies it. An edit the
model refuses (a loop, a second north star...) marks its command obsolete, so Qt drops it
instead of stacking a step that never happened; the error is kept for the caller to show.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand, QUndoStack

from metricscape.model import Document
from metricscape.model.edits import Edit


class EditCommand(QUndoCommand):
    def __init__(self, doc: Document, edit: Edit, text: str | None = None) -> None:
        super().__init__(text or edit.text)
        self.doc = doc
        self.edit = edit
        self.error: Exception | None = None
        self._first = True

    def redo(self) -> None:
        if not self._first:
            self.doc.apply(self.edit)
            return
        self._first = False
        try:
            self.doc.apply(self.edit)
        except Exception as exc:  # noqa: BLE001 - even a bug must not leave a step that never happened
            # the Compound edit rolled itself back: nothing changed
            self.error = exc
            self.setObsolete(True)

    def undo(self) -> None:
        self.doc.revert(self.edit)


def push_edit(stack: QUndoStack, doc: Document, edit: Edit, text: str | None = None) -> None:
    """Push ``edit`` as one undo step; raise the model's error if it was refused."""
    command = EditCommand(doc, edit, text)
    stack.push(command)
    if command.error is not None:
        raise command.error
