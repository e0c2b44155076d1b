"""What the parts around the window may ask of it: the ``Shell`` protocol.

Menus, sharing actions, preferences, the health dock and the what-if workspace are given the
window as a ``Shell`` and import this module, never the window's own (only the application entry
point does): the window is the one place that swaps the current document, and they only read it,
dock their panels and show a status message.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDockWidget,
    QLineEdit,
    QMainWindow,
    QMenuBar,
    QStatusBar,
    QStyle,
    QToolBar,
    QWidget,
)

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoGroup

    from .actions import ActionRegistry
    from .actuals import ActualsWorkspace
    from .binding import DocumentPanel
    from .document_tab import DocumentTab
    from .evidence import EvidenceWorkspace
    from .session import DocumentSession
    from .whatif import WhatIfWorkspace
    from .why import WhyDock


class Shell(Protocol):
    registry: ActionRegistry  # every action and submenu, by name
    search: QLineEdit
    undo_group: QUndoGroup
    whatif: WhatIfWorkspace
    why: WhyDock
    evidence: EvidenceWorkspace
    actuals: ActualsWorkspace
    session_changed: SignalInstance  # (DocumentSession | None): the current model changed
    session_closed: SignalInstance   # (DocumentSession): a model's tab closed

    # --- the current model -------------------------------------------------------------------
    @property
    def sessions(self) -> list[DocumentSession]: ...
    @property
    def current_session(self) -> DocumentSession | None: ...
    @property
    def current_tab(self) -> DocumentTab | None: ...
    def tabs_of_models(self) -> list[DocumentTab]: ...
    def select_metric(self, metric_id: str) -> bool: ...
    def run_on_tab(self, method: Callable[[DocumentTab], object]) -> Callable[[], None]: ...

    # --- files and preferences ---------------------------------------------------------------
    def new_document(self) -> DocumentSession: ...
    def open_dialog(self) -> None: ...
    def open_path(self, path: str | Path) -> DocumentSession | None: ...
    def save(self, session: DocumentSession | None = None) -> bool: ...
    def save_as(self, session: DocumentSession | None = None) -> bool: ...
    def close_current(self) -> bool: ...
    def apply_preferences(self, theme_choice: str, snapping: bool, autosave_seconds: int) -> None: ...
    def set_theme(self, choice: str) -> None: ...
    def show_inspector_section(self, title: str) -> None:
        """Show the inspector and open one of its sections (e.g. "Uncertainty")."""

    # --- the window as a Qt parent, docking and messages (QMainWindow's own) -----------------
    def as_widget(self) -> QMainWindow:
        """The window itself, as the parent of actions, menus and dialogs."""
    def add_dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget: ...
    def add_panel(self, title: str, panel: DocumentPanel, widget: QWidget,
                  area: Qt.DockWidgetArea) -> QDockWidget: ...
    def tabifyDockWidget(self, first: QDockWidget, second: QDockWidget) -> None: ...
    def tabifiedDockWidgets(self, dock: QDockWidget) -> list[QDockWidget]: ...
    def resizeDocks(self, docks: list[QDockWidget], sizes: list[int], orientation: Qt.Orientation) -> None: ...
    def setCorner(self, corner: Qt.Corner, area: Qt.DockWidgetArea) -> None: ...
    def statusBar(self) -> QStatusBar: ...
    def menuBar(self) -> QMenuBar: ...
    def addToolBar(self, title: str) -> QToolBar: ...
    def addAction(self, action: QAction) -> None: ...
    def style(self) -> QStyle: ...
    def close(self) -> bool: ...
    def height(self) -> int: ...
