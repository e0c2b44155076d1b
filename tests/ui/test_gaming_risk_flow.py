"""Issue 14 item 8: the gaming-risk flow. "New guardrail…" in the counter-metric list adds the
guardrail beside the metric with its guard link in one undo step; a guard link drawn on the
canvas fills in the counter-metric and choosing a counter-metric draws the link; the labels are
whole, the placeholder is generic, and the form keeps still while typing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from metricscape.model import LinkKind, MetricKind
from metricscape.model.layout import card_size
from metricscape.ui.inspector import risks_section
from metricscape.ui.session import DocumentSession


def open_with_risk(window, small, qtbot, metric_id: str = "hours") -> tuple[DocumentSession, risks_section.RiskRow]:
    session = DocumentSession(small)
    window.add_session(session)
    window.inspector_dock.raise_()
    session.scene.select_only([metric_id])
    risks = window.inspector.metric_form.risks
    qtbot.mouseClick(risks.add_button, Qt.MouseButton.LeftButton)
    assert len(session.doc.metric(metric_id).gaming_risks) == 1
    return session, risks.rows[0]


def choose(combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))
    combo.activated.emit(combo.currentIndex())


def test_new_guardrail_from_the_counter_metric_list(window, small, qtbot, monkeypatch) -> None:
    session, row = open_with_risk(window, small, qtbot)
    doc = session.doc
    assert row.counter.itemText(row.counter.count() - 1) == risks_section.NEW_GUARDRAIL
    monkeypatch.setattr(risks_section, "ask_guardrail_name", lambda parent, name: "Skipped-track share")
    steps = session.undo_stack.count()
    choose(row.counter, risks_section.NEW_GUARDRAIL_DATA)
    guard = next(m for m in doc.metrics() if m.name == "Skipped-track share")
    hours = doc.metric("hours")
    assert guard.kind is MetricKind.GUARDRAIL
    assert doc.link(guard.id, "hours").kind is LinkKind.GUARD
    assert hours.gaming_risks[0].counter_metric == guard.id
    # beside the metric it guards, on its row, not on top of another card
    assert guard.position.y == hours.position.y and guard.position.x > hours.position.x
    for other in doc.metrics():
        if other.id != guard.id and abs(other.position.y - guard.position.y) < 50:
            assert abs(other.position.x - guard.position.x) >= card_size(MetricKind.GUARDRAIL)[0]
    card = session.scene.card(guard.id)
    assert card.isVisible()
    # the form shows it as the chosen counter-metric
    row = window.inspector.metric_form.risks.rows[0]
    assert row.counter.currentData() == guard.id
    # one undo step removes the guardrail, its link and the counter-metric
    assert session.undo_stack.count() == steps + 1
    session.undo_stack.undo()
    assert not any(m.name == "Skipped-track share" for m in doc.metrics())
    assert doc.metric("hours").gaming_risks[0].counter_metric is None


def test_cancelling_the_name_changes_nothing(window, small, qtbot, monkeypatch) -> None:
    session, row = open_with_risk(window, small, qtbot)
    monkeypatch.setattr(risks_section, "ask_guardrail_name", lambda parent, name: None)
    steps = session.undo_stack.count()
    choose(row.counter, risks_section.NEW_GUARDRAIL_DATA)
    assert session.undo_stack.count() == steps and row.counter.currentData() is None


def test_drawing_a_guard_link_fills_in_the_counter_metric(window, small, qtbot) -> None:
    session, _row = open_with_risk(window, small, qtbot, metric_id="users")
    window.current_tab.controller.link("churn", "users", "Guardrail: watches it for gaming")
    assert session.doc.metric("users").gaming_risks[0].counter_metric == "churn"
    row = window.inspector.metric_form.risks.rows[0]
    assert row.counter.currentData() == "churn"


def test_choosing_a_counter_metric_draws_the_guard_link(window, small, qtbot) -> None:
    session, row = open_with_risk(window, small, qtbot, metric_id="users")
    assert session.doc.link("activation", "users") is None
    choose(row.counter, "activation")
    doc = session.doc
    assert doc.metric("users").gaming_risks[0].counter_metric == "activation"
    assert doc.link("activation", "users").kind is LinkKind.GUARD
    assert session.scene.link_item(("activation", "users")).isVisible()


def test_labels_whole_placeholder_generic_and_the_form_keeps_still_while_typing(window, small, qtbot) -> None:
    _session, row = open_with_risk(window, small, qtbot)
    for text in ("How it is gamed", "How to detect it", "Caught by"):
        caption = next(label for label in row.findChildren(type(row.title)) if label.text() == text)
        assert caption.width() >= caption.fontMetrics().horizontalAdvance(text)
    assert "auto-play" not in row.description.placeholderText().lower()
    row.description.setFocus()
    qtbot.waitUntil(row.description.hasFocus)
    before = row.description.height()
    qtbot.keyClicks(row.description, "Count a listen when the app plays in a muted background tab " * 6)
    QApplication.processEvents()
    assert row.description.height() == before
    row.detection.setFocus()
    qtbot.waitUntil(lambda: not row.description.hasFocus())
    assert row.description.height() >= before
