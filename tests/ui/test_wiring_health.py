"""The health panel in the window: docked with the inspector, findings select metrics, badges, score."""

from __future__ import annotations

from PySide6.QtCore import Qt

from metricscape.derived import badge_text
from metricscape.model.rules import Level
from metricscape.ui.session import DocumentSession


def open_small(window, small) -> DocumentSession:
    session = DocumentSession(small)
    window.add_session(session)
    return session


def click_finding_about(qtbot, window, metric_id: str) -> None:
    window.health.show_panel()
    panel = window.health.panel
    row = next(r for r in range(panel.list.count()) if panel.list.item(r).data(Qt.ItemDataRole.UserRole).metric
               == metric_id)
    item = panel.list.item(row)
    panel.list.scrollToItem(item)
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=panel.list.visualItemRect(item).center())


def test_the_health_panel_is_tabbed_with_the_inspector(window) -> None:
    assert window.health.dock in window.tabifiedDockWidgets(window.inspector_dock)
    assert window.health.dock.toggleViewAction() in window.registry["view_menu"].actions()


def test_clicking_a_finding_selects_and_centres_its_metric(window, small, qtbot) -> None:
    session = open_small(window, small)
    view = window.current_tab.view
    view.set_zoom(1.0)
    view.centerOn(-3000, -3000)  # the user has panned far away
    click_finding_about(qtbot, window, "activation")
    assert session.scene.selected_metric_ids() == ["activation"]
    card_centre = view.mapFromScene(session.scene.card("activation").sceneBoundingRect().center())
    assert view.viewport().rect().contains(card_centre)


def test_cards_show_a_badge_for_their_findings(window, small) -> None:
    session = open_small(window, small)
    report = window.health.panel.report
    for card in session.scene.cards():
        assert card.health == badge_text(report.for_metric(card.metric_id))
    badged = [c for c in session.scene.cards() if c.health]
    assert badged, "the small model has findings (no rationale, no gaming-risk notes)"
    assert "Health check" in badged[0].toolTip()


def test_fixing_a_finding_updates_the_badge(window, small) -> None:
    session = open_small(window, small)
    before = window.health.panel.report.for_metric("activation")
    assert any("rationale" in f.rule for f in before)
    session.push(session.doc.plan.update_metric("activation", rationale="Activated listeners come back weekly."))
    after = window.health.panel.report.for_metric("activation")
    assert len(after) == len(before) - 1
    assert session.scene.card("activation").health == badge_text(after)


def test_the_score_is_in_the_status_bar_and_opens_the_panel(window, small, qtbot) -> None:
    open_small(window, small)
    button = window.health.score_button
    assert button.isVisible()
    assert button.text() == f"Health {window.health.panel.report.score}/100"
    window.inspector_dock.raise_()
    panel = window.health.panel
    qtbot.waitUntil(lambda: panel.visibleRegion().isEmpty())  # behind the inspector's tab
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.visibleRegion().isEmpty())


def test_badge_text_counts_what_needs_fixing() -> None:
    class F:
        def __init__(self, level: Level) -> None:
            self.level = level

    assert badge_text([]) == ""
    assert badge_text([F(Level.INFO)]) == "?"
    assert badge_text([F(Level.WARNING), F(Level.ERROR), F(Level.INFO)]) == "2"
