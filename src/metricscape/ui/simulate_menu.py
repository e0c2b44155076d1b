"""The Simulate menu: the what-if workspace's actions (goal seek, analyses, scenarios) within reach of
the menu bar and the keyboard, not only of the What-if panel's buttons.

Actions are always enabled for their shortcuts' sake; the menu greys out what does not apply when it
opens, and each slot says in the status bar why it did nothing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from .menus import _action

if TYPE_CHECKING:
    from .shell import Shell
    from .whatif import WhatIfWorkspace

Key = QKeySequence.StandardKey
NO_MODEL = "Open a model first"


def build_simulate_actions(w: Shell) -> dict[str, QAction | QMenu]:
    a: dict[str, QAction | QMenu] = {
        "goal_seek": _action(w, "&Goal seek…", "What must an input be for a metric to reach its target?",
                             lambda: goal_seek(w), "Ctrl+Shift+G"),
        "refresh_analyses": _action(w, "Run Monte Carlo / re&fresh analyses",
                                    "Simulate the uncertainty again and recompute the chart in view "
                                    "(levers, outlook, uncertainty)", lambda: refresh_analyses(w), Key.Refresh),
        "reset_whatif": _action(w, "&Reset what-if", "Back to the baseline: the canvas shows no changes",
                                lambda: reset_whatif(w), "Ctrl+Shift+R"),
        "keep_scenario": _action(w, "&Keep as scenario…", "Save the slider changes as a named scenario",
                                 lambda: keep_as_scenario(w), "Ctrl+Shift+K"),
        "new_scenario": _action(w, "&New scenario…", "A new, empty scenario to fill in on the Scenarios tab",
                                lambda: new_scenario(w), "Ctrl+Shift+N"),
        "why_moved": _action(w, "&Why did it move?…", "Split the change of the north star (or any metric) between "
                             "two periods among its drivers, from the model's actuals", lambda: why_moved(w),
                             "Ctrl+Shift+Y"),
    }
    shows = QMenu("&Show scenario", w.as_widget())
    shows.setToolTipsVisible(True)
    shows.aboutToShow.connect(lambda: fill_scenarios(w, shows))
    a["show_scenario_menu"] = shows
    return a


def build_simulate_menu(w: Shell, a: Mapping[str, QAction | QMenu]) -> QMenu:
    menu = QMenu("&Simulate", w.as_widget())
    menu.setToolTipsVisible(True)
    for name in ("why_moved", None, "goal_seek", "refresh_analyses", None, "reset_whatif", "keep_scenario", "new_scenario",
                 "show_scenario_menu"):
        if name is None:
            menu.addSeparator()
        elif isinstance(item := a[name], QMenu):
            menu.addMenu(item)
        else:
            menu.addAction(item)
    menu.aboutToShow.connect(lambda: _grey_out(w, a))
    menu.aboutToHide.connect(lambda: _enable_all(a))  # shortcuts must keep working once it closes
    return menu


def _workspace(w: Shell) -> WhatIfWorkspace | None:
    return w.whatif


def _say(w: Shell, text: str) -> None:
    w.statusBar().showMessage(text, 6000)


def _grey_out(w: Shell, a: Mapping[str, QAction | QMenu]) -> None:
    workspace = _workspace(w)
    c = workspace.current if workspace is not None else None
    a["goal_seek"].setEnabled(c is not None and c.live is not None)
    a["refresh_analyses"].setEnabled(c is not None and c.live is not None)
    a["reset_whatif"].setEnabled(c is not None and (bool(c.changes) or c.active is not None))
    a["keep_scenario"].setEnabled(c is not None and bool(c.changes) and c.active is None)
    a["new_scenario"].setEnabled(c is not None)
    a["show_scenario_menu"].setEnabled(c is not None)
    session = w.current_session
    a["why_moved"].setEnabled(session is not None and bool(session.doc.tree.actuals.series))


def _enable_all(a: Mapping[str, QAction | QMenu]) -> None:
    for name in ("goal_seek", "refresh_analyses", "reset_whatif", "keep_scenario", "new_scenario",
                 "show_scenario_menu", "why_moved"):
        a[name].setEnabled(True)


def why_moved(w: Shell) -> bool:
    """Show the "Why it moved" view (greyed out in the menu without actuals; by its shortcut it then
    opens on its empty state, which says how to get actuals)."""
    if w.current_session is None:
        _say(w, NO_MODEL)
        return False
    w.why.show()
    return True


def goal_seek(w: Shell) -> object:
    workspace = _workspace(w)
    if workspace is None or workspace.current is None:
        _say(w, NO_MODEL)
        return None
    return workspace.goal_seek()


def refresh_analyses(w: Shell) -> bool:
    workspace = _workspace(w)
    if workspace is None or not workspace.refresh_analyses():
        _say(w, NO_MODEL)
        return False
    return True


def reset_whatif(w: Shell) -> bool:
    workspace = _workspace(w)
    c = workspace.current if workspace is not None else None
    if c is None or not (c.changes or c.active is not None):
        _say(w, "The canvas already shows the baseline")
        return False
    workspace.panel.reset()  # type: ignore[union-attr]  # checked just above
    return True


def keep_as_scenario(w: Shell) -> str | None:
    workspace = _workspace(w)
    c = workspace.current if workspace is not None else None
    if c is None or not c.changes or c.active is not None:
        _say(w, "Move a slider in the What-if panel first: there are no unsaved changes to keep")
        return None
    return workspace.panel.keep_as_scenario()  # type: ignore[union-attr]  # checked just above


def new_scenario(w: Shell) -> str | None:
    workspace = _workspace(w)
    if workspace is None or workspace.current is None:
        _say(w, NO_MODEL)
        return None
    scenario_id = workspace.analyses.scenarios.new()
    if scenario_id is not None:  # its changes are edited on the Scenarios tab: bring it into view
        workspace.analyses_dock.show()
        workspace.analyses_dock.raise_()
        tabs = workspace.analyses.tabs
        for index in range(tabs.count()):
            if tabs.tabText(index) == "Scenarios":
                tabs.setCurrentIndex(index)
    return scenario_id


def fill_scenarios(w: Shell, menu: QMenu) -> None:
    """Baseline, every saved scenario and the unsaved what-if; the one on the canvas is ticked."""
    menu.clear()
    workspace = _workspace(w)
    c = workspace.current if workspace is not None else None
    if c is None:
        return
    group = QActionGroup(menu)
    entries: list[tuple[str, str | None, str]] = [("Baseline (no changes)", None, "The canvas shows today's values")]
    entries += [(s.name, s.id, s.description or f"The canvas shows the changes of ‘{s.name}’")
                for s in c.doc.scenarios()]
    for text, scenario_id, tip in entries:
        action = menu.addAction(text.replace("&", "&&"))
        action.setToolTip(tip)
        action.setCheckable(True)
        action.setChecked(scenario_id == c.active and not (scenario_id is None and c.changes))
        action.setActionGroup(group)
        action.triggered.connect(lambda _checked=False, s=scenario_id, ctl=c: ctl.show_scenario(s))
    if c.active is None and c.changes:
        unsaved = menu.addAction("What-if (not saved)")
        unsaved.setToolTip("Your slider changes: keep them with Simulate ▸ Keep as scenario…")
        unsaved.setCheckable(True)
        unsaved.setChecked(True)
        unsaved.setActionGroup(group)
