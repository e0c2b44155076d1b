"""Simulate ▸ …: the what-if actions reached from the menu bar, triggered as a PM would, with their effect."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from metricscape import io
from metricscape.model.scenario import ChangeMode
from metricscape.ui.whatif import GoalSeekDialog, prompts

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"
STAR = "weekly_listening_hours"


def simulate_menu(window) -> QMenu:
    return next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Simulate")


def item(menu: QMenu, text: str) -> QAction:
    return next(a for a in menu.actions() if a.text().replace("&", "").startswith(text))


def click(window, text: str) -> None:
    """Open Simulate, then choose the item, as the mouse would (the menu greys out what does not apply)."""
    menu = simulate_menu(window)
    menu.popup(QPoint(0, 0))
    action = item(menu, text)
    assert action.isEnabled(), f"‘{text}’ is greyed out"
    menu.hide()
    action.trigger()


@pytest.fixture
def opened(window, qtbot, tmp_path: Path):
    path = tmp_path / "music.json"
    io.save(io.load(EXAMPLES / "music-streaming.json").tree, path)
    session = window.open_path(path)
    controller = window.whatif.current
    assert window.whatif.wait_until_settled(60_000)
    return window, session, controller


def test_the_menu_sits_between_arrange_and_view_and_every_action_explains_itself(opened) -> None:
    window, _, _ = opened
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles.index("Arrange") + 1 == titles.index("Simulate") == titles.index("View") - 1
    menu = simulate_menu(window)
    texts = [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]
    for wanted in ("Goal seek…", "Run Monte Carlo / refresh analyses", "Reset what-if", "Keep as scenario…",
                   "New scenario…", "Show scenario"):
        assert wanted in texts
    for action in menu.actions():
        if not action.isSeparator() and action.menu() is None:
            assert action.toolTip() and action.toolTip() != action.text().replace("&", "")


def test_no_two_actions_share_a_shortcut(opened) -> None:
    window, _, _ = opened
    keys = Counter(k.toString() for a in window.findChildren(QAction) for k in a.shortcuts())
    assert [k for k, n in keys.items() if n > 1] == []
    for name in ("goal_seek", "refresh_analyses", "reset_whatif", "keep_scenario", "new_scenario"):
        assert not window.registry[name].shortcut().isEmpty(), name


def test_the_toolbar_has_an_export_button(opened) -> None:
    window, _, _ = opened
    from PySide6.QtWidgets import QToolBar
    toolbar = window.findChild(QToolBar, "main_toolbar")
    assert window.registry["export"] in toolbar.actions()


def test_at_the_baseline_reset_and_keep_are_greyed_out(opened) -> None:
    window, _, _ = opened
    menu = simulate_menu(window)
    menu.popup(QPoint(0, 0))
    assert not item(menu, "Reset what-if").isEnabled()
    assert not item(menu, "Keep as scenario").isEnabled()
    assert item(menu, "Goal seek").isEnabled()
    menu.hide()
    assert item(menu, "Reset what-if").isEnabled()  # closed again: its shortcut works (and explains itself)
    item(menu, "Reset what-if").trigger()
    assert "baseline" in window.statusBar().currentMessage()


def test_keep_as_scenario_then_show_baseline_and_the_scenario_again(opened, monkeypatch) -> None:
    window, session, controller = opened
    monkeypatch.setattr(prompts, "ask_text", lambda *args, **kwargs: "More sessions")
    controller.commit("sessions_per_listener", ChangeMode.RELATIVE, 10.0)
    moved = session.scene.card(STAR).value
    click(window, "Keep as scenario")
    scenario = next(s for s in session.doc.scenarios() if s.name == "More sessions")
    assert [(c.metric, c.value) for c in scenario.changes] == [("sessions_per_listener", 10.0)]
    assert controller.active == scenario.id

    shows = window.registry["show_scenario_menu"]
    shows.aboutToShow.emit()
    entries = {a.text(): a for a in shows.actions()}
    assert entries["More sessions"].isChecked()
    entries["Baseline (no changes)"].trigger()
    assert controller.active is None and not controller.changes
    assert session.scene.card(STAR).value < moved

    shows.aboutToShow.emit()
    next(a for a in shows.actions() if a.text() == "More sessions").trigger()
    assert controller.active == scenario.id
    assert session.scene.card(STAR).value == pytest.approx(moved)


def test_reset_what_if_returns_the_cards_to_the_baseline(opened) -> None:
    window, session, controller = opened
    baseline = session.scene.card(STAR).value
    controller.commit("sessions_per_listener", ChangeMode.RELATIVE, 20.0)
    assert session.scene.card(STAR).value > baseline
    click(window, "Reset what-if")
    assert not controller.changes
    assert session.scene.card(STAR).value == pytest.approx(baseline)


def test_new_scenario_is_one_undo_step_and_opens_the_scenarios_tab(opened, monkeypatch) -> None:
    window, session, _ = opened
    monkeypatch.setattr(prompts, "ask_text", lambda *args, **kwargs: "Holiday push")
    before = len(session.doc.scenarios())
    click(window, "New scenario")
    assert [s.name for s in session.doc.scenarios()][-1] == "Holiday push"
    tabs = window.whatif.analyses.tabs
    assert tabs.tabText(tabs.currentIndex()) == "Scenarios"
    session.undo_stack.undo()
    assert len(session.doc.scenarios()) == before


def test_goal_seek_opens_the_dialog(opened, qtbot) -> None:
    window, _, _ = opened
    click(window, "Goal seek")
    dialog = window.findChild(GoalSeekDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.close()


def test_refresh_runs_the_monte_carlo_and_the_levers_again(opened, qtbot) -> None:
    window, _, controller = opened
    tornado = window.whatif.analyses.tornado
    old_tornado, old_distribution = tornado.result, controller.distribution
    assert old_tornado is not None and old_distribution is not None
    with qtbot.waitSignals([controller.distribution_ready, controller.runner.finished], timeout=60_000):
        click(window, "Run Monte Carlo")
    assert window.whatif.wait_until_settled(60_000)
    assert controller.distribution is not old_distribution
    assert tornado.result is not old_tornado and tornado.result.target == STAR
