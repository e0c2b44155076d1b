"""Actuals in the app, as a user: the import wizard, refresh, use as baseline, the inspector chart
and the segment filter; each change is one undo step."""

from __future__ import annotations

from pathlib import Path

import pytest
from canvas_menus import entries, right_click
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from metricscape.model import MetricTree
from metricscape.model.actuals import Actuals, DefinitionChange, Series
from metricscape.ui.session import DocumentSession

GOOD_CSV = """period,metric,value
2026-W01,Weekly listeners,1000
2026-W02,Weekly listeners,1100
2026-W01,hours,3.0
2026-W02,hours,3.3
2026-W01,activ rate,0.40
2026-W02,activ rate,0.42
2026-W01,mystery,7
"""


def open_model(window, tree: MetricTree, tmp_path: Path) -> DocumentSession:
    session = DocumentSession(tree, path=tmp_path / "model.json")
    window.add_session(session)
    return session


def read_in_wizard(qtbot, window, csv: Path):
    wizard = window.actuals.start_import()
    edit = wizard.file_page.path
    qtbot.keyClicks(edit, str(csv))
    with qtbot.waitSignal(wizard.surveyed, timeout=20_000):
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    return wizard


def finish_import(qtbot, wizard) -> None:
    with qtbot.waitSignal(wizard.built, timeout=20_000):
        wizard.next()
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled(), wizard.error
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)


def test_import_through_the_wizard_then_undo(window, qtbot, small, tmp_path) -> None:
    session = open_model(window, small, tmp_path)
    csv = tmp_path / "weekly.csv"
    csv.write_text(GOOD_CSV)
    wizard = read_in_wizard(qtbot, window, csv)
    assert wizard.file_page.isComplete()
    assert wizard.file_page.preview.item(0, 1).text() == "Weekly listeners"  # the first rows, as in the file
    wizard.next()
    page = wizard.match_page
    picker = page.pickers["activ rate"]
    assert picker.currentData() == ""                 # unmatched: left out until picked
    assert picker.itemData(1) == "activation"         # the similar name is suggested first
    picker.setCurrentIndex(picker.findData("activation"))
    assert page.pickers["Weekly listeners"].currentData() == "users"
    assert page.pickers["mystery"].currentData() == ""
    assert not page.rollups["hours"].isEnabled()  # one row per week already: nothing to add up
    finish_import(qtbot, wizard)

    actuals = session.doc.tree.actuals
    assert actuals.find("users").as_dict() == {"2026-W01": 1000, "2026-W02": 1100}
    assert actuals.find("activation").as_dict() == {"2026-W01": 0.40, "2026-W02": 0.42}
    assert actuals.sources[0].names == {"activ rate": "activation"}  # the pick is kept for refresh
    card = session.scene.card("users")
    assert card.state.actual.headline == "W02: 1,100 users"
    assert card.state.actual.changes == "+10.0 % wk"
    assert card.card_rect().height() > session.scene.card("churn").card_rect().height()  # room for the actuals
    assert "Import actuals of 3 metrics" in session.undo_stack.undoText()

    session.undo_stack.undo()
    assert session.doc.tree.actuals.series == ()
    assert session.scene.card("users").state.actual is None


def test_a_bad_file_says_where_and_changes_nothing(window, qtbot, small, tmp_path) -> None:
    session = open_model(window, small, tmp_path)
    before = session.doc.tree
    csv = tmp_path / "broken.csv"
    csv.write_text("period,metric,value\n2026-W01,users,1000\n2026-W02,users,lots\n")
    wizard = read_in_wizard(qtbot, window, csv)
    if wizard.error == "":  # the file reads; the whole pass refuses it
        wizard.next()
        with qtbot.waitSignal(wizard.built, timeout=20_000):
            wizard.next()
    assert wizard.error.startswith("In broken.csv, row 3, column 'value': 'lots' is not a number")
    preview = wizard.file_page.preview
    assert preview.item(1, 2).text() == "lots"  # the first rows still show, the bad one too,
    assert preview.verticalHeaderItem(1).text() == "3"  # numbered as the message counts rows
    shown = wizard.confirm_page.error.text() or wizard.file_page.error.text()
    assert shown == wizard.error
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled() or not wizard.currentPage().isComplete()
    wizard.reject()
    assert session.doc.tree is before and session.undo_stack.count() == 0


def test_refresh_lists_the_periods_added_and_changed(window, qtbot, small, tmp_path) -> None:
    session = open_model(window, small, tmp_path)
    csv = tmp_path / "weekly.csv"
    csv.write_text("period,metric,value\n2026-W01,users,1000\n2026-W02,users,1100\n")
    finish_import(qtbot, next_page(read_in_wizard(qtbot, window, csv)))
    csv.write_text("period,metric,value\n2026-W01,users,1000\n2026-W02,users,1150\n2026-W03,users,1200\n")
    with qtbot.waitSignal(window.actuals.refreshed, timeout=20_000) as signal:
        assert window.actuals.refresh()
    assert signal.args == ["Refresh actuals: 2026-W03 added; 2026-W02 changed"]
    assert session.undo_stack.undoText() == signal.args[0]
    assert session.doc.tree.actuals.find("users").as_dict()["2026-W03"] == 1200
    session.undo_stack.undo()
    assert "2026-W03" not in session.doc.tree.actuals.find("users").as_dict()
    csv.unlink()  # the data went missing: refresh says so and changes nothing
    steps = session.undo_stack.index()
    with qtbot.waitSignal(window.actuals.refreshed, timeout=20_000) as signal:
        assert window.actuals.refresh()
    assert "weekly.csv" in signal.args[0] and "no such file" in signal.args[0]
    assert session.undo_stack.index() == steps


def next_page(wizard):
    wizard.next()
    return wizard


def tree_with_actuals(small: MetricTree) -> MetricTree:
    weeks = {"start": "2026-W01"}
    series = (
        Series(metric="users", values=(1000.0, 1100.0, 1200.0, 1300.0), **weeks),
        Series(metric="users", segment="ios", values=(400.0, 420.0, 450.0, 500.0), **weeks),
        Series(metric="hours", values=(3.0, 3.2, 3.4, 3.5), **weeks),
        Series(metric="hours_total", values=(3000.0, 3500.0, 4300.0, 4500.0), **weeks),
    )
    definitions = (DefinitionChange(metric="hours_total", since="2026-W03", label="Counts offline plays"),)
    return small.model_copy(update={"actuals": Actuals(series=series, definitions=definitions)})


def test_use_an_actual_as_baseline_from_the_canvas(window, qtbot, small, tmp_path) -> None:
    session = open_model(window, tree_with_actuals(small), tmp_path)
    window.current_tab.view.fit_to_view()
    at = session.scene.card("users").sceneBoundingRect().center()
    found = entries(right_click(window, at))
    found["Use actual as baseline ▸ Mean of the last 4: 1,150 users"].trigger()
    assert session.doc.metric("users").baseline == pytest.approx((1000 + 1100 + 1200 + 1300) / 4)
    assert session.undo_stack.undoText() == ("Use the mean of 4 periods (2026-W01 to 2026-W04) as the baseline "
                                             "of ‘Weekly listeners’")
    entries(right_click(window, at))["Use actual as baseline ▸ Latest (2026-W04): 1,300 users"].trigger()
    assert session.doc.metric("users").baseline == 1300
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert session.doc.metric("users").baseline == 1000


def test_inspector_chart_shows_series_formula_target_and_break(window, qtbot, small, tmp_path) -> None:
    tree = tree_with_actuals(small)
    tree = tree.model_copy(update={"metrics": tuple(m.with_changes(target=5000.0) if m.id == "hours_total" else m
                                                      for m in tree.metrics)})
    session = open_model(window, tree, tmp_path)
    assert window.select_metric("hours_total")
    section = window.inspector.metric_form.actuals
    assert window.inspector.metric_form.sections["Actuals"].isVisibleTo(window.inspector)
    lines = {s.name(): [(p.x(), p.y()) for p in s.points()] for s in section.chart.chart().series()}
    assert section.chart.chart().axes(Qt.Orientation.Vertical)[0].titleText() == "thousands of hours"
    assert [x for x, _ in lines["Reported"]] == [0, 1, 2, 3]
    assert [y for _, y in lines["Reported"]] == pytest.approx([3.0, 3.5, 4.3, 4.5])
    formula = lines["Formula"]  # users * hours, computed here independently
    expected = [1000 * 3.0, 1100 * 3.2, 1200 * 3.4, 1300 * 3.5]
    assert [y * 1000 for _, y in formula] == pytest.approx(expected)
    assert lines["Target"] == [(0, 5.0), (3, 5.0)]
    brk = lines["New definition 2026-W03"]
    assert [x for x, _ in brk] == [1.5, 1.5]  # between W02 and W03
    assert "From 2026-W03 ‘Weekly listening hours’ is measured under a new definition (‘Counts offline plays’)" \
        in section.caption.text()
    gaps = [abs(f - r) / r for f, r in zip(expected, (3000, 3500, 4300, 4500), strict=True)]
    assert f"{sum(gaps) / 4 * 100:.1f} % off the reported value on average" in section.consistency.text()
    assert session.scene.card("hours_total").state.actual.year is None
    assert session.scene.card("hours_total").state.actual.previous.text == "+4.7 %"


def test_segment_filter_shows_one_segment(window, qtbot, small, tmp_path) -> None:
    session = open_model(window, tree_with_actuals(small), tmp_path)
    combo = window.actuals.segment
    assert [combo.itemText(i) for i in range(combo.count())] == ["All users", "ios"]
    assert session.scene.card("users").state.actual.value == 1300
    combo.setCurrentIndex(1)
    combo.activated.emit(1)
    assert session.scene.card("users").state.actual.value == 500
    hours = session.scene.card("hours").state.actual
    assert hours.missing and "all users" in hours.changes
    assert session.scene.card("users").value == 1000  # the baseline keeps its meaning
    assert window.actuals.segment_note.text().strip() == "values and what-if: all users"
    assert "baselines are whole-population" in window.actuals.segment_note.toolTip()
    assert session.doc.tree.actuals == tree_with_actuals(small).actuals  # view state only
    assert window.select_metric("users")  # the inspector's chart follows the filter
    section = window.inspector.metric_form.actuals
    reported = next(line for line in section.chart.chart().series() if line.name() == "Reported")
    assert [p.y() for p in reported.points()] == [400, 420, 450, 500]
    assert section.caption.text().startswith("The chart shows ‘ios’")
    assert window.select_metric("hours")
    assert section.caption.text().startswith("No ‘ios’ data for this metric: the chart shows all users")
    combo.setCurrentIndex(0)
    combo.activated.emit(0)
    assert session.scene.card("users").state.actual.value == 1300 and window.actuals.segment_note.text() == ""


def test_daily_rows_roll_up_with_the_chosen_aggregation(window, qtbot, small, tmp_path) -> None:
    session = open_model(window, small, tmp_path)
    csv = tmp_path / "daily.csv"
    days = [("2026-01-05", 10, 0.2), ("2026-01-06", 20, 0.4), ("2026-01-12", 30, 0.5)]  # W02 twice, W03 once
    csv.write_text("date,users,activation\n" + "".join(f"{d},{u},{a}\n" for d, u, a in days))
    wizard = read_in_wizard(qtbot, window, csv)
    wizard.next()
    page = wizard.match_page
    assert page.grain.currentData() == "week" and page.rollups["users"].isEnabled()
    assert page.rollups["users"].currentData() == "sum" and page.rollups["activation"].currentData() == "mean"
    users_rollup = page.rollups["users"]
    users_rollup.setCurrentIndex(users_rollup.findData("last"))
    finish_import(qtbot, wizard)
    actuals = session.doc.tree.actuals
    assert actuals.find("users").as_dict() == {"2026-W02": 20, "2026-W03": 30}        # the last day's value
    assert actuals.find("activation").as_dict() == pytest.approx({"2026-W02": 0.3, "2026-W03": 0.5})  # the mean
    assert actuals.metric_source("users").aggregation.value == "last"
