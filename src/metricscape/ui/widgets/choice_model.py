"""The entries of a combo box as one list model: (label, data) pairs handed to Qt at once.

``QComboBox.addItem`` builds an item per entry; a goal seek on a 5,000-metric model filled some
7,000 of them on the GUI thread as the dialog opened (about 20 ms, more than a frame). The box reads
labels and data (``currentData``, ``findData``) from this model instead."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
DISPLAY, USER = Qt.ItemDataRole.DisplayRole.value, Qt.ItemDataRole.UserRole.value


class ChoiceModel(QAbstractListModel):
    def __init__(self, choices: Sequence[tuple[str, object]] = ()) -> None:
        super().__init__()
        self._choices = list(choices)

    def set_choices(self, choices: Sequence[tuple[str, object]]) -> None:
        self.beginResetModel()
        self._choices = list(choices)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._choices)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._choices):
            return None
        label, data = self._choices[index.row()]
        role = int(role)
        if role == DISPLAY:
            return label
        if role == USER:
            return data
        return None
