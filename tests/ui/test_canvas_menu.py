"""Issue 14 item 9: right-click offers what applies to the card, link or empty canvas under the
mouse, and each entry is one undoable edit."""

from __future__ import annotations

from canvas_menus import entries, right_click
from PySide6.QtCore import QPointF

from metricscape.model import LinkKind, MetricKind
from metricscape.ui.session import DocumentSession


def test_right_clicking_a_card_offers_its_actions(window, qtbot, small) -> None:
    session = DocumentSession(small)
    window.add_session(session)
    view, doc = window.current_tab.view, session.doc
    view.fit_to_view()
    hours = session.scene.card("hours").sceneBoundingRect().center()
    menu = right_click(window, hours)
    assert session.scene.selected_metric_ids() == ["hours"]  # right-click selects the card
    found = entries(menu)
    for expected in ("Add input (Tab)", "Add sibling (Enter)", "Rename", "Collapse drivers", "Select drivers",
                     "Select what it drives", "Duplicate", "Delete", "Set kind ▸ Proxy"):
        assert expected in found, expected
    before = len(doc.metrics())
    found["Add input (Tab)"].trigger()
    assert len(doc.metrics()) == before + 1
    new_id = session.scene.selected_metric_ids()[0]
    assert doc.link(new_id, "hours") is not None
    view.finish_rename(commit=False)
    session.undo_stack.undo()
    assert len(doc.metrics()) == before

    entries(right_click(window, hours))["Select drivers"].trigger()
    assert session.scene.selected_metric_ids() == ["activation"]

    step = session.undo_stack.index()
    entries(right_click(window, hours))["Set kind ▸ Proxy"].trigger()
    assert doc.metric("hours").kind is MetricKind.PROXY and session.undo_stack.index() == step + 1
    session.undo_stack.undo()
    assert doc.metric("hours").kind is MetricKind.INPUT


def test_right_clicking_a_link_or_the_canvas(window, small) -> None:
    session = DocumentSession(small)
    window.add_session(session)
    window.current_tab.view.fit_to_view()
    link = session.scene.link_item(("activation", "hours"))
    found = entries(right_click(window, link._path.pointAtPercent(0.3)))
    assert list(found) == ["Delete link"]
    found["Delete link"].trigger()
    assert session.doc.link("activation", "hours") is None

    empty = session.scene.visible_bounds().bottomRight() + QPointF(300, 300)
    window.current_tab.view.centerOn(empty)
    found = entries(right_click(window, empty))
    assert "Add metric here" in found and "Paste" in found
    before = len(session.doc.metrics())
    found["Add metric here"].trigger()
    assert len(session.doc.metrics()) == before + 1
    added = next(m for m in session.doc.metrics() if m.id not in {"hours_total", "users", "hours", "activation",
                                                                  "churn"})
    assert abs(added.position.x - empty.x()) < 200 and abs(added.position.y - empty.y()) < 200
    assert all(link.kind is not LinkKind.FORMULA or link.source != added.id for link in session.doc.links())
