"""The action registry: every menu action and submenu of the window, by name.

Menus, the toolbar, shortcuts and tests reach an action through the registry (``actions.action
("save")``), never through the window's attributes; a wrong name fails with the names it knows.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu


class ActionRegistry(Mapping[str, "QAction | QMenu"]):
    def __init__(self, items: Mapping[str, QAction | QMenu] | None = None) -> None:
        self._items: dict[str, QAction | QMenu] = dict(items or {})

    def add(self, name: str, item: QAction | QMenu) -> None:
        if name in self._items:
            raise KeyError(f"an action named '{name}' is already registered")
        self._items[name] = item

    def action(self, name: str) -> QAction:
        item = self[name]
        if not isinstance(item, QAction):
            raise KeyError(f"'{name}' is a menu, not an action")
        return item

    def menu(self, name: str) -> QMenu:
        item = self[name]
        if not isinstance(item, QMenu):
            raise KeyError(f"'{name}' is an action, not a menu")
        return item

    def __getitem__(self, name: str) -> QAction | QMenu:
        try:
            return self._items[name]
        except KeyError:
            raise KeyError(f"no action named '{name}'; known: {', '.join(sorted(self._items))}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)
