"""The inspector, driven the way a user drives it: type, press Enter, leave a field, pick from combos."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from panel_harness import PanelHarness as Harness
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from metricscape.model import Document, GamingRisk, LinkKind, MetricKind
from metricscape.ui.inspector import InspectorPanel
from metricscape.ui.inspector.summary import NOTHING_SELECTED
from metricscape.ui.undo import push_edit

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"


@pytest.fixture
def panel(qtbot, harness: Harness) -> InspectorPanel:
    panel = InspectorPanel()
    qtbot.addWidget(panel)
    panel.resize(420, 900)
    panel.bind(harness.context)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def select(panel: InspectorPanel, metric_id: str):
    panel.show_selection([metric_id], [])
    return panel.metric_form


def type_and_enter(qtbot, widget: QWidget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def choose(qtbot, combo, text: str) -> None:
    """Open the combo's list and pick the item with ``text``, as a click would."""
    row = combo.findText(text)
    assert row >= 0, f"{text!r} is not offered"
    combo.showPopup()
    view = combo.view()
    view.setCurrentIndex(combo.model().index(row, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)


def leave(qtbot, widget: QWidget) -> None:
    """Focus out the way a user does: click somewhere else (here: focus the next field)."""
    widget.setFocus()
    QApplication.processEvents()
    widget.focusNextChild()
    QApplication.processEvents()
    if widget.hasFocus():  # offscreen windows may lack focus; deliver the focus-out ourselves
        widget.clearFocus()
    QApplication.processEvents()


def test_no_selection_shows_a_friendly_hint(panel: InspectorPanel) -> None:
    panel.show_selection([], [])
    assert panel.current_page() is panel.summary
    assert panel.summary.hint.text() == NOTHING_SELECTED


def test_several_items_show_a_summary(panel: InspectorPanel) -> None:
    panel.show_selection(["activation_rate", "signups", "skip_rate"], [])
    assert panel.current_page() is panel.summary
    assert panel.summary.title.text() == "3 metrics selected"
    assert "2 inputs, 1 proxy" in panel.summary.body.text()
    assert "Skip rate" in panel.summary.body.text()


def test_typing_a_name_and_pressing_enter_is_one_undo_step(qtbot, panel: InspectorPanel, harness: Harness) -> None:
    form = select(panel, "activation_rate")
    type_and_enter(qtbot, form.definition.name, "Activation within 7 days")
    assert harness.doc.metric("activation_rate").name == "Activation within 7 days"
    assert harness.stack.count() == 1
    assert form.title.text() == "Activation within 7 days"
    harness.stack.undo()
    assert form.definition.name.text() == "7-day activation rate"
    assert form.title.text() == "7-day activation rate"
    harness.stack.redo()
    assert form.definition.name.text() == "Activation within 7 days"


def test_one_user_edit_is_exactly_one_push_and_refreshes_push_nothing(qtbot, panel: InspectorPanel,
                                                                    harness: Harness) -> None:
    form = select(panel, "activation_rate")
    type_and_enter(qtbot, form.definition.owner, "Growth")
    leave(qtbot, form.definition.owner)  # a second editingFinished must not push again
    assert len(harness.pushed) == 1
    push_edit(harness.stack, harness.doc, harness.doc.plan.update_metric("activation_rate", notes="elsewhere"))
    assert form.documentation.notes.markdown() == "elsewhere"
    harness.stack.undo()
    harness.stack.undo()
    harness.stack.redo()
    panel.show_selection(["signups"], [])
    panel.show_selection(["activation_rate"], [])
    assert len(harness.pushed) == 1


@pytest.mark.parametrize(("field", "editor", "text", "expected"), [
    ("unit", "definition.unit", "share", "share"),
    ("segment", "definition.segment", "New users", "New users"),
    ("baseline", "values.baseline", "63.5", 0.635),
    ("target", "values.target", "70 %", 0.70),
    ("baseline_source", "values.source", "Amplitude", "Amplitude"),
    ("unit_variability", "uncertainty.variability", "1.2", 1.2),
])
def test_each_line_field_commits_one_step(qtbot, panel: InspectorPanel, harness: Harness, field: str, editor: str,
                                          text: str, expected: object) -> None:
    form = select(panel, "activation_rate")
    section, name = editor.split(".")
    type_and_enter(qtbot, getattr(getattr(form, section), name), text)
    assert getattr(harness.doc.metric("activation_rate"), field) == pytest.approx(expected)
    assert harness.stack.count() == 1
    harness.stack.undo()
    assert getattr(harness.doc.metric("activation_rate"), field) != expected


def test_a_number_that_is_not_a_number_is_explained_and_not_committed(qtbot, panel: InspectorPanel,
                                                                       harness: Harness) -> None:
    form = select(panel, "signups")
    type_and_enter(qtbot, form.values.baseline, "lots")
    assert "is not a number" in form.values.baseline_box.error.text()
    assert form.values.baseline_box.error.isVisible()
    assert harness.doc.metric("signups").baseline == 420000
    assert harness.stack.count() == 0
    type_and_enter(qtbot, form.values.baseline, "450k")
    assert harness.doc.metric("signups").baseline == 450000
    assert not form.values.baseline_box.error.isVisible()


def test_multi_line_definition_commits_when_leaving_the_field(qtbot, panel: InspectorPanel,
                                                              harness: Harness) -> None:
    form = select(panel, "signups")
    editor = form.definition.definition
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, "Accounts created")
    assert harness.stack.count() == 0  # nothing per keystroke
    leave(qtbot, editor)
    assert harness.doc.metric("signups").definition == "Accounts created"
    assert harness.stack.count() == 1


def test_combos_commit_immediately(qtbot, panel: InspectorPanel, harness: Harness) -> None:
    form = select(panel, "signups")
    choose(qtbot, form.definition.direction, "Lower is better")
    assert harness.doc.metric("signups").direction.value == "lower"
    assert harness.stack.count() == 1


def test_a_second_north_star_is_refused_next_to_the_field(qtbot, panel: InspectorPanel, harness: Harness) -> None:
    form = select(panel, "signups")
    combo = form.definition.kind
    choose(qtbot, combo, "North star")
    assert "already the north star" in form.definition.kind_box.error.text()
    assert combo.currentText() == "Input"
    assert harness.doc.metric("signups").kind is MetricKind.INPUT
    assert harness.pushed == []


def test_formula_errors_show_as_you_type_and_only_a_valid_formula_commits(qtbot, panel: InspectorPanel,
                                                                          harness: Harness) -> None:
    form = select(panel, "new_listeners")
    edit, box = form.definition.formula, form.definition.formula_box
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "signups * activaton_rate")
    assert box.error.isVisible()
    assert "Column 11" in box.error.text() and "did you mean 'activation_rate'" in box.error.text()
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert harness.doc.metric("new_listeners").formula == "signups * activation_rate"
    assert harness.stack.count() == 0
    edit.setText("")
    qtbot.keyClicks(edit, "signups * activation_rate * 0.9")
    assert not box.error.isVisible()
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert harness.doc.metric("new_listeners").formula == "signups * activation_rate * 0.9"
    assert harness.stack.count() == 1
    assert "Weekly sign-ups × 7-day activation rate × 0.9" in form.definition.reading.text()


def test_a_formula_that_would_make_a_loop_is_refused_while_typing(qtbot, panel: InspectorPanel,
                                                                  harness: Harness) -> None:
    form = select(panel, "signups")
    edit = form.definition.formula
    edit.setFocus()
    qtbot.keyClicks(edit, "new_listeners / 2")
    assert "would make a loop" in form.definition.formula_box.error.text()
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert harness.doc.metric("signups").formula is None
    assert harness.pushed == []


def test_formula_completion_inserts_the_metric_id_at_the_cursor(qtbot, panel: InspectorPanel,
                                                                harness: Harness) -> None:
    form = select(panel, "new_listeners")
    edit = form.definition.formula
    edit.setFocus()
    edit.setText("signups * ")
    edit.end(False)
    qtbot.keyClicks(edit, "activ")
    popup = edit.completer_.popup()
    assert popup.isVisible()
    shown = [edit.completer_.completionModel().index(i, 0).data() for i in range(edit.completer_.completionCount())]
    assert "7-day activation rate   (activation_rate)" in shown  # names first, the id beside
    row = shown.index("7-day activation rate   (activation_rate)")
    popup.setCurrentIndex(edit.completer_.completionModel().index(row, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert edit.text() == "signups * activation_rate"
    assert not form.definition.formula_box.error.isVisible()


def test_an_invalid_range_is_explained_and_nothing_is_committed(qtbot, panel: InspectorPanel,
                                                                harness: Harness) -> None:
    form = select(panel, "signups")
    section = form.uncertainty
    before = harness.doc.metric("signups").uncertainty
    type_and_enter(qtbot, section.fields["low"], "500k")  # above the high end of 470k
    assert "must not exceed" in section.distribution_box.error.text()
    assert "‘Low’" in section.distribution_box.error.text()
    assert harness.doc.metric("signups").uncertainty == before
    assert harness.pushed == []
    type_and_enter(qtbot, section.fields["high"], "520k")
    assert harness.doc.metric("signups").uncertainty.low == 500000
    assert harness.doc.metric("signups").uncertainty.high == 520000
    assert harness.stack.count() == 1
    assert not section.distribution_box.error.isVisible()


def test_switching_shape_shows_only_its_parameters_and_draws_it(qtbot, panel: InspectorPanel,
                                                                harness: Harness) -> None:
    form = select(panel, "signups")
    qtbot.mouseClick(form.section_bar.buttons["Uncertainty"], Qt.MouseButton.LeftButton)  # folded at first
    section = form.uncertainty
    combo = section.distribution
    choose(qtbot, combo, "Normal (mean ± spread)")
    shape = harness.doc.metric("signups").uncertainty
    assert shape.distribution.value == "normal" and shape.sd == pytest.approx(27356, rel=1e-3)
    assert section.fields["sd"].isVisibleTo(form) and not section.fields["low"].isVisibleTo(form)
    assert section.preview.curve is not None
    choose(qtbot, combo, "Not uncertain")
    assert harness.doc.metric("signups").uncertainty is None
    assert not section.preview.isVisibleTo(form)
    assert harness.stack.count() == 2


def test_a_shape_needing_values_waits_for_them_before_committing(qtbot, panel: InspectorPanel,
                                                                  harness: Harness) -> None:
    harness.doc.apply(harness.doc.plan.update_metric("skip_rate", baseline=None, uncertainty=None))
    form = select(panel, "skip_rate")
    qtbot.mouseClick(form.section_bar.buttons["Uncertainty"], Qt.MouseButton.LeftButton)  # folded at first
    section = form.uncertainty
    choose(qtbot, section.distribution, "Triangular (low, likely, high)")
    assert "needs ‘Low’ and ‘High’" in section.distribution_box.error.text()
    assert section.fields["mode"].isVisibleTo(form) and section.fields["low"].text() == ""
    assert harness.pushed == []
    type_and_enter(qtbot, section.fields["low"], "20")
    type_and_enter(qtbot, section.fields["high"], "30")
    assert len(harness.pushed) == 1  # a valid shape; the preview says what the simulation still needs
    assert section.preview.curve is None and "baseline" in section.preview.message
    type_and_enter(qtbot, section.fields["mode"], "26")
    shape = harness.doc.metric("skip_rate").uncertainty
    assert (shape.distribution.value, shape.low, shape.mode, shape.high) == ("triangular", 0.2, 0.26, 0.3)


def test_a_rate_typed_as_a_plain_number_is_flagged(qtbot, panel: InspectorPanel, harness: Harness) -> None:
    harness.doc.apply(harness.doc.plan.update_metric("signups", unit="%"))
    form = select(panel, "signups")
    assert "more than 150 %" in form.values.rate_warning.text()
    assert form.values.baseline.text() == "42,000,000 %"


def test_gaming_risks_add_edit_pick_counter_metric_and_remove(qtbot, panel: InspectorPanel,
                                                              harness: Harness) -> None:
    form = select(panel, "skip_rate")
    risks = form.risks
    assert risks.rows == [] and risks.empty.isVisible()
    qtbot.mouseClick(risks.add_button, Qt.MouseButton.LeftButton)
    assert len(harness.doc.metric("skip_rate").gaming_risks) == 1
    row = risks.rows[0]
    row.description.setFocus()
    qtbot.keyClicks(row.description, "Shorter previews hide skips")
    leave(qtbot, row.description)
    assert harness.doc.metric("skip_rate").gaming_risks[0].description == "Shorter previews hide skips"
    counter = risks.rows[0].counter
    labels = [counter.itemText(i) for i in range(counter.count()) if counter.itemText(i)]
    assert labels[0] == "No counter-metric"
    guardrails = [label for label in labels if label.endswith("(guardrail)")]
    assert labels[1:1 + len(guardrails)] == guardrails and len(guardrails) == 4
    choose(qtbot, counter, "Premium monthly churn  (guardrail)")
    assert harness.doc.metric("skip_rate").gaming_risks[0].counter_metric == "premium_churn_rate"
    qtbot.mouseClick(risks.rows[0].remove, Qt.MouseButton.LeftButton)
    assert harness.doc.metric("skip_rate").gaming_risks == ()
    assert harness.stack.count() == 4
    while harness.stack.canUndo():
        harness.stack.undo()
    assert harness.doc.metric("skip_rate").gaming_risks == ()
    harness.stack.redo()
    harness.stack.redo()
    assert risks.rows[0].description.toPlainText() == "Shorter previews hide skips"


def test_review_dates_and_cadence(qtbot, panel: InspectorPanel, harness: Harness) -> None:
    form = select(panel, "skip_rate")
    qtbot.mouseClick(form.section_bar.buttons["Review"], Qt.MouseButton.LeftButton)  # folded at first
    review = form.review
    qtbot.mouseClick(review.last_review.today_button, Qt.MouseButton.LeftButton)
    assert harness.doc.metric("skip_rate").last_review == dt.date.today()
    review.cadence.setFocus()
    review.cadence.lineEdit().selectAll()
    qtbot.keyClicks(review.cadence, "45")
    assert harness.stack.count() == 1  # not while typing
    qtbot.keyClick(review.cadence, Qt.Key.Key_Return)
    assert harness.doc.metric("skip_rate").review_cadence_days == 45
    assert "Next review due" in review.status.text()
    qtbot.mouseClick(review.last_review.clear_button, Qt.MouseButton.LeftButton)
    assert harness.doc.metric("skip_rate").last_review is None
    assert harness.stack.count() == 3


def test_silencing_a_check_needs_a_reason(qtbot, panel: InspectorPanel, harness: Harness) -> None:
    form = select(panel, "skip_rate")
    qtbot.mouseClick(form.section_bar.buttons["Review"], Qt.MouseButton.LeftButton)  # folded at first
    review = form.review
    review.new_rule.setCurrentIndex(review.new_rule.findData("missing-gaming-risk"))
    qtbot.mouseClick(review.silence_button, Qt.MouseButton.LeftButton)
    assert "say why" in review.silence_error.text()
    assert harness.pushed == []
    qtbot.keyClicks(review.new_reason, "Skips cannot be faked by the team")
    qtbot.keyClick(review.new_reason, Qt.Key.Key_Return)
    silenced = harness.doc.metric("skip_rate").silenced
    assert [(s.rule, s.reason) for s in silenced] == [("missing-gaming-risk", "Skips cannot be faked by the team")]
    assert not review.silenced_hint.isVisible()
    harness.stack.undo()
    assert review.silenced_hint.isVisible()


def test_rationale_is_markdown_shown_formatted(qtbot, panel: InspectorPanel, harness: Harness) -> None:
    harness.doc.apply(harness.doc.plan.update_metric("skip_rate", rationale=""))
    form = select(panel, "skip_rate")
    rationale = form.documentation.rationale
    assert rationale.editing  # empty: ready to type
    rationale.editor.setFocus()
    qtbot.keyClicks(rationale.editor, "Skips mean **bad** recommendations")
    qtbot.mouseClick(rationale.toggle, Qt.MouseButton.LeftButton)
    assert harness.doc.metric("skip_rate").rationale == "Skips mean **bad** recommendations"
    assert not rationale.editing
    assert "font-weight:700" in rationale.viewer.toHtml() or "font-weight:600" in rationale.viewer.toHtml()
    assert "**" not in rationale.viewer.toPlainText()
    assert harness.stack.count() == 1


def test_link_form_edits_elasticity_range_and_kind(qtbot, panel: InspectorPanel, harness: Harness) -> None:
    key = ("time_to_first_play", "activation_rate")
    panel.show_selection([], [key])
    form = panel.link_form
    assert panel.current_page() is form
    assert form.title.text() == "Time to first play → 7-day activation rate"
    type_and_enter(qtbot, form.elasticity, "-0.3")
    assert harness.doc.link(*key).elasticity == -0.3
    type_and_enter(qtbot, form.low, "-0.05")  # now above the high end (-0.1)
    assert "must not exceed" in form.range_box.error.text()
    assert harness.doc.link(*key).elasticity_low == -0.4
    type_and_enter(qtbot, form.low, "-0.5")
    assert harness.doc.link(*key).elasticity_low == -0.5
    choose(qtbot, form.kind, "Guard (watches it for gaming)")
    link = harness.doc.link(*key)
    assert link.kind is LinkKind.GUARD and link.elasticity is None and link.elasticity_low is None
    assert not form.elasticity.isVisibleTo(form)
    assert harness.stack.count() == 3
    harness.stack.undo()
    assert form.elasticity.text() == "-0.3" and form.elasticity.isVisibleTo(form)


def test_a_formula_link_explains_where_to_edit_it(panel: InspectorPanel) -> None:
    panel.show_selection([], [("signups", "new_listeners")])
    form = panel.link_form
    assert not form.kind.isVisibleTo(form)
    assert "Edit that formula" in form.formula_note.text()


def test_a_deleted_metric_falls_back_to_the_hint(panel: InspectorPanel, harness: Harness) -> None:
    select(panel, "skip_rate")
    harness.push(harness.doc.plan.remove_metrics(["skip_rate"]))
    assert panel.current_page() is panel.summary
    harness.stack.undo()
    assert panel.current_page() is panel.metric_form


def test_gaming_risk_rows_follow_undo_of_an_external_edit(panel: InspectorPanel, harness: Harness) -> None:
    form = select(panel, "skip_rate")
    risk = GamingRisk(description="Autoplay", severity="high")
    harness.push(harness.doc.plan.update_metric("skip_rate", gaming_risks=(risk,)))
    assert [row.description.toPlainText() for row in form.risks.rows] == ["Autoplay"]
    assert form.risks.rows[0].severity.currentText() == "High"
    assert form.sections["Gaming risks"].header.text() == "Gaming risks (1)"
    harness.stack.undo()
    assert form.risks.rows == []


def test_a_hidden_panel_catches_up_when_shown(qtbot, panel: InspectorPanel, harness: Harness) -> None:
    form = select(panel, "signups")
    panel.hide()
    harness.push(harness.doc.plan.update_metric("signups", owner="Acquisition team"))
    assert form.definition.owner.text() != "Acquisition team"  # not rebuilt while nobody sees it
    panel.show()
    assert form.definition.owner.text() == "Acquisition team"


@pytest.mark.parametrize("theme_name", ["light", "dark"])
def test_both_panels_render_readable_text_in_light_and_dark(
        qtbot, qapp, harness: Harness, tmp_path: Path, theme_name: str) -> None:
    from PySide6.QtGui import QPalette

    from metricscape.ui import theme
    from metricscape.ui.model_panel import ModelPanel

    previous_palette, previous_style = qapp.palette(), qapp.style().name()
    theme.apply(qapp, theme_name)
    try:
        inspector, model_panel = InspectorPanel(), ModelPanel()
        for widget in (inspector, model_panel):
            qtbot.addWidget(widget)
            widget.resize(420, 1000)
            widget.bind(harness.context)
            widget.show()
        inspector.show_selection(["activation_rate"], [])
        for name, widget in (("inspector", inspector.metric_form), ("model", model_panel.content)):
            image = widget.grab().toImage()
            image.save(str(tmp_path / f"{name}-{theme_name}.png"))
            text = widget.palette().color(QPalette.ColorRole.WindowText)
            background = widget.palette().color(QPalette.ColorRole.Window)
            text_like = sum(1 for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
                            if _near(image.pixelColor(x, y), text))
            assert text_like > 200, f"{name} shows almost no text in the {theme_name} theme"
            assert _near(image.pixelColor(2, image.height() - 2), background, 40)
    finally:
        qapp.setPalette(previous_palette)
        qapp.setStyle(previous_style)


def _near(a, b, tolerance: int = 90) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) < tolerance


def test_a_half_typed_edit_lands_in_its_own_document_when_the_document_changes(qtbot, panel: InspectorPanel,
                                                                              harness: Harness) -> None:
    form = select(panel, "signups")
    panel.activateWindow()
    form.definition.owner.setFocus()
    qtbot.waitUntil(form.definition.owner.hasFocus)
    form.definition.owner.selectAll()
    qtbot.keyClicks(form.definition.owner, "Acquisition")
    other = Harness(Document(harness.doc.tree))
    panel.bind(other.context)
    assert harness.doc.metric("signups").owner == "Acquisition"
    assert other.doc.metric("signups").owner != "Acquisition" and other.pushed == []


def test_an_empty_name_is_refused_in_plain_words(qtbot, panel: InspectorPanel, harness: Harness) -> None:
    form = select(panel, "signups")
    form.definition.name.setFocus()
    form.definition.name.selectAll()
    qtbot.keyClick(form.definition.name, Qt.Key.Key_Delete)
    qtbot.keyClick(form.definition.name, Qt.Key.Key_Return)
    assert form.definition.name_box.error.text() == "Name cannot be empty."
    assert harness.doc.metric("signups").name == "Weekly sign-ups"
    assert harness.pushed == []
