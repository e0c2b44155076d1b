"""When something unexpected goes wrong: log it, and tell the user where the details are.

Without this, an error in a windowed build goes nowhere (there is no console) and the
app either vanishes or silently stops doing what was asked. ``install`` replaces
``sys.excepthook`` (which PySide6 also calls for errors inside slots and paint events).
``show_crash_dialog`` is the seam that tests replace.
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox

from metricscape.logs import current_log_file, guard_missing_streams, setup_logging

log = logging.getLogger(__name__)

TITLE = "Metricscape ran into a problem"
# Nobody can click a dialog on these (self-test, CI, screenshots): a modal one would hang.
HEADLESS_PLATFORMS = ("offscreen", "minimal")

_showing = False  # an error raised while the dialog is open must not open another one


def install(log_file: Path | None = None) -> Path | None:
    """Set up logging (unless done already) and route uncaught errors to the dialog.

    Returns the log file's path, which the dialog will name.
    """
    guard_missing_streams()
    if log_file is None:
        log_file = current_log_file() or setup_logging()
    sys.excepthook = lambda *info: handle_exception(*info, log_file=log_file)
    threading.excepthook = lambda args: handle_exception(
        args.exc_type, args.exc_value, args.exc_traceback, log_file=log_file)
    return log_file


def handle_exception(exc_type: type[BaseException], exc: BaseException | None,
                     tb: TracebackType | None, *, log_file: Path | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):  # Ctrl+C in a terminal is not a crash
        sys.__excepthook__(exc_type, exc or exc_type(), tb)
        return
    log.critical("Unexpected error", exc_info=(exc_type, exc or exc_type(), tb))
    global _showing
    if _showing:
        return
    _showing = True
    try:
        show_crash_dialog(crash_message(log_file), log_file)
    except Exception:  # the dialog itself failed: the log already has the original error
        log.exception("Could not show the error dialog")
    finally:
        _showing = False


def crash_message(log_file: Path | None) -> str:
    where = (f"The details were written to:\n{log_file}\n\n"
             "Please send that file along when you report the problem."
             if log_file else "The details could not be written to a log file.")
    return ("Something went wrong that Metricscape did not expect.\n\n"
            "You can keep working, but save your model under a new name to be safe.\n\n"
            + where)


def show_crash_dialog(message: str, log_file: Path | None) -> None:
    """Show ``message`` in a modal dialog with a button that opens the log folder."""
    if QApplication.instance() is None or QApplication.platformName() in HEADLESS_PLATFORMS:  # no one to show a window to
        if sys.stderr is not None:
            print(f"{TITLE}\n{message}", file=sys.stderr)
        return
    box = QMessageBox(QMessageBox.Icon.Critical, TITLE, message)
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    open_folder = None
    if log_file is not None:
        open_folder = box.addButton("Open log folder", QMessageBox.ButtonRole.ActionRole)
    box.exec()
    if open_folder is not None and log_file is not None and box.clickedButton() is open_folder:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_file.parent)))
