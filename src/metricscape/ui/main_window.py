"""The main window: models in tabs, menus and toolbar, docks for side panels, files and autosave."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QUndoGroup
from PySide6.QtWidgets import (
    QApplication,
    QCompleter,
    QDockWidget,
    QLabel,
    QLineEdit,
    QMainWindow,
    QStackedWidget,
    QStyle,
    QTabBar,
    QTabWidget,
    QToolButton,
    QUndoView,
    QWidget,
)

from metricscape import io
from metricscape.model import MetricTree
from metricscape.model.metadata import ModelInfo

from . import dialogs, settings, theme
from .actions import ActionRegistry
from .autosave import Autosaver, Recovery
from .binding import DocumentPanel
from .controller import laid_out
from .document_tab import DocumentTab
from .menus import build_actions, build_menus, build_toolbar
from .save_note_dialog import info_to_save
from .session import DocumentSession
from .welcome import WelcomeView

APP_TITLE = "Metricscape"


class MainWindow(QMainWindow):
    session_changed = Signal(object)  # the current DocumentSession, or None
    session_closed = Signal(object)   # a DocumentSession whose tab closed

    def __init__(self, autosaver: Autosaver | None = None, theme_name: str = "light",
                 remember_files: bool = True) -> None:
        super().__init__()
        self.remember_files = remember_files  # screenshots and self-tests leave the recent list alone
        self.setWindowTitle(APP_TITLE)
        self.setAcceptDrops(True)
        self.resize(1400, 900)
        self.theme_name = theme_name
        self.autosaver = autosaver
        self.undo_group = QUndoGroup(self)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(True)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.tabs.currentChanged.connect(self._on_current_changed)
        self.welcome = WelcomeView()
        self.welcome.new_requested.connect(self.new_document)
        self.welcome.open_requested.connect(self.open_dialog)
        self.welcome.path_chosen.connect(self.open_path)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.tabs)
        self.setCentralWidget(self.stack)
        self._panels: list[DocumentPanel] = []
        self._untitled = 0
        self._current: DocumentSession | None = None
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find a metric (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(260)
        self.search.returnPressed.connect(lambda: self.find_metric(self.search.text()))
        self.registry = ActionRegistry(build_actions(self))
        build_menus(self, self.registry)
        build_toolbar(self, self.registry)
        self.count_label = QLabel("")
        self.zoom_label = QLabel("")
        self.statusBar().addPermanentWidget(self.count_label)
        self.statusBar().addPermanentWidget(self.zoom_label)
        self.undo_view = QUndoView(self.undo_group)
        self.undo_view.setEmptyLabel("Opened")
        self._add_side_panels()
        self.history_dock = self.add_dock("History", self.undo_view, Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.inspector_dock, self.history_dock)
        from .health_dock import HealthDock
        self.health = HealthDock(self, self.inspector_dock)
        self.inspector_dock.raise_()
        self.resizeDocks([self.inspector_dock], [380], Qt.Orientation.Horizontal)
        from .whatif import install as install_whatif  # what-if panel (left) and analyses (bottom)
        self.whatif = install_whatif(self)
        # "Why it moved": at the bottom beside the analyses, hidden until asked for
        from .why import WhyDock
        self.why = WhyDock(self, beside=self.whatif.analyses_dock)
        from .evidence import install as install_evidence
        self.evidence = install_evidence(self)  # link badges; the experiment ledger (bottom)
        # import wizard, refresh, the cards' actuals and the segment filter
        from .actuals import install as install_actuals
        self.actuals = install_actuals(self)
        self.welcome.set_import_actuals(self.actuals.offer_import)
        self.autosave_timer = QTimer(self, interval=settings.autosave_seconds() * 1000)
        self.autosave_timer.timeout.connect(self.autosave)
        if autosaver is not None:
            self.autosave_timer.start()
        self.refresh_recent()
        self._update_state()
        self._pass_window_keys_from_text_fields()

    def _pass_window_keys_from_text_fields(self) -> None:
        """Ctrl+E exports (and every other window shortcut works) while typing in the inspector."""
        from .text_shortcuts import WindowKeysInTextFields
        app = QApplication.instance()
        if app is not None:
            self.window_keys = WindowKeysInTextFields(self.actions(), self)  # removed from the app with the window
            app.installEventFilter(self.window_keys)

    # --- contracts for the other panels ------------------------------------------------------

    def add_dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title.replace(" ", "_").lower())
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        self.registry.menu("view_menu").addAction(dock.toggleViewAction())
        return dock

    def add_panel(self, title: str, panel: DocumentPanel, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        """Dock a panel that follows the current document (``widget`` is the panel itself)."""
        dock = self.add_dock(title, widget, area)
        self._panels.append(panel)
        panel.bind(self._current.context if self._current is not None else None)
        return dock

    def _add_side_panels(self) -> None:
        from .inspector import InspectorPanel
        from .model_panel import ModelPanel
        self.inspector = InspectorPanel()
        right = Qt.DockWidgetArea.RightDockWidgetArea
        self.inspector_dock = self.add_panel("Inspector", self.inspector, self.inspector, right)
        self.model_panel = ModelPanel()
        self.model_dock = self.add_panel("Model", self.model_panel, self.model_panel, right)
        self.tabifyDockWidget(self.inspector_dock, self.model_dock)
        self.inspector_dock.raise_()

    def tabs_of_models(self) -> list[DocumentTab]:
        return [self.tabs.widget(i) for i in range(self.tabs.count())]  # type: ignore[misc]  # only DocumentTabs

    @property
    def sessions(self) -> list[DocumentSession]:
        return [tab.session for tab in self.tabs_of_models()]

    @property
    def current_tab(self) -> DocumentTab | None:
        return self.tabs.currentWidget()  # type: ignore[return-value]  # the tabs hold only DocumentTabs

    @property
    def current_session(self) -> DocumentSession | None:
        tab = self.current_tab
        return tab.session if tab is not None else None

    # --- documents ---------------------------------------------------------------------------

    def add_session(self, session: DocumentSession) -> DocumentTab:
        session.scene.set_palette(theme.canvas_palette(self.theme_name))
        session.scene.snapping = settings.snapping()
        tab = DocumentTab(session)
        self.undo_group.addStack(session.undo_stack)
        session.title_changed.connect(self._update_state)
        session.failed.connect(self._show_refusal)
        session.doc.changed.connect(self._update_state)
        tab.view.zoom_changed.connect(lambda z: self.zoom_label.setText(f"{z * 100:.0f} %"))
        index = self.tabs.addTab(tab, session.title)
        self.tabs.tabBar().setTabButton(index, QTabBar.ButtonPosition.RightSide, self._close_button(tab))
        self.tabs.setCurrentIndex(index)
        self.stack.setCurrentWidget(self.tabs)
        tab.set_overview_visible(self.registry.action("minimap").isChecked())
        QTimer.singleShot(0, tab.view.open_readable)  # issue 14: open on a readable view
        tab.controller.whatif_wanted.connect(self.whatif.show_metric)
        return tab

    def _close_button(self, tab: DocumentTab) -> QToolButton:
        """A quiet grey cross (the style's tab-close icon is an alarming red square)."""
        button = QToolButton()
        button.setAutoRaise(True)
        button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DockWidgetCloseButton))
        button.setToolTip("Close this model")
        button.clicked.connect(lambda: self.close_tab(self.tabs.indexOf(tab)))
        return button

    def new_document(self) -> DocumentSession:
        self._untitled += 1
        session = DocumentSession(untitled_number=self._untitled)
        self.add_session(session)
        self.statusBar().showMessage("Double-click the canvas to add your north star metric", 8000)
        return session

    def open_dialog(self) -> None:
        folder = str(self.current_session.path.parent) if self.current_session and self.current_session.path else ""
        for path in dialogs.open_paths(self, folder):
            self.open_path(path)

    def open_path(self, path: str | Path) -> DocumentSession | None:
        path = Path(path)
        for i, session in enumerate(self.sessions):
            if session.path is not None and session.path.resolve() == path.resolve():
                self.tabs.setCurrentIndex(i)
                return session
        try:
            loaded = io.load(path)
        except io.LoadError as exc:
            details = "\n".join(exc.problems)
            dialogs.show_error(self, "Could not open the model",
                               f"{exc.message}\n\nThe file was not changed.", details)
            return None
        except OSError as exc:
            dialogs.show_error(self, "Could not open the model", f"{path}: {exc.strerror or exc}")
            return None
        session = DocumentSession(laid_out(loaded.tree), loaded.path, loaded.fingerprint)
        self.add_session(session)
        if self.remember_files:
            settings.add_recent(path)
            self.refresh_recent()
        if loaded.upgraded_from is not None:
            self.statusBar().showMessage(f"{path.name} was written by an older version; it is upgraded when you save",
                                         10_000)
        for note in loaded.notes:  # e.g. the file comes from a newer minor version
            self.statusBar().showMessage(note, 20_000)
        return session

    def save(self, session: DocumentSession | None = None) -> bool:
        session = session or self.current_session
        if session is None:
            return False
        if session.path is None:
            return self.save_as(session)
        go, info = info_to_save(self, session)
        if not go:
            return False
        try:
            session.save(info=info, info_text=_record_text(info))
        except io.FileChangedError:
            answer = dialogs.ask(self, "The file changed on disk",
                                 f"‘{session.display_name}’ was changed by someone or something else since you "
                                 "opened it. Saving now would overwrite those changes.",
                                 ["Save a copy…", "Overwrite", "Cancel"], default="Save a copy…")
            if answer == "Overwrite":
                return self._save_checked(session, overwrite=True, info=info)
            if answer == "Save a copy…":
                return self.save_as(session, info=info)
            return False
        except io.SaveError as exc:
            dialogs.show_error(self, "Could not save", str(exc))
            return False
        self._saved(session)
        return True

    def _save_checked(self, session: DocumentSession, path: Path | None = None, overwrite: bool = False,
                      info: ModelInfo | None = None) -> bool:
        try:
            session.save(path, overwrite_changes=overwrite, info=info, info_text=_record_text(info))
        except io.SaveError as exc:
            dialogs.show_error(self, "Could not save", str(exc))
            return False
        self._saved(session)
        return True

    def save_as(self, session: DocumentSession | None = None, info: ModelInfo | None = None) -> bool:
        """``info``: the change-log entry already asked for (Save ▸ file changed ▸ Save a copy…)."""
        session = session or self.current_session
        if session is None:
            return False
        suggestion = str(session.path) if session.path else session.doc.info.name or "model.json"
        if not suggestion.endswith(".json"):
            suggestion = _file_name(suggestion)
        path = dialogs.save_path(self, suggestion)
        if path is None:
            return False
        if info is None:
            go, info = info_to_save(self, session)
            if not go:
                return False
        return self._save_checked(session, Path(path), overwrite=True, info=info)

    def _saved(self, session: DocumentSession) -> None:
        settings.add_recent(session.path)  # type: ignore[arg-type]  # just saved: it has a path
        self.refresh_recent()
        if self.autosaver is not None:
            self.autosaver.discard(_key(session))
        self.statusBar().showMessage(f"Saved {session.path}", 5000)
        self._update_state()

    def close_tab(self, index: int) -> bool:
        tab: DocumentTab = self.tabs.widget(index)  # type: ignore[assignment]  # the tabs hold only DocumentTabs
        if tab is None:
            return True
        if not self._may_discard(tab.session):
            return False
        self.tabs.removeTab(index)
        self.undo_group.removeStack(tab.session.undo_stack)
        if self.autosaver is not None:
            self.autosaver.discard(_key(tab.session))
        self.session_closed.emit(tab.session)
        tab.session.close()
        tab.deleteLater()
        if self.tabs.count() == 0:
            self.stack.setCurrentWidget(self.welcome)
            self._on_current_changed(-1)
        return True

    def _may_discard(self, session: DocumentSession) -> bool:
        if not session.modified:
            return True
        self.tabs.setCurrentIndex(self.sessions.index(session))
        answer = dialogs.ask(self, "Unsaved changes", f"Save the changes to ‘{session.display_name}’ before closing?",
                             ["Save", "Don't save", "Cancel"], default="Save")
        if answer == "Save":
            return self.save(session)
        return answer == "Don't save"

    def closeEvent(self, event: QCloseEvent) -> None:
        for session in list(self.sessions):
            if not self._may_discard(session):
                event.ignore()
                return
        if self.autosaver is not None:
            self.autosave_timer.stop()
            self.autosaver.shutdown()
            settings.save_window(self.saveGeometry(), self.saveState())
        event.accept()

    def balance_docks(self) -> None:
        """Give the canvas most of the window: side panels about a fifth each, the bottom a quarter."""
        area_of = self.dockWidgetArea
        docks = [d for d in self.findChildren(QDockWidget) if d.isVisible() and not d.isFloating()]
        side = [d for d in docks if area_of(d) in (Qt.DockWidgetArea.LeftDockWidgetArea,
                                                   Qt.DockWidgetArea.RightDockWidgetArea)]
        bottom = [d for d in docks if area_of(d) == Qt.DockWidgetArea.BottomDockWidgetArea]
        if side:
            width = max(280, int(self.width() * 0.2))
            self.resizeDocks(side, [width] * len(side), Qt.Orientation.Horizontal)
        if bottom:
            height = max(180, int(self.height() * 0.24))
            self.resizeDocks(bottom, [height] * len(bottom), Qt.Orientation.Vertical)

    def restore_layout(self) -> bool:
        """The window's size, position and docks as the user left them (real runs, not screenshots).

        False on a first run: call ``balance_docks`` once the window is shown."""
        geometry, state = settings.window_layout()
        if geometry is not None:
            self.restoreGeometry(geometry)
        return state is not None and self.restoreState(state)

    # --- autosave and recovery ---------------------------------------------------------------

    def autosave(self) -> int:
        """Snapshot every unsaved model; return how many were written."""
        if self.autosaver is None:
            return 0
        count = 0
        stamp = dt.datetime.now().isoformat(timespec="seconds")
        for session in self.sessions:
            if session.modified:
                self.autosaver.write(_key(session), session.doc.tree, session.display_name, session.path, stamp,
                                     session.fingerprint)
                count += 1
            else:
                self.autosaver.discard(_key(session))
        return count

    def offer_recovery(self) -> int:
        """After a crash: offer the unsaved models the last run left behind; return how many reopened."""
        if self.autosaver is None:
            return 0
        found = self.autosaver.recoveries()
        if not found:
            return 0
        names = "\n".join(f"• {r.name}  ({r.saved_at})" for r in found)
        answer = dialogs.ask(self, "Recover unsaved work?",
                             f"Metricscape closed unexpectedly last time. These models had unsaved changes:\n\n{names}"
                             "\n\nRecovered models open with their unsaved changes, each in its own file; nothing "
                             "is written until you save.",
                             ["Recover", "Discard"], default="Recover")
        reopened = 0
        if answer == "Recover":
            for recovery in found:
                try:
                    tree = recovery.load()
                except io.LoadError as exc:
                    dialogs.show_error(self, "Could not recover", str(exc))
                    continue
                session = self._recovered_session(tree, recovery)
                session.undo_stack.resetClean()  # unsaved until the user saves it
                self.add_session(session)
                reopened += 1
                where = f" into {recovery.original_path}" if recovery.original_path else ""
                self.statusBar().showMessage(f"Recovered ‘{recovery.name}’{where}; save it to keep it", 10_000)
        self.autosaver.forget(found)
        return reopened

    def _recovered_session(self, tree: MetricTree, recovery: Recovery) -> DocumentSession:
        """The recovered model in its original file, so Save goes back there; a save still asks first
        when that file changed on disk since the crashed instance last read or wrote it."""
        if recovery.original_path is None:
            self._untitled += 1
            return DocumentSession(tree, untitled_number=self._untitled)
        # Without a known fingerprint, one that matches no file: the save then always asks.
        known = recovery.original_fingerprint or io.Fingerprint(size=-1, mtime_ns=0, sha256="")
        return DocumentSession(tree, Path(recovery.original_path), fingerprint=known)

    # --- views and helpers -------------------------------------------------------------------

    def as_widget(self) -> QMainWindow:
        return self

    def close_current(self) -> bool:
        return self.close_tab(self.tabs.currentIndex())

    def apply_preferences(self, theme_choice: str, snapping: bool, autosave_seconds: int) -> None:
        self.set_theme(theme_choice)
        self.autosave_timer.setInterval(autosave_seconds * 1000)
        for session in self.sessions:
            session.scene.snapping = snapping

    def show_inspector_section(self, title: str) -> None:
        self.inspector_dock.show()
        self.inspector_dock.raise_()
        self.inspector.show_section(title)

    def set_theme(self, choice: str) -> None:
        app = QApplication.instance()
        self.theme_name = theme.apply(app, choice) if app is not None else "light"  # type: ignore[arg-type]  # the app's instance is a QApplication
        for session in self.sessions:
            session.scene.set_palette(theme.canvas_palette(self.theme_name))

    def find_metric(self, text: str) -> str | None:
        session, tab = self.current_session, self.current_tab
        text = text.strip().lower()
        if session is None or tab is None or not text:
            return None
        metrics = session.doc.metrics()
        match = next((m for m in metrics if m.name.lower() == text), None) or \
            next((m for m in metrics if text in m.name.lower() or text in m.id), None)
        if match is None:
            self.statusBar().showMessage(f"No metric matches ‘{text}’", 4000)
            return None
        tab.view.reveal(match.id)
        tab.view.setFocus()
        return match.id

    def select_metric(self, metric_id: str) -> bool:
        """Select a metric of the current model and centre it (a health finding or a change was clicked)."""
        session, tab = self.current_session, self.current_tab
        if session is None or tab is None or not session.doc.has_metric(metric_id):
            return False
        tab.view.reveal(metric_id)
        if not session.state.visibility.shows(metric_id):
            self.statusBar().showMessage(f"‘{session.doc.metric(metric_id).name}’ is hidden under a collapsed "
                                         "metric: expand it (Arrange ▸ Collapse / expand) to see it", 8000)
        return True

    def refresh_recent(self) -> None:
        files = settings.recent_files()
        self.welcome.set_recent(files)
        menu = self.registry.menu("recent_menu")
        menu.clear()
        for path in files:
            action = menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.triggered.connect(lambda _=False, p=path: self.open_path(p))
        menu.setEnabled(bool(files))

    def run_on_tab(self, method: Callable[[DocumentTab], object]) -> Callable[[], None]:
        """A slot that calls ``method`` on the current tab, if any."""
        def slot() -> None:
            tab = self.current_tab
            if tab is not None and self._may_act(tab):
                method(tab)
        return slot

    def _may_act(self, tab: DocumentTab) -> bool:
        editor = tab.view.rename_editor()
        return editor is None or not editor.hasFocus()

    def _on_current_changed(self, _index: int) -> None:
        session = self.current_session
        if self._current is not None and self._current is not session:
            try:
                self._current.scene.selection_changed_ids.disconnect(self._on_selection)
            except (RuntimeError, TypeError):
                pass
        self._current = session
        if session is not None:
            self.undo_group.setActiveStack(session.undo_stack)
            session.scene.selection_changed_ids.connect(self._on_selection)
            names = [m.name for m in session.doc.metrics()]
            completer = QCompleter(names, self.search)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.activated.connect(self.find_metric)
            self.search.setCompleter(completer)
        context = session.context if session is not None else None
        for panel in self._panels:  # the one place where panels change document
            panel.bind(context)
        if session is not None:
            self._on_selection(session.scene.selected_metric_ids(), session.scene.selected_link_keys())
        self.session_changed.emit(session)
        self._update_state()

    def _on_selection(self, metric_ids: list[str], link_keys: list[tuple[str, str]]) -> None:
        self.inspector.show_selection(metric_ids, link_keys)
        count = len(metric_ids)
        if count:
            self.statusBar().showMessage(f"{count} metric{'s' if count > 1 else ''} selected", 3000)

    def _show_refusal(self, message: str) -> None:
        self.statusBar().showMessage(message, 10_000)
        dialogs.show_error(self, "That change was not made", message)

    def _update_state(self) -> None:
        session = self.current_session
        for i, s in enumerate(self.sessions):
            self.tabs.setTabText(i, s.title)
            self.tabs.setTabToolTip(i, str(s.path) if s.path else "Not saved yet")
        if session is None:
            self.setWindowTitle(APP_TITLE)
            self.setWindowModified(False)
        else:
            self.setWindowTitle(f"{session.display_name}[*] — {APP_TITLE}")
            self.setWindowModified(session.modified)
            count = len(session.doc.metrics())
            self.count_label.setText(f"{count} metric{'' if count == 1 else 's'}")
        has_doc = session is not None
        for name in ("save", "save_as", "close", "fit", "zoom_in", "zoom_out", "zoom_selection", "auto_layout",
                     "add_metric", "select_all", "find", "export", "copy_diagram", "compare_file",
                     "import_experiments"):
            self.registry.action(name).setEnabled(has_doc)
        self.registry.action("compare_saved").setEnabled(has_doc and session is not None and session.path is not None)

    # --- drag and drop of files --------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _json_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        for path in _json_paths(event.mimeData()):
            self.open_path(path)
        event.acceptProposedAction()


def _json_paths(mime: QMimeData) -> list[str]:
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile() and url.toLocalFile().endswith(".json")]


def _key(session: DocumentSession) -> str:
    return f"doc{id(session):x}"


def _file_name(name: str) -> str:
    safe = "".join(c if c.isalnum() or c in " -_" else "_" for c in name).strip() or "model"
    return safe + ".json"


def _record_text(info: ModelInfo | None) -> str:
    """The undo text of the change-log entry a save adds."""
    if info is None or not info.changelog:
        return "Record the saved version"
    return f"Record version {info.changelog[-1].version} in the change log"


