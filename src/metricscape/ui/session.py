"""One open model: its Document, derived state, undo stack, canvas scene, file path and
on-disk fingerprint.

Side panels receive ``session.context`` (the document, its derived state and ``push``); they push
edits, never apply them, and read what to show from the derived state.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from metricscape import io
from metricscape.derived import DerivedState
from metricscape.model import Document, MetricscapeError, MetricTree
from metricscape.model.edits import Edit
from metricscape.model.metadata import ModelInfo

from .binding import DocumentContext
from .canvas import style
from .canvas.scene import MetricScene
from .undo import push_edit
from .widgets.plain_errors import plain_error


class DocumentSession(QObject):
    title_changed = Signal()
    failed = Signal(str)  # an edit the model refused, in plain words

    def __init__(self, tree: MetricTree | None = None, path: Path | None = None,
                 fingerprint: io.Fingerprint | None = None, palette: style.CanvasPalette = style.DOCUMENT,
                 untitled_number: int = 1, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.doc = Document(tree)
        self.state = DerivedState(self.doc)
        self.undo_stack = QUndoStack(self)
        self.scene = MetricScene(self.doc, palette, parent=self, state=self.state)
        self.context = DocumentContext(self.doc, self.state, self.push)
        self.path = path
        self.fingerprint = fingerprint
        # The model as last saved (or opened): a save's change-log entry says what changed since.
        self.saved_tree: MetricTree | None = self.doc.tree if path is not None else None
        self.untitled_number = untitled_number
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)

    def _on_clean_changed(self, _clean: bool) -> None:
        self.title_changed.emit()

    # --- the one way to change a model from the UI -------------------------------------------

    def push(self, edit: Edit, text: str | None = None) -> bool:
        """Apply ``edit`` as one undo step. A refused edit changes nothing and is reported."""
        try:
            push_edit(self.undo_stack, self.doc, edit, text)
        except (MetricscapeError, ValueError) as exc:  # the model's and pydantic's errors carry plain messages
            self.failed.emit(plain_error(exc))
            return False
        return True

    # --- file state --------------------------------------------------------------------------

    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean()

    @property
    def display_name(self) -> str:
        if self.path is not None:
            return self.path.name
        return "Untitled" if self.untitled_number == 1 else f"Untitled {self.untitled_number}"

    @property
    def title(self) -> str:
        return self.display_name + (" •" if self.modified else "")

    def save(self, path: Path | None = None, *, overwrite_changes: bool = False, info: ModelInfo | None = None,
             info_text: str = "Record the saved version") -> None:
        """Save to ``path`` (default: where it came from). Raises io.SaveError / io.FileChangedError.

        ``info`` (the model details with a new change-log entry) is written with the model and, once
        the file is safely on disk, becomes one undo step; the stack is clean after the save.
        """
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("choose where to save first")
        same_file = self.path is not None and target.resolve() == self.path.resolve()
        expected = self.fingerprint if same_file and not overwrite_changes else None
        tree = self.doc.tree if info is None else self.doc.tree.model_copy(update={"info": info})
        self.fingerprint = io.save(tree, target, expected_fingerprint=expected)
        if info is not None:  # written first: a failed write leaves neither the file nor the undo stack changed
            self.push(self.doc.plan.replace_info(info), info_text)
        self.saved_tree = self.doc.tree
        self.doc.saved_ids = frozenset(self.doc.ids())
        self.path = target
        self.undo_stack.setClean()
        self.title_changed.emit()

    def close(self) -> None:
        self.scene.detach()
        self.state.detach()
