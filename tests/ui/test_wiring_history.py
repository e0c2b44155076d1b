"""Panels ▸ History lists every undo step in plain words; clicking a step goes back to it."""

from __future__ import annotations

from metricscape.ui.session import DocumentSession


def history_texts(window) -> list[str]:
    model = window.undo_view.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_the_history_lists_readable_steps_and_jumps_back(window, small, qtbot) -> None:
    session = DocumentSession(small)
    window.add_session(session)
    controller = window.current_tab.controller
    controller.rename("users", "Listeners")
    session.scene.select_only(["users", "hours"])
    controller.align("top")
    session.scene.select_only(["churn"])
    controller.delete_selection()
    texts = history_texts(window)
    assert texts[0] == "Opened"
    assert texts[1] == "Rename ‘Weekly listeners’ to ‘Listeners’"
    assert texts[2] == "Align 2 metrics"
    assert texts[3] == "Delete ‘Churn’"
    window.undo_view.setCurrentIndex(window.undo_view.model().index(1, 0))  # click "Rename…"
    assert session.doc.has_metric("churn") and session.doc.metric("users").name == "Listeners"
    assert session.undo_stack.index() == 1


def test_each_model_has_its_own_history(window, small) -> None:
    first = DocumentSession(small)
    window.add_session(first)
    window.current_tab.controller.rename("users", "Listeners")
    window.new_document()
    assert history_texts(window) == ["Opened"]
    window.tabs.setCurrentIndex(0)
    assert history_texts(window)[1:] == ["Rename ‘Weekly listeners’ to ‘Listeners’"]
