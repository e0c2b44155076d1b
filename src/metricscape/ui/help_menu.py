"""The Help menu: the bundled user guide, the keyboard-shortcut sheet and "Open an example"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from .shell import Shell


def show_guide(w: Shell) -> None:
    from .help import GuideWindow
    guide = GuideWindow(w.as_widget())
    guide.show()  # beside the window, not modal: people read the guide while they work
    w.as_widget().setProperty("guide_window", guide)


def show_shortcuts(w: Shell) -> None:
    from .help import ShortcutSheet
    sheet = ShortcutSheet([a for a in w.as_widget().actions() if isinstance(a, QAction)], w.as_widget())
    sheet.show()
    w.as_widget().setProperty("shortcut_sheet", sheet)


def build_examples_menu(w: Shell) -> QMenu:
    """One entry per bundled example; each opens as its own model."""
    from .welcome import example_paths, example_title
    menu = QMenu("Open an e&xample", w.as_widget())
    for path in example_paths():
        action = menu.addAction(example_title(path))
        action.setToolTip(f"Open the example model {path.name}")
        action.triggered.connect(lambda _checked=False, p=path: w.open_path(p))
    return menu
