"""Multi-line Markdown: read it rendered, switch to plain text to edit it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QTextBrowser, QToolButton, QVBoxLayout, QWidget

from .commit_edits import CommitTextEdit


class MarkdownView(QTextBrowser):
    """A frameless browser exactly as tall as its text, so a form reads like a page.
    Double-click to edit, as in a document."""

    double_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenExternalLinks(True)
        self.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.viewport().setAutoFillBackground(False)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.document().documentLayout().documentSizeChanged.connect(lambda _size: self._fit_height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.double_clicked.emit()
        event.accept()

    def _fit_height(self) -> None:
        height = int(self.document().size().height()) + 2
        if self.height() != height:
            self.setFixedHeight(max(height, self.fontMetrics().lineSpacing() + 8))


class MarkdownEdit(QWidget):
    """Shows the rendered text when there is some; "Edit" switches to the editor, "Preview" back.

    ``committed(str)`` fires when an edit is finished (focus-out, Ctrl+Enter or Preview).
    """

    committed = Signal(str)

    def __init__(self, parent: QWidget | None = None, placeholder: str = "", min_lines: int = 4) -> None:
        super().__init__(parent)
        self.editor = CommitTextEdit(self, min_lines=min_lines, max_lines=16)
        self.editor.setPlaceholderText(placeholder)
        self.viewer = MarkdownView(self)
        self.viewer.setToolTip("Double-click to edit")
        self.toggle = QToolButton(self)
        self.toggle.setAutoRaise(True)
        self.toggle.setToolTip("Switch between the formatted text and the text you type. Markdown works: "
                               "**bold**, *italic*, - lists, [links](https://…)")
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addStretch(1)
        bar.addWidget(self.toggle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.editor)
        layout.addWidget(self.viewer)
        layout.addLayout(bar)
        self.editor.committed.connect(self._committed)
        self.toggle.clicked.connect(self._toggled)
        self.viewer.double_clicked.connect(self._toggled)
        self._show_editor(True)

    @property
    def editing(self) -> bool:
        return not self.editor.isHidden()

    def set_markdown(self, text: str) -> None:
        self.editor.set_shown(text)
        self.viewer.setMarkdown(text)
        if not self.editor.hasFocus():
            self._show_editor(not text.strip())

    def markdown(self) -> str:
        return self.editor.toPlainText()

    def _committed(self, text: str) -> None:
        self.viewer.setMarkdown(text)
        self.committed.emit(text)

    def _toggled(self) -> None:
        if self.editing:
            self.editor.finish()
            self._show_editor(not self.editor.toPlainText().strip())
        else:
            self._show_editor(True)
            self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_editor(self, editing: bool) -> None:
        self.editor.setVisible(editing)
        self.viewer.setVisible(not editing)
        has_text = bool(self.editor.toPlainText().strip())
        self.toggle.setText("Preview" if editing else "Edit")
        self.toggle.setVisible(has_text or not editing)
