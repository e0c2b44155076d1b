"""Evidence for every link in the app: badges on the canvas, the experiment ledger, its import.

``install(window)`` gives each open model an ``EvidenceController`` (statistics off the GUI
thread, shown as the evidence overlay), shows their progress in the status bar, and docks the
experiment ledger beside the analyses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QTimer, Signal

from .. import dialogs
from ..widgets.busy_strip import BusyStrip
from .controller import EvidenceController
from .ledger_import import ImportOutcome, import_ledger
from .ledger_panel import LedgerPanel

if TYPE_CHECKING:
    from ..session import DocumentSession
    from ..shell import Shell

__all__ = ["EvidenceController", "EvidenceWorkspace", "LedgerPanel", "install"]


class EvidenceWorkspace(QObject):
    ready = Signal(object)  # an EvidenceReport reached the canvas of some open model

    def __init__(self, window: Shell) -> None:
        super().__init__(window.as_widget())
        self.window = window
        self.controllers: dict[int, EvidenceController] = {}
        # In the status bar while the statistics run.
        self.progress = BusyStrip("Testing the links against the actuals…", bar_width=120)
        window.statusBar().addPermanentWidget(self.progress)
        self.ledger = LedgerPanel()
        self.ledger_dock = window.add_panel("Past experiments", self.ledger, self.ledger,
                                            Qt.DockWidgetArea.BottomDockWidgetArea)
        window.tabifyDockWidget(window.whatif.analyses_dock, self.ledger_dock)
        # Tabifying lays the window out at once, which pins its minimum size before the window has
        # its real size (a restored layout smaller than that could not be applied): unpin it; showing
        # the window lays it out again.
        window.as_widget().setMinimumSize(0, 0)
        window.whatif.analyses_dock.raise_()
        self._shown: EvidenceController | None = None
        window.session_changed.connect(self.follow)
        window.session_closed.connect(self._closed)
        app = QCoreApplication.instance()
        if app is not None:  # stop the workers before Qt tears the window down
            app.aboutToQuit.connect(self.shutdown)
        self.follow(window.current_session)

    def controller(self, session: DocumentSession | None) -> EvidenceController | None:
        if session is None:
            return None
        key = id(session)
        if key not in self.controllers:
            controller = EvidenceController(session.state, self)
            controller.ready.connect(self.ready)
            controller.failed.connect(lambda message: self.window.statusBar().showMessage(
                f"The links could not be tested against the data: {message}", 10_000))
            self.controllers[key] = controller
        return self.controllers[key]

    @property
    def current(self) -> EvidenceController | None:
        return self.controller(self.window.current_session)

    def follow(self, session: DocumentSession | None) -> None:
        if self._shown is not None:
            self._shown.progressed.disconnect(self.progress.show_progress)
            self._shown.busy_changed.disconnect(self.progress.set_busy)
        self._shown = controller = self.controller(session)
        if controller is not None:
            controller.progressed.connect(self.progress.show_progress)
            controller.busy_changed.connect(self.progress.set_busy)
        self.progress.set_busy(controller is not None and controller.busy)

    def _closed(self, session: DocumentSession) -> None:
        controller = self.controllers.pop(id(session), None)
        if controller is not None:
            if controller is self._shown:
                self.follow(None)
            controller.close()

    def import_experiments(self, path: str | None = None) -> ImportOutcome | None:
        """File ▸ Import experiments…: ask for the CSV (unless given), import it, say what happened."""
        session = self.window.current_session
        if session is None:
            return None
        path = path or dialogs.open_csv(self.window.as_widget(), "Import past experiments")
        if not path:
            return None
        outcome = import_ledger(session.context, path)
        if outcome.ok:
            self.window.statusBar().showMessage(outcome.message, 10_000)
            self.ledger_dock.show()
            self.ledger_dock.raise_()
        else:
            dialogs.show_error(self.window.as_widget(), "Could not import the experiments",
                               outcome.message + "\n\n" + "\n".join(outcome.problems[:8]),
                               "\n".join(outcome.problems))
        return outcome

    def select_link(self, source: str, target: str) -> bool:
        """Select one link of the model in view (so the inspector shows its evidence)."""
        session, tab = self.window.current_session, self.window.current_tab
        if session is None or tab is None or session.doc.link(source, target) is None:
            return False
        tab.view.reveal(source)  # (selects the card: the link's selection follows)
        session.scene.clearSelection()
        item = next(i for i in session.scene.link_items() if i.key == (source, target))
        item.setSelected(True)
        return True

    def wait_until_settled(self, timeout_ms: int) -> bool:
        """Let the evidence of the model in view finish (True) or give up after ``timeout_ms``."""
        controller = self.current
        if controller is None or not controller.busy:
            return True
        loop = QEventLoop()
        deadline = QTimer(singleShot=True, interval=timeout_ms)
        deadline.timeout.connect(loop.quit)
        controller.busy_changed.connect(loop.quit)
        deadline.start()
        try:
            if controller.busy:
                loop.exec()
        finally:
            deadline.stop()
            controller.busy_changed.disconnect(loop.quit)
        return not controller.busy

    def shutdown(self) -> None:
        for controller in self.controllers.values():
            controller.close()
        self.controllers.clear()


def install(window: Shell) -> EvidenceWorkspace:
    return EvidenceWorkspace(window)
