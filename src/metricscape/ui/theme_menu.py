"""View ▸ Theme: Light, Dark or follow the system, one click away (also in Preferences)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from . import settings

CHOICES = {"light": "&Light", "dark": "&Dark", "system": "Follow the &system"}


def build_theme_menu(parent: QWidget, apply: Callable[[str], object]) -> QMenu:
    """``apply(choice)`` switches the running app; the choice is remembered in the settings."""
    menu = QMenu("&Theme", parent)
    group = QActionGroup(menu)
    group.setExclusive(True)
    actions: dict[str, QAction] = {}
    for choice, text in CHOICES.items():
        action = QAction(text, menu)
        action.setCheckable(True)
        action.setData(choice)
        action.setStatusTip("Light, dark, or the platform's colour scheme" if choice == "system"
                            else f"Show Metricscape in {choice} colours")
        group.addAction(action)
        menu.addAction(action)
        actions[choice] = action

    def chosen(action: QAction) -> None:
        choice = str(action.data())
        settings.set_theme_choice(choice)
        apply(choice)

    def show_current() -> None:  # Preferences may have changed it meanwhile
        current = settings.theme_choice()
        actions.get(current, actions["system"]).setChecked(True)

    group.triggered.connect(chosen)
    menu.aboutToShow.connect(show_current)
    show_current()
    return menu
