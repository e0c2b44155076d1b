"""The canvas as a user meets it: dragging, linking labels, collapsing, copy/paste, zoom, search."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent

from metricscape.derived import CardState, Source
from metricscape.model import Document
from metricscape.ui.canvas import style
from metricscape.ui.canvas.link_label import formula_role
from metricscape.ui.canvas.scene import MetricScene
from metricscape.ui.session import DocumentSession


def open_small(window, small) -> DocumentSession:
    session = DocumentSession(small)
    window.add_session(session)
    window.current_tab.view.fit_to_view()
    return session


def drag(qtbot, view, start: QPoint, end: QPoint) -> None:
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    for i in range(1, 6):
        qtbot.mouseMove(view.viewport(), start + (end - start) * i / 5)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=end)


def test_dragging_two_selected_cards_is_one_undo_step_snapped_to_the_grid(window, small, qtbot) -> None:
    session = open_small(window, small)
    view, scene, stack = window.current_tab.view, session.scene, session.undo_stack
    scene.select_only(["users", "hours"])
    before = {i: session.doc.metric(i).position for i in ("users", "hours")}
    card = scene.card("users")
    start = view.mapFromScene(card.sceneBoundingRect().center() + QPointF(0, 20))
    drag(qtbot, view, start, start + QPoint(63, 47))
    assert stack.count() == 1 and stack.undoText() == "Move 2 metrics"
    after = {i: session.doc.metric(i).position for i in ("users", "hours")}
    assert all(after[i] != before[i] for i in after)
    assert all(p.x % scene.grid == 0 and p.y % scene.grid == 0 for p in after.values())
    link = scene.link_item(("users", "hours_total"))
    assert link.path_start() == card.mapToScene(card.handle_centre())  # the arrow followed the card
    stack.undo()
    assert {i: session.doc.metric(i).position for i in before} == before
    assert scene.card("users").pos() == QPointF(before["users"].x, before["users"].y)


def test_link_labels_name_the_role_in_the_formula() -> None:
    assert formula_role("a * b", "b") == "×"
    assert formula_role("new + retained + back", "retained") == "+"
    assert formula_role("orders / visitors", "visitors") == "÷"
    assert formula_role("orders / visitors", "orders") == "×"
    assert formula_role("a - b", "b") == "−"
    assert formula_role("max(a, b) * 2", "a") == "max"
    assert formula_role("a", "a") == "="


def test_collapsing_hides_the_drivers_and_counts_them(window, small) -> None:
    session = open_small(window, small)
    scene = session.scene
    scene.select_only(["hours"])
    assert window.current_tab.controller.toggle_collapse()
    assert not scene.card("activation").isVisible()
    assert not scene.link_item(("activation", "hours")).isVisible()
    assert scene.card("hours")._text.hidden_drivers == 1
    assert session.undo_stack.undoText() == "Collapse ‘Hours per listener’"
    session.undo_stack.undo()
    assert scene.card("activation").isVisible()


def test_copy_paste_between_two_windows_keeps_links_and_gives_fresh_ids(window, small, qtbot) -> None:
    first = open_small(window, small)
    first.scene.select_only(["hours", "activation", "hours_total", "users"])
    assert window.current_tab.controller.copy()
    from metricscape.ui.autosave import Autosaver
    from metricscape.ui.main_window import MainWindow
    other = MainWindow(Autosaver(window.autosaver.root))
    target = DocumentSession(small)
    other.add_session(target)
    pasted = other.current_tab.controller.paste()
    assert len(pasted) == 4 and not set(pasted) & set(small.metrics_by_id())
    doc = target.doc
    star_copy = next(i for i in pasted if doc.metric(i).name == "Weekly listening hours")
    assert doc.metric(star_copy).kind.value == "input"  # one north star per model
    refs = set(doc.metric(star_copy).formula.replace("*", " ").split())
    assert refs <= set(pasted)  # the formula follows the copies
    assert any(link.kind.value == "influence" and link.source in pasted for link in doc.links())
    assert target.undo_stack.count() == 1
    target.undo_stack.undo()
    assert doc.ids() == set(small.metrics_by_id())
    target.undo_stack.setClean()
    other.close()


def test_wheel_zooms_around_the_cursor(window, small) -> None:
    open_small(window, small)
    view = window.current_tab.view
    cursor = QPointF(200, 150)
    anchor = view.mapToScene(cursor.toPoint())
    zoom = view.zoom()
    event = QWheelEvent(cursor, view.viewport().mapToGlobal(cursor), QPoint(0, 0), QPoint(0, 240),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    view.wheelEvent(event)
    assert view.zoom() > zoom * 1.2
    moved = view.mapToScene(cursor.toPoint()) - anchor
    assert abs(moved.x()) < 3 / view.zoom() and abs(moved.y()) < 3 / view.zoom()


def test_search_jumps_to_a_metric(window, small, qtbot) -> None:
    session = open_small(window, small)
    window.registry["find"].trigger()
    assert window.search.hasFocus()
    qtbot.keyClicks(window.search, "activation")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    view = window.current_tab.view
    assert session.scene.selected_metric_ids() == ["activation"]
    centre = view.mapToScene(view.viewport().rect().center())
    assert session.scene.card("activation").sceneBoundingRect().adjusted(-5, -5, 5, 5).contains(centre)


def test_undo_text_is_readable_and_the_title_follows_the_clean_state(window, small) -> None:
    session = open_small(window, small)
    window.current_tab.controller.rename("users", "Listeners")
    assert window.registry["undo"].text() == "&Undo Rename ‘Weekly listeners’ to ‘Listeners’"
    assert window.isWindowModified()
    window.registry["undo"].trigger()
    assert not window.isWindowModified()
    assert session.doc.metric("users").name == "Weekly listeners"


def test_a_scene_is_built_headless_for_exports_with_the_document_palette(qapp, small) -> None:
    doc = Document(small)
    scene = MetricScene(doc, style.DOCUMENT, style.CardOptions(show_owners=False, show_handles=False))
    assert {c.metric_id for c in scene.cards()} == doc.ids()
    scene.show_cards({"users": CardState(value=105.0, source=Source.SCENARIO, delta="+5.0 %", delta_good=True)})
    assert scene.card("users")._text.delta == "+5.0 %"
    doc.apply(doc.plan.update_metric("users", name="Listeners"))  # the scene follows the document
    assert scene.card("users").metric.name == "Listeners"
    scene.detach()
    doc.apply(doc.plan.update_metric("users", name="Fans"))
    assert scene.card("users").metric.name == "Listeners"
