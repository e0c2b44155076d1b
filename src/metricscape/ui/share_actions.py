"""File ▸ Export…, Edit ▸ Copy diagram and File ▸ Compare: the sharing pieces reached from the menus.

Each function acts on the window's current model; file choices go through small module functions
(``choose_compare_file``) that tests replace instead of driving a native file dialog.
"""

from __future__ import annotations

import atexit
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from metricscape import io
from metricscape.export import ExportError, ExportOptions, OptionsError

from . import dialogs, settings
from .compare import CompareDialog
from .export.clipboard import SVG_MIME, copy_to_clipboard
from .export.dialog import ExportDialog

if TYPE_CHECKING:
    from .session import DocumentSession
    from .shell import Shell


def current_scenario(window: Shell) -> str | None:
    """The saved scenario the what-if panel shows on the canvas, if any (exports show its deltas)."""
    controller = window.whatif.current
    scenario = controller.active if controller is not None else None
    session = window.current_session
    if scenario is None or session is None or scenario not in {s.id for s in session.doc.scenarios()}:
        return None
    return scenario


def _export_name(session: DocumentSession) -> Path:
    if session.path is not None:
        return session.path.with_suffix(".png")
    safe = "".join(c if c.isalnum() or c in " -_" else "_" for c in session.doc.info.name).strip() or "model"
    return Path(safe + ".png")


def export_dialog(window: Shell) -> ExportDialog | None:
    """Open File ▸ Export… for the current model, preset to the scenario shown on the canvas."""
    session = window.current_session
    if session is None:
        return None
    dialog = ExportDialog(session.doc.tree, _export_name(session), window.as_widget())
    scenario = current_scenario(window)
    if scenario is not None:
        dialog.scenario.setCurrentIndex(max(0, dialog.scenario.findData(scenario)))
    dialog.exported.connect(lambda path: window.statusBar().showMessage(f"Exported {path}", 8000))
    _release_at_exit()  # its "Copy to clipboard" fills the clipboard too
    dialog.exec()
    return dialog


def copy_diagram(window: Shell) -> bool:
    """Put the picture, its SVG and Mermaid text on the clipboard in one go."""
    session = window.current_session
    if session is None:
        return False
    try:
        warnings = copy_to_clipboard(session.doc.tree, ExportOptions(scenario=current_scenario(window)))
    except (OptionsError, ExportError) as exc:
        dialogs.show_error(window.as_widget(), "Could not copy the diagram", str(exc))
        return False
    window.statusBar().showMessage(" ".join(["Copied the diagram: paste it as a picture, SVG or Mermaid text."]
                                            + warnings), 8000)
    _release_at_exit()
    return True


_release_registered = False


def _release_at_exit() -> None:
    global _release_registered
    if not _release_registered:
        atexit.register(release_diagram)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(release_diagram)
        _release_registered = True


def release_diagram() -> None:
    """Drop our diagram from the clipboard before Qt shuts down.

    PySide6 6.11 (offscreen) crashes on exit while the clipboard holds mime data set from Python
    (see ``clipboard.release_clipboard``, which guards the metrics' own format)."""
    if QGuiApplication.instance() is None:
        return
    clipboard = QGuiApplication.clipboard()
    mime = clipboard.mimeData()
    if mime is not None and mime.hasFormat(SVG_MIME):
        clipboard.clear()


def choose_compare_file(parent: QWidget, folder: str) -> str | None:
    """The model file to compare with (a file dialog); tests replace this."""
    path, _ = QFileDialog.getOpenFileName(parent, "Compare with file", folder or settings.start_path(),
                                          dialogs.FILE_FILTER)
    if path:
        settings.remember_folder(path)
    return path or None


def compare_with_file(window: Shell) -> CompareDialog | None:
    session = window.current_session
    if session is None:
        return None
    folder = str(session.path.parent) if session.path is not None else ""
    path = choose_compare_file(window.as_widget(), folder)
    if not path:
        return None
    return _open_compare(window, session, lambda: CompareDialog.with_file(session.doc.tree, path, window.as_widget()))


def compare_with_saved(window: Shell) -> CompareDialog | None:
    session = window.current_session
    if session is None:
        return None
    if session.path is None:
        window.statusBar().showMessage("This model has not been saved yet: there is no saved version to compare "
                                       "with", 8000)
        return None
    path = session.path
    return _open_compare(window, session, lambda: CompareDialog.with_disk(session.doc.tree, path, window.as_widget()))


def _open_compare(window: Shell, session: DocumentSession, build) -> CompareDialog | None:
    try:
        dialog: CompareDialog = build()
    except io.LoadError as exc:
        dialogs.show_error(window.as_widget(), "Could not compare", f"{Path(exc.source).name}: {exc.message}\n\n"
                           "Nothing was changed.", "\n".join(exc.problems))
        return None
    except OSError as exc:
        dialogs.show_error(window.as_widget(), "Could not compare", f"{getattr(exc, 'filename', '') or ''} {exc.strerror or exc}")
        return None
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.highlight_requested.connect(lambda ids: highlight_changes(window, session, ids))
    dialog.metric_activated.connect(lambda metric_id: window.select_metric(metric_id))
    dialog.show()  # not modal: the canvas stays usable beside the list of changes
    return dialog


def highlight_changes(window: Shell, session: DocumentSession, metric_ids: list[str]) -> list[str]:
    if session is not window.current_session:
        return []
    shown = session.scene.highlight(metric_ids)
    count = len(shown)
    window.statusBar().showMessage(
        f"{count} changed metric{'s' if count != 1 else ''} outlined on the canvas; press Escape to clear", 10_000)
    tab = window.current_tab
    if tab is not None and shown:
        tab.view.setFocus()  # so Escape reaches the canvas
    return shown
