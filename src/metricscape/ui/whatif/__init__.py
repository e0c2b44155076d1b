"""The what-if workspace: live deltas on the canvas, the north star headline, analyses and scenarios.

``install(window)`` docks the panels in the main window and gives each open model its own
``WhatIfController`` (created when the model's tab is first shown, closed with the tab).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer

from .analyses import AnalysesPanel
from .controller import WhatIfController
from .goal_seek import GoalSeekDialog
from .headline import first_input_without_range
from .panel import WhatIfPanel

if TYPE_CHECKING:
    from ..session import DocumentSession
    from ..shell import Shell

__all__ = ["AnalysesPanel", "GoalSeekDialog", "WhatIfController", "WhatIfPanel", "WhatIfWorkspace", "install"]


class WhatIfWorkspace(QObject):
    """Keeps one controller per open model and points the panels at the current one."""

    def __init__(self, window: Shell) -> None:
        super().__init__(window.as_widget())
        self.window = window
        self.panel = WhatIfPanel()
        self.analyses = AnalysesPanel()
        self.controllers: dict[int, WhatIfController] = {}
        self._sessions: dict[int, DocumentSession] = {}
        # The sliders run the full height on the left; the analyses sit under the canvas only.
        window.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.panel_dock = window.add_dock("What-if", self.panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.analyses_dock = window.add_dock("Analyses", self.analyses, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.size_docks()
        QTimer.singleShot(0, self.size_docks)  # again once shown: the first layout may undo it
        self.panel.goal_seek_requested.connect(self.goal_seek)
        self.analyses.metric_activated.connect(self.select_metric)
        self.panel.headline.add_ranges_requested.connect(self.show_where_ranges_go)  # issue 14
        window.session_changed.connect(self.follow)
        window.session_closed.connect(lambda _session: self.prune())
        app = QCoreApplication.instance()
        if app is not None:  # stop the workers before Qt tears the window down
            app.aboutToQuit.connect(self.shutdown)
        self.follow(window.current_session)

    def size_docks(self) -> None:
        """The canvas keeps most of the window; the analyses take the bottom third, so their charts
        have room for readable bar labels (call after ``Shell.balance_docks``, which allows less)."""
        self.window.resizeDocks([self.panel_dock], [340], Qt.Orientation.Horizontal)
        self.window.resizeDocks([self.analyses_dock], [max(260, self.window.height() // 3)], Qt.Orientation.Vertical)

    def controller(self, session: DocumentSession | None) -> WhatIfController | None:
        if session is None:
            return None
        key = id(session)
        if key not in self.controllers:
            controller = WhatIfController(session.context, self)
            session.scene.selection_changed_ids.connect(
                lambda ids, _links, c=controller: c.follow_selection(ids[0]) if len(ids) == 1 else None)
            self.controllers[key] = controller
            self._sessions[key] = session
        return self.controllers[key]

    def prune(self) -> None:
        """Close the controllers of models whose tab closed (their workers stop)."""
        open_ids = {id(s) for s in self.window.sessions}
        for key in [k for k in self.controllers if k not in open_ids]:
            self.controllers.pop(key).close()
            self._sessions.pop(key, None)

    def follow(self, session: DocumentSession | None) -> None:
        self.prune()
        controller = self.controller(session)
        self.panel.set_controller(controller)
        self.analyses.set_controller(controller)

    @property
    def current(self) -> WhatIfController | None:
        return self.controller(self.window.current_session)

    def select_metric(self, metric_id: str) -> None:
        tab, session = self.window.current_tab, self.window.current_session
        if tab is None or session is None or not session.doc.has_metric(metric_id):
            return
        session.scene.select_only([metric_id])
        tab.view.reveal(metric_id)

    def show_metric(self, metric_id: str) -> bool:
        """"Show in the what-if": the panel comes forward with that input's row in view, ready to
        type a change (a computed metric has no row: the panel says so)."""
        self.panel_dock.show()
        self.panel_dock.raise_()
        return self.panel.show_input(metric_id)

    def show_where_ranges_go(self) -> None:
        """"No uncertainty set: add ranges": select an input that has none and open its Uncertainty."""
        session = self.window.current_session
        if session is None:
            return
        metric_id = first_input_without_range(session.doc.tree)
        if metric_id is None:
            return
        self.select_metric(metric_id)
        self.window.show_inspector_section("Uncertainty")

    def goal_seek(self) -> GoalSeekDialog | None:
        controller = self.current
        if controller is None:
            return None
        dialog = GoalSeekDialog(controller, controller.focus, self.window.as_widget())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def refresh_analyses(self) -> bool:
        """Run the Monte Carlo again and recompute the chart in view; False without a model."""
        controller = self.current
        if controller is None:
            return False
        controller.refresh_distribution()
        self.analyses.refresh()
        return True

    def wait_until_settled(self, timeout_ms: int) -> bool:
        """Let the analyses of the model in view finish (True) or give up after ``timeout_ms``."""
        from .settle import wait_until_settled
        return wait_until_settled(self, timeout_ms)

    def shutdown(self) -> None:
        for controller in self.controllers.values():
            controller.close()
        self.controllers.clear()


def install(window: Shell) -> WhatIfWorkspace:
    return WhatIfWorkspace(window)
