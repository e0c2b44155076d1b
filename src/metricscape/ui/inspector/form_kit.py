"""Layout helpers so every form reads the same way: short labels left, long text full width."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from ..widgets.field_box import FieldBox


LONGEST_LABEL = "Per-user variability"


def form_layout(parent: QWidget) -> QFormLayout:
    form = QFormLayout(parent)
    form.setContentsMargins(4, 2, 4, 6)
    form.setHorizontalSpacing(10)
    form.setVerticalSpacing(6)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return form


def add_field(form: QFormLayout, label: str, editor: QWidget, tooltip: str, hint: str = "",
              wide: bool = False) -> FieldBox:
    """One labelled field with its error line. ``wide`` puts the label above (long text)."""
    box = FieldBox(editor, hint)
    caption = QLabel(label)
    # The same label column in every section, so the fields line up down the whole form.
    caption.setMinimumWidth(caption.fontMetrics().horizontalAdvance(LONGEST_LABEL) + 6)
    caption.setToolTip(tooltip)
    editor.setToolTip(tooltip)
    caption.setBuddy(editor)
    if wide:
        form.addRow(caption)
        form.addRow(box)
    else:
        # Centred on the first line of the field, whatever the field's height.
        caption.setMinimumHeight(min(editor.sizeHint().height(), _line_edit_height()))
        caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        form.addRow(caption, box)
    return box


def _line_edit_height() -> int:
    global _LINE_HEIGHT
    if _LINE_HEIGHT is None:
        _LINE_HEIGHT = QLineEdit().sizeHint().height()
    return _LINE_HEIGHT


_LINE_HEIGHT: int | None = None


def title_font(base: QFont, scale: float = 1.3) -> QFont:
    font = QFont(base)
    font.setPointSizeF(base.pointSizeF() * scale)
    font.setBold(True)
    return font
