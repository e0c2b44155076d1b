"""First-run dock sizes: the canvas comes first, the side panels start narrow.

After the first run the window restores the sizes the user left (``MainWindow.restore_layout``
through the settings module), so these only shape the first impression and screenshots.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow


@dataclass(frozen=True)
class DockSizes:
    whatif: int  # left
    inspector: int  # right
    analyses: int  # bottom


def first_run_sizes(width: int, height: int) -> DockSizes:
    """Narrow side panels (enough for their fields) and a short analyses strip."""
    # the inspector's four tabs (Inspector, Model, History, Health) need ~370 px to show whole
    return DockSizes(whatif=_clamp(width * 0.16, 240, 300), inspector=_clamp(width * 0.22, 370, 400),
                     analyses=_clamp(height * 0.35, 260, 360))  # room for the tab bar of the docks beside it


def _clamp(value: float, low: int, high: int) -> int:
    return int(max(low, min(high, value)))


def apply_first_run(window: QMainWindow, whatif: QDockWidget, inspector: QDockWidget, analyses: QDockWidget,
                    show_analyses: bool = True) -> None:
    """``show_analyses`` False: a new user's canvas gets the bottom too (View ▸ Analyses brings it
    back, and the window remembers it from then on)."""
    sizes = first_run_sizes(window.width(), window.height())
    if not show_analyses:  # the docks tabbed with it (past experiments) make way for the canvas too
        for neighbour in window.tabifiedDockWidgets(analyses):
            neighbour.setVisible(False)
    analyses.setVisible(show_analyses)
    for dock, width in ((whatif, sizes.whatif), (inspector, sizes.inspector)):  # one area at a time
        window.resizeDocks([dock], [width], Qt.Orientation.Horizontal)
    if show_analyses:
        window.resizeDocks([analyses], [sizes.analyses], Qt.Orientation.Vertical)
