"""The "Why it moved" dock: beside the Analyses, hidden until asked for (Simulate ▸ Why did it
move?…); while it is in sight its overlay marks the cards, and it selects on the canvas the driver
whose bar is clicked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDockWidget

from .panel import WhyPanel

if TYPE_CHECKING:
    from ..session import DocumentSession
    from ..shell import Shell

IMPORT_ACTION = "import_actuals"  # File ▸ Import actuals…, when the registry has it


class WhyDock(QObject):
    def __init__(self, window: Shell, beside: QDockWidget | None = None) -> None:
        super().__init__(window.as_widget())
        self.window = window
        self.panel = WhyPanel()
        self.dock = window.add_panel("Why it moved", self.panel, self.panel, Qt.DockWidgetArea.BottomDockWidgetArea)
        # Tabbed with ``beside`` when first shown: a dock tabified while hidden makes the window
        # enforce the minimum size of the whole tab group at once (seen as a 700x500 window growing)
        self.beside = beside
        self.dock.hide()
        self.dock.visibilityChanged.connect(self.panel.set_active)
        self.panel.metric_clicked.connect(self.select)
        self.panel.import_requested.connect(self.import_actuals)
        # File ▸ Import actuals… is being built elsewhere: the empty state offers it once it is registered
        self.panel.empty.import_available = lambda: IMPORT_ACTION in window.registry
        self._followed: DocumentSession | None = None
        window.session_changed.connect(self.follow)
        self.follow(window.current_session)

    def show(self, comparison: str | None = None) -> None:
        """Bring the view into sight; ``comparison``: a preset's key (``previous``, ``year_ago``…)."""
        if self.beside is not None:  # first shown: beside the analyses, unless a restored layout placed it
            placed = self.dock.isFloating() or self.window.tabifiedDockWidgets(self.dock)
            if self.beside.isVisible() and not placed:
                self.window.tabifyDockWidget(self.beside, self.dock)
            self.beside = None
        self.dock.show()
        self.dock.raise_()
        # the waterfall needs height for its bars, names and amounts: half the window, not a strip
        self.window.resizeDocks([self.dock], [max(320, self.window.height() * 9 // 20)], Qt.Orientation.Vertical)
        if comparison is not None and self.panel.has_actuals:
            self.panel.periods.choose(comparison)

    def follow(self, session: DocumentSession | None) -> None:
        """Listen to the selection of the model in view (to explain it, when the user asks so)."""
        if self._followed is not None:
            try:
                self._followed.scene.selection_changed_ids.disconnect(self._on_selection)
            except (RuntimeError, TypeError):  # its scene is already gone with its tab
                pass
        self._followed = session
        if session is not None:
            session.scene.selection_changed_ids.connect(self._on_selection)

    def _on_selection(self, metric_ids: list[str], _links: object) -> None:
        self.panel.follow_selection(metric_ids)

    def select(self, metric_id: str) -> None:
        """Select a driver on the canvas and bring it into view (a bar was clicked)."""
        session, tab = self.window.current_session, self.window.current_tab
        if session is None or tab is None or not session.doc.has_metric(metric_id):
            return
        self.panel.ignore_selection = True
        try:
            session.scene.select_only([metric_id])
        finally:
            self.panel.ignore_selection = False
        tab.view.reveal(metric_id)

    def import_actuals(self) -> None:
        if IMPORT_ACTION in self.window.registry:
            self.window.registry.action(IMPORT_ACTION).trigger()
