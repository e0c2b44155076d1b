"""Build a tree the way a PM does, then undo everything back to empty and redo it all."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from metricscape.model import LinkKind, MetricKind
from metricscape.ui import dialogs
from metricscape.ui.session import DocumentSession
from metricscape.ui.widgets.formula_edit import FormulaEdit


def double_click_canvas(qtbot, view, at: QPoint) -> None:
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at)


def type_name(qtbot, view, name: str) -> None:
    editor = view.rename_editor()
    assert editor is not None, "a new card should open its name for typing"
    editor.selectAll()
    qtbot.keyClicks(editor, name)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_build_a_tree_like_a_user_then_undo_and_redo_everything(window, qtbot, monkeypatch) -> None:
    session = window.new_document()
    tab = window.current_tab
    view, doc, stack = tab.view, session.doc, session.undo_stack
    empty = doc.tree.model_dump()

    double_click_canvas(qtbot, view, view.viewport().rect().center())
    assert [m.kind for m in doc.metrics()] == [MetricKind.NORTH_STAR]
    type_name(qtbot, view, "Weekly listening hours")
    star = doc.metrics()[0]
    assert star.name == "Weekly listening hours"

    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Tab)  # an input of the selected north star
    type_name(qtbot, view, "Weekly listeners")
    listeners = next(m for m in doc.metrics() if m.name == "Weekly listeners")
    assert doc.link(listeners.id, star.id).kind is LinkKind.INFLUENCE

    qtbot.keyClick(view, Qt.Key.Key_Return)  # a sibling of the listeners, driving the same star
    type_name(qtbot, view, "Hours per listener")
    hours = next(m for m in doc.metrics() if m.name == "Hours per listener")
    assert doc.link(hours.id, star.id) is not None
    assert hours.position.y == listeners.position.y and hours.position.x > listeners.position.x

    # Drag from a card's handle onto another: choose "guardrail" from the pop-up menu.
    window.current_tab.session.scene.select_only([])
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    double_click_canvas(qtbot, view, QPoint(40, 40))
    type_name(qtbot, view, "Churn")
    churn = next(m for m in doc.metrics() if m.name == "Churn")
    monkeypatch.setattr(dialogs, "choose", lambda parent, options, at=None: "Guardrail: watches it for gaming")
    scene = session.scene
    start = view.mapFromScene(scene.card(churn.id).mapToScene(scene.card(churn.id).handle_centre()))
    end = view.mapFromScene(scene.card(star.id).sceneBoundingRect().center())
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view.viewport(), end)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=end)
    assert doc.link(churn.id, star.id).kind is LinkKind.GUARD

    # Make the listeners and hours the star's formula inputs: unlink them, then type the formula in
    # the inspector, first with a typo (refused, nothing changes), then fixed.
    assert session.push(doc.plan.disconnect(listeners.id, star.id))
    assert session.push(doc.plan.disconnect(hours.id, star.id))
    scene.select_only([star.id])
    formula_edit = window.inspector.findChild(FormulaEdit)
    problems: list[str] = []
    formula_edit.problem.connect(problems.append)
    steps = stack.count()
    formula_edit.setFocus()
    formula_edit.selectAll()
    qtbot.keyClicks(formula_edit, f"{listeners.id} * hours_per_listenr")
    qtbot.keyClick(formula_edit, Qt.Key.Key_Return)
    assert problems[-1], "a typo in a formula is explained as you type"
    assert stack.count() == steps and doc.metric(star.id).formula is None
    formula_edit.selectAll()
    qtbot.keyClicks(formula_edit, f"{listeners.id} * {hours.id}")
    qtbot.keyClick(formula_edit, Qt.Key.Key_Return)
    assert problems[-1] == ""
    assert doc.metric(star.id).formula == f"{listeners.id} * {hours.id}"
    assert doc.link(listeners.id, star.id).kind is LinkKind.FORMULA
    assert scene.link_item((hours.id, star.id)).label == "×"

    built = doc.tree.model_dump()
    assert window.isWindowModified()
    assert stack.undoText().startswith("Edit ‘Weekly listening hours’: formula")
    while stack.canUndo():
        stack.undo()
    assert doc.tree.model_dump() == empty
    assert scene.cards() == [] and scene.link_items() == []
    assert not window.isWindowModified()
    while stack.canRedo():
        stack.redo()
    assert doc.tree.model_dump() == built
    assert {c.metric_id for c in scene.cards()} == doc.ids()
    assert {i.key for i in scene.link_items()} == {link.key for link in doc.links()}


def test_an_edit_the_model_refuses_is_explained_and_not_stacked(window, no_dialogs, small) -> None:
    session = DocumentSession(small)
    window.add_session(session)
    tab = window.current_tab
    tab.controller.link("hours_total", "activation", "Influence: drives it (elasticity)")
    assert session.undo_stack.count() == 0
    assert no_dialogs and "loop" in no_dialogs[-1][1]
