"""A titled section that folds away, so a long form stays scannable.

Given a ``remember_as`` key, a section reopens the way the user last left it (in the settings).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from .. import settings


class CollapsibleSection(QWidget):
    toggled = Signal(bool)  # by the user

    def __init__(self, title: str, content: QWidget, parent: QWidget | None = None, expanded: bool = True,
                 remember_as: str = "") -> None:
        super().__init__(parent)
        self.remember_as = remember_as
        if remember_as:
            expanded = settings.section_expanded(remember_as, expanded)
        self.content = content
        self.header = QToolButton(self)
        self.header.setText(title)
        self.header.setCheckable(True)
        self.header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.header.setAutoRaise(True)
        self.header.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.header.setToolTip(f"Show or hide {title.lower()}")
        font = QFont(self.header.font())
        font.setBold(True)
        self.header.setFont(font)
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.setSpacing(4)
        layout.addWidget(self.header)
        layout.addWidget(line)
        layout.addWidget(content)
        self.header.toggled.connect(self._user_toggled)
        self.set_expanded(expanded)

    def _user_toggled(self, expanded: bool) -> None:
        self.set_expanded(expanded)
        if self.remember_as:
            settings.set_section_expanded(self.remember_as, expanded)
        self.toggled.emit(expanded)

    @property
    def expanded(self) -> bool:
        return self.header.isChecked()

    def set_expanded(self, expanded: bool) -> None:
        self.header.blockSignals(True)
        self.header.setChecked(expanded)
        self.header.blockSignals(False)
        self.header.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.content.setVisible(expanded)
