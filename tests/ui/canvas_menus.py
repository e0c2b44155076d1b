"""The canvas's right-click menu as a test reads it: opened at a scene point, its entries by text."""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QMenu

from metricscape.ui.canvas_menu import build_canvas_menu


def right_click(window, scene_point: QPointF) -> QMenu:
    tab = window.current_tab
    return build_canvas_menu(tab.view, tab.controller, tab.view.mapFromScene(scene_point))


def entries(menu: QMenu) -> dict[str, object]:
    """Every action by its text; a submenu's as "Menu ▸ Action"."""
    found = {}
    for action in menu.actions():
        if action.menu() is not None:
            found.update({f"{action.text()} ▸ {a.text()}": a for a in action.menu().actions()})
        elif action.text():
            found[action.text()] = action
    return found
