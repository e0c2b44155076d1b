"""Window shortcuts that keep working while the cursor is in a text field.

A focused QLineEdit claims every key its platform binds to a text command; on Linux that includes
Ctrl+E (end of line, an Emacs binding), so Ctrl+E never reached File ▸ Export from the inspector.
This filter lets a text field keep the editing keys people expect there (undo, copy, paste, select
all, delete) and hands every other window shortcut to the window.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
)

Key = QKeySequence.StandardKey
TEXT_EDITING = (Key.Undo, Key.Redo, Key.Cut, Key.Copy, Key.Paste, Key.SelectAll, Key.Delete, Key.Backspace,
                Key.DeleteStartOfWord, Key.DeleteEndOfWord, Key.DeleteEndOfLine, Key.InsertParagraphSeparator)
TEXT_WIDGETS = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox, QComboBox)


def _not_typing(sequence: QKeySequence) -> bool:
    """A key with Ctrl, Alt or Meta, or a function key: a plain key such as ``?`` (the shortcut
    sheet) is text in a field."""
    text = sequence.toString()  # the portable form: "Ctrl+E", "F2", "?"
    return any(held in text for held in ("Ctrl+", "Alt+", "Meta+")) or re.fullmatch(r"F\d+", text) is not None


class WindowKeysInTextFields(QObject):
    """Install on the application; ``actions`` are the window's actions."""

    def __init__(self, actions: Iterable[QAction], parent: QObject | None = None) -> None:
        super().__init__(parent)
        editing = {binding.toString() for key in TEXT_EDITING for binding in QKeySequence.keyBindings(key)}
        self.passed = {sequence.toString() for action in actions for sequence in action.shortcuts()
                       if not sequence.isEmpty() and sequence.toString() not in editing and _not_typing(sequence)}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(QApplication.focusWidget(), TEXT_WIDGETS):
            assert isinstance(event, QKeyEvent)
            if QKeySequence(event.keyCombination()).toString() in self.passed:
                return True  # not accepted: Qt now runs the window's shortcut instead of the field's command
        return False
