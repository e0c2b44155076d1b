"""Issue 14 items 9 and 12: the inspector's common fields are one click away and its sections
reopen as the user left them; a model without ranges says so and leads to where they are set."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from metricscape.ui.inspector import InspectorPanel
from metricscape.ui.session import DocumentSession
from metricscape.ui.welcome import example_paths


def visible_in_scroll(panel: InspectorPanel, widget) -> bool:
    viewport = panel.scroll_area.viewport()
    top = widget.mapTo(viewport, QPoint(0, 0)).y()
    return 0 <= top < viewport.height() - 20


def test_rationale_and_risks_are_one_click_away(window, qtbot) -> None:
    window.resize(1400, 800)
    marketplace = next(p for p in example_paths() if p.stem == "marketplace")
    window.open_path(str(marketplace))
    window.inspector_dock.raise_()
    window.current_session.scene.select_only(["booking_request_rate"])
    panel = window.inspector
    form = panel.metric_form
    qtbot.waitUntil(lambda: form.title.text() == window.current_session.doc.metric("booking_request_rate").name)
    assert visible_in_scroll(panel, form.definition.name)  # the name, first
    for button, target in (("Why", form.documentation.rationale), ("Risks", form.risks.add_button),
                           ("Values", form.values), ("Uncertainty", form.uncertainty)):
        qtbot.mouseClick(form.section_bar.buttons[{"Why": "Documentation", "Risks": "Gaming risks"}
                                                  .get(button, button)], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda t=target: t.isVisible() and visible_in_scroll(panel, t))


def test_sections_reopen_as_the_user_left_them(window, qtbot, small) -> None:
    window.add_session(DocumentSession(small))
    window.inspector_dock.raise_()
    window.current_session.scene.select_only(["users"])
    form = window.inspector.metric_form
    assert form.sections["Values"].expanded and not form.sections["Review"].expanded
    qtbot.mouseClick(form.sections["Values"].header, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(form.sections["Review"].header, Qt.MouseButton.LeftButton)
    assert not form.values.isVisible() and form.review.isVisible()
    again = InspectorPanel()  # the next start of the app
    qtbot.addWidget(again)
    assert not again.metric_form.sections["Values"].expanded and again.metric_form.sections["Review"].expanded


def test_no_uncertainty_is_said_plainly_and_links_to_where_ranges_go(window, qtbot, small) -> None:
    session = DocumentSession(small)  # no metric has a range
    window.add_session(session)
    headline = window.whatif.panel.headline
    qtbot.waitUntil(lambda: "No uncertainty set" in headline.outlook.text(), timeout=20_000)
    assert "likely between" not in headline.outlook.text()
    with qtbot.waitSignal(headline.add_ranges_requested):
        headline.outlook.linkActivated.emit("ranges")  # the user clicks "add ranges"
    selected = session.scene.selected_metric_ids()
    assert len(selected) == 1 and session.doc.metric(selected[0]).uncertainty is None
    form = window.inspector.metric_form
    assert form.metric_id == selected[0] and form.sections["Uncertainty"].expanded
    qtbot.waitUntil(lambda: visible_in_scroll(window.inspector, form.uncertainty))
