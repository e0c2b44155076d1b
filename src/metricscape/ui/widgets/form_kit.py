"""Layout helpers so every form reads the same way: short labels left, long text full width."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from .field_box import FieldBox

LABEL_COLUMN = "Most likely xx"  # as wide as the usual labels; longer ones wrap


def form_layout(parent: QWidget) -> QFormLayout:
    form = QFormLayout(parent)
    form.setContentsMargins(4, 2, 4, 6)
    form.setHorizontalSpacing(10)
    form.setVerticalSpacing(6)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return form


def compact_combo() -> QComboBox:
    """A combo that does not widen the whole dock to fit its longest item (the list still shows it)."""
    combo = QComboBox()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(12)
    return combo


def add_field(form: QFormLayout, label: str, editor: QWidget, tooltip: str, hint: str = "",
              wide: bool = False) -> FieldBox:
    """One labelled field with its error line. ``wide`` puts the label above (long text)."""
    box = FieldBox(editor, hint)
    caption = QLabel(label)
    caption.setToolTip(tooltip)
    editor.setToolTip(tooltip)
    caption.setBuddy(editor)
    if wide:  # the label spans the row above its field: never clipped to the label column
        form.addRow(caption)
        form.addRow(box)
    else:
        # The same label column in every section, so the fields line up down the whole form;
        # longer labels wrap rather than widen a narrow dock.
        caption.setFixedWidth(caption.fontMetrics().horizontalAdvance(LABEL_COLUMN) + 8)
        caption.setWordWrap(True)
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
