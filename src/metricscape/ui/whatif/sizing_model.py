"""The experiment-sizing rows as a Qt table model: nothing per cell is built, the view asks for the
texts of the rows it draws, and the rows arrive in batches as the PM scrolls (Qt's ``fetchMore``),
so a scenario moving thousands of metrics costs the GUI thread one batch at a time."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from .sizing_table import Emphasis, TableRow

BATCH = 25  # rows handed to the view at a time, about a screenful: laying them out takes a few ms
COLUMNS = ("Metric", "Kind", "Expected lift", "Users per arm", "Note")
RIGHT_ALIGNED = (2, 3)  # the numbers
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
# The roles as plain ints: compared for every cell drawn, Qt's enum members cost more to compare
DISPLAY, ALIGNMENT, BACKGROUND, FONT, TOOLTIP = (role.value for role in (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ToolTipRole))
Index = QModelIndex | QPersistentModelIndex


class SizingModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: tuple[TableRow, ...] = ()
        self._shown = 0
        self._brushes: dict[Emphasis, QBrush] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: tuple[TableRow, ...], highlight: QColor, warn: QColor) -> None:
        """Show ``rows`` (the first batch now, the rest as the view scrolls to them)."""
        self.beginResetModel()
        self._rows, self._shown = rows, min(BATCH, len(rows))
        self._brushes = {Emphasis.RECOMMENDED: QBrush(highlight), Emphasis.WARN: QBrush(warn)}
        self.endResetModel()

    def row(self, row: int) -> TableRow:
        return self._rows[row]

    # --- QAbstractTableModel -----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._shown < len(self._rows)

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid():
            return
        more = min(BATCH, len(self._rows) - self._shown)
        if more > 0:
            self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
            self._shown += more
            self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        return self._value(self._rows[index.row()], index.column(), int(role))

    def _value(self, row: TableRow, column: int, role: int) -> object:
        if role == DISPLAY:
            return row.cells[column]
        if role == ALIGNMENT:
            return RIGHT if column in RIGHT_ALIGNED else None
        if role == BACKGROUND:
            return self._brushes.get(row.emphasis)
        if role == FONT:
            return self._bold if row.emphasis is Emphasis.RECOMMENDED else None
        if role == TOOLTIP:
            return row.tooltip if column == 0 else None
        return None
