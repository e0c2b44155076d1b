"""The few questions the app asks and the errors it shows, behind small functions tests replace.

Everything goes through module attributes (``dialogs.ask(...)``), so a test can monkeypatch
``metricscape.ui.dialogs.ask`` and answer without a modal dialog blocking the run.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QMenu, QMessageBox, QWidget

from . import settings

FILE_FILTER = "Metricscape models (*.json);;All files (*)"


def ask(parent: QWidget | None, title: str, text: str, choices: Sequence[str], default: str | None = None) -> str:
    """Ask a question with named answers (the first is the main one); return the chosen answer.

    Closing the box counts as the last answer (conventionally "Cancel")."""
    box = QMessageBox(parent)
    box.setWindowTitle(title)
    box.setText(text)
    buttons: dict[QAbstractButton, str] = {}  # addButton(text, role) returns a QPushButton
    for i, choice in enumerate(choices):
        role = QMessageBox.ButtonRole.AcceptRole if i == 0 else (
            QMessageBox.ButtonRole.RejectRole if i == len(choices) - 1 else QMessageBox.ButtonRole.DestructiveRole)
        buttons[box.addButton(choice, role)] = choice
    if default is not None:
        for button, choice in buttons.items():
            if choice == default:
                box.setDefaultButton(button)  # type: ignore[call-overload]  # it is the QPushButton addButton made
    box.exec()
    clicked = box.clickedButton()
    return buttons.get(clicked, choices[-1]) if clicked is not None else choices[-1]


def show_error(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    """A clear error: what happened and what to do; the details (problem list) fold out."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    if details:
        box.setDetailedText(details)
    box.exec()


def choose(parent: QWidget | None, options: Sequence[str], at: QPoint | None = None) -> str | None:
    """A small pop-up menu of options at the mouse; None when dismissed."""
    menu = QMenu(parent)
    actions = {menu.addAction(option): option for option in options}
    chosen = menu.exec(at or QCursor.pos())
    return actions.get(chosen) if chosen is not None else None


def open_paths(parent: QWidget | None, folder: str = "") -> list[str]:
    paths, _ = QFileDialog.getOpenFileNames(parent, "Open models", folder or settings.start_path(), FILE_FILTER)
    if paths:
        settings.remember_folder(paths[0])
    return list(paths)


def open_csv(parent: QWidget | None, title: str) -> str | None:
    path, _ = QFileDialog.getOpenFileName(parent, title, settings.start_path(), "CSV files (*.csv);;All files (*)")
    if not path:
        return None
    settings.remember_folder(path)
    return path


def save_path(parent: QWidget | None, suggestion: str) -> str | None:
    path, _ = QFileDialog.getSaveFileName(parent, "Save model as", settings.start_path(suggestion), FILE_FILTER)
    if not path:
        return None
    settings.remember_folder(path)
    return path if path.lower().endswith(".json") else path + ".json"
