"""The analyses in the main window: charts that render and export, a tornado bar that selects its
metric, goal seek that meets the target, scenarios managed in one undo step each, sizing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QToolTip

from metricscape import io
from metricscape.model.numbers import format_value
from metricscape.sim import Engine
from metricscape.ui.whatif import prompts
from metricscape.ui.whatif.charts.base import ChartView
from metricscape.ui.whatif.goal_seek import GoalSeekDialog

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"


@pytest.fixture
def workspace(window, qtbot):
    session = window.open_path(EXAMPLES / "music-streaming.json")
    ws = window.whatif
    yield window, ws, ws.current, session
    ws.shutdown()


def show_tab(qtbot, ws, title: str, kind: str | None = None) -> None:
    """Bring a tab into view; with ``kind``, also run its analysis and wait until it arrived.

    The run is started inside the wait: the tab may already be in view (then switching to it
    starts nothing) and its first run may have finished before the wait began."""
    tabs = ws.analyses.tabs
    index = next(i for i in range(tabs.count()) if tabs.tabText(i) == title)
    if kind is None:
        tabs.setCurrentIndex(index)
        return
    with qtbot.waitSignal(ws.current.runner.finished, timeout=60_000,
                          check_params_cb=lambda k, _result: k == kind):
        tabs.setCurrentIndex(index)
        ws.analyses.refresh()


def ink(image: QImage, background: QColor) -> int:
    """Pixels that differ from the background: a blank chart has (almost) none."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    count = 0
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            if QColor(image.pixel(x, y)).rgb() != background.rgb():
                count += 1
    return count


def assert_drawn(chart: ChartView) -> None:
    image = chart.image(scale=1.0)
    assert chart.empty_text == ""
    assert ink(image, chart.colours.background) > 500, f"{type(chart).__name__} looks blank"


def test_every_chart_renders_in_both_themes(workspace, qtbot, qapp) -> None:
    window, ws, controller, session = workspace
    controller.show_scenario(session.doc.scenarios()[0].id)
    for dark in (False, True):
        window.set_theme("dark" if dark else "light")
        qapp.processEvents()  # Qt posts the palette change to every widget
        assert ws.analyses.tornado.colours.dark is dark
        show_tab(qtbot, ws, "Levers", "tornado")
        assert_drawn(ws.analyses.tornado)
        with qtbot.waitSignal(controller.distribution_ready, timeout=60_000):
            controller.refresh_distribution()
        show_tab(qtbot, ws, "Outlook")
        assert_drawn(ws.analyses.star_outlook)
        show_tab(qtbot, ws, "Uncertainty", "sobol")
        assert_drawn(ws.analyses.sobol)
        with qtbot.waitSignal(ws.analyses.compare.shown, timeout=20_000):
            show_tab(qtbot, ws, "Compare")
            ws.analyses.compare.refresh_results()
        assert_drawn(ws.analyses.compare.chart)
    background = ws.analyses.tornado.chart().backgroundBrush().color()
    assert background.lightness() < 100  # re-themed to dark along with the app
    window.set_theme("light")


def test_charts_export_to_png_and_svg_at_slide_size_in_document_colours(workspace, qtbot, qapp, tmp_path,
                                                                         monkeypatch) -> None:
    window, ws, _, _ = workspace
    window.set_theme("dark")
    qapp.processEvents()
    show_tab(qtbot, ws, "Levers", "tornado")
    chart = ws.analyses.tornado
    png, svg = tmp_path / "levers.png", tmp_path / "levers.svg"
    monkeypatch.setattr(prompts, "image_path", lambda parent, suggestion: str(png))
    assert chart.save_dialog() == str(png)
    image = QImage(str(png))
    assert (image.width(), image.height()) == (2400, 1350)  # a 16:9 slide at 2x, whatever the dock's size
    assert QColor(image.pixel(4, 4)) == QColor("#ffffff")  # document colours, though the app is dark
    assert ink(image, QColor("#ffffff")) > 500
    chart.export(str(svg))
    text = svg.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text and "Sessions per listener" in text
    window.set_theme("light")


def test_clicking_a_tornado_bar_selects_that_metric_on_the_canvas(workspace, qtbot) -> None:
    _, ws, _, session = workspace
    show_tab(qtbot, ws, "Levers", "tornado")
    chart = ws.analyses.tornado
    top = len(chart.shown_inputs) - 1  # the largest swing is drawn on top
    series = chart.chart().series()[0]
    bar = chart.result.bars[0]
    point = chart.chart().mapToPosition(QPointF((bar.target_high - chart.result.baseline) / 2e6, top), series)
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=chart.mapFromScene(point))
    assert session.scene.selected_metric_ids() == [bar.input]


def test_goal_seek_answer_applied_meets_the_target(workspace, qtbot, monkeypatch) -> None:
    window, ws, controller, session = workspace
    dialog = GoalSeekDialog(controller, "weekly_listening_hours", window)
    qtbot.addWidget(dialog)
    dialog.vary_box.setCurrentIndex(dialog.vary_box.findData("sessions_per_listener"))
    with qtbot.waitSignal(dialog.answered, timeout=20_000):
        qtbot.mouseClick(dialog.find_button, Qt.MouseButton.LeftButton)
    assert dialog.vary_id() == "sessions_per_listener"  # a late ranking of the inputs left the choice alone
    assert dialog.found is not None and dialog.found.reached, dialog.answer.text()
    assert "that is above your 90 % range of 5.5 sessions/user–6.1 sessions/user" in dialog.answer.text()
    target = session.doc.metric("weekly_listening_hours").target
    assert "must be" in dialog.answer.text()
    qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)
    assert session.scene.card("weekly_listening_hours").value == pytest.approx(target, rel=1e-9)
    assert ws.panel.shows.currentText().startswith("What-if")
    monkeypatch.setattr(prompts, "ask_text", lambda *args, **kwargs: "Hit the target")
    qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    scenario = session.doc.tree.scenario("Hit the target")
    value = Engine(session.doc.tree).scenario(scenario.id).value("weekly_listening_hours").value
    assert value == pytest.approx(target, rel=1e-9)
    session.undo_stack.undo()
    assert all(s.name != "Hit the target" for s in session.doc.scenarios())


def test_goal_seek_says_plainly_when_the_target_is_out_of_reach(workspace, qtbot) -> None:
    window, _, controller, _ = workspace
    dialog = GoalSeekDialog(controller, "weekly_listening_hours", window)
    qtbot.addWidget(dialog)
    # Activation is a rate: even at 100 % it cannot lift listening hours to the target.
    dialog.vary_box.setCurrentIndex(dialog.vary_box.findData("activation_rate"))
    with qtbot.waitSignal(dialog.answered, timeout=20_000):
        qtbot.mouseClick(dialog.find_button, Qt.MouseButton.LeftButton)
    assert dialog.found is None
    assert "No value of" in dialog.answer.text() and "the closest is" in dialog.answer.text()
    assert not dialog.show_button.isEnabled() and not dialog.keep_button.isEnabled()


def test_scenarios_are_created_renamed_duplicated_and_deleted_one_undo_step_each(workspace, qtbot,
                                                                                 monkeypatch) -> None:
    _, ws, controller, session = workspace
    show_tab(qtbot, ws, "Scenarios")
    manager = ws.analyses.scenarios
    stack = session.undo_stack
    names = iter(["Pricing test", "Pricing test v2"])
    monkeypatch.setattr(prompts, "ask_text", lambda *args, **kwargs: next(names))
    qtbot.mouseClick(manager.buttons["new"], Qt.MouseButton.LeftButton)
    created = manager.current_id()
    assert session.doc.scenario(created).name == "Pricing test" and stack.count() == 1
    qtbot.mouseClick(manager.changes.add_button, Qt.MouseButton.LeftButton)
    assert len(session.doc.scenario(created).changes) == 1 and stack.count() == 2
    qtbot.mouseClick(manager.buttons["rename"], Qt.MouseButton.LeftButton)
    assert session.doc.scenario(created).name == "Pricing test v2" and stack.count() == 3
    qtbot.mouseClick(manager.buttons["duplicate"], Qt.MouseButton.LeftButton)
    copy = manager.current_id()
    assert session.doc.scenario(copy).changes == session.doc.scenario(created).changes and stack.count() == 4
    qtbot.mouseClick(manager.buttons["show"], Qt.MouseButton.LeftButton)
    assert controller.active == copy
    qtbot.mouseClick(manager.buttons["delete"], Qt.MouseButton.LeftButton)
    assert not controller.doc_has_scenario(copy) and controller.active is None and stack.count() == 5
    for _ in range(5):
        stack.undo()
    assert [s.id for s in session.doc.scenarios()] == [s.id for s in io.load(EXAMPLES / "music-streaming.json")
                                                       .tree.scenarios]


def test_compare_puts_scenarios_side_by_side(workspace, qtbot) -> None:
    _, ws, _, session = workspace
    compare = ws.analyses.compare
    with qtbot.waitSignal(compare.shown, timeout=20_000):
        show_tab(qtbot, ws, "Compare")  # shown for the first time: the comparison starts
    scenarios = session.doc.scenarios()
    assert compare.table.columnCount() == 2 + len(scenarios)
    engine = Engine(session.doc.tree)
    for col, scenario in enumerate(scenarios, start=2):
        expected = engine.scenario(scenario.id).value("weekly_listening_hours")
        cell = compare.table.item(0, col).text()
        assert cell.startswith("34.") and "%" in cell, cell
        assert (expected.change_pct > 0) == ("+" in cell)
    with qtbot.waitSignal(compare.shown, timeout=20_000):
        compare.scenarios.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert compare.table.columnCount() == 1 + len(scenarios)


def test_compare_adds_a_metric_and_goes_back_to_the_north_star(workspace, qtbot) -> None:
    _, ws, _, session = workspace
    compare = ws.analyses.compare
    with qtbot.waitSignal(compare.shown, timeout=20_000):
        show_tab(qtbot, ws, "Compare")
    rows = compare.table.rowCount()
    added = next(m for m in session.doc.metrics() if m.id not in compare.metrics())
    compare.metric_box.setCurrentIndex(compare.metric_box.findData(added.id))
    with qtbot.waitSignal(compare.shown, timeout=20_000):
        qtbot.mouseClick(compare.add_button, Qt.MouseButton.LeftButton)
    assert compare.table.rowCount() == rows + 1
    assert compare.table.item(rows, 0).text() == added.name
    first = session.doc.scenarios()[0]
    expected = Engine(session.doc.tree).scenario(first.id).value(added.id)  # every metric, computed apart
    assert compare.table.item(rows, 1).text() == format_value(expected.baseline, expected.unit)
    assert compare.table.item(rows, 2).text().startswith(format_value(expected.value, expected.unit))
    with qtbot.waitSignal(compare.shown, timeout=20_000):
        qtbot.mouseClick(compare.clear_button, Qt.MouseButton.LeftButton)
    assert compare.table.rowCount() == rows
    assert added.name not in [compare.table.item(r, 0).text() for r in range(rows)]


def test_experiment_sizing_flags_an_impractical_north_star_and_names_the_proxy(workspace, qtbot) -> None:
    _, ws, _, _ = workspace
    show_tab(qtbot, ws, "Experiment")
    view = ws.analyses.experiment
    view.scenario_box.setCurrentIndex(view.scenario_box.findText("Onboarding revamp"))
    with qtbot.waitSignal(view.shown, timeout=20_000):
        view.refresh_results()
    text = view.banner.text()  # the example's ledger validates the proxy: sizing uses it
    assert text.startswith("Size on the proxy: 142 users per arm instead of 22M on the north star; it is "
                           "validated by 32 past experiments")
    assert view.table.model().index(0, 0).data() == "Time to first play"
    assert view.table.model().index(0, 0).data(Qt.ItemDataRole.FontRole).bold()  # the recommended proxy stands out
    assert view.table.model().index(1, 0).data() == "Weekly listening hours"
    assert "not practical" in view.table.model().index(1, 4).data()


def test_analysis_settings_are_saved_in_the_model_file(workspace, qtbot, tmp_path) -> None:
    _, ws, _, session = workspace
    show_tab(qtbot, ws, "Settings")
    form = ws.analyses.settings
    form.samples.setValue(5000)
    form.seed.setValue(42)
    form.power.setValue(90)
    assert session.undo_stack.count() == 3
    path = tmp_path / "settings.json"
    session.save(path)
    saved = io.load(path).tree.simulation
    assert (saved.samples, saved.seed, saved.power) == (5000, 42, 0.9)
    session.undo_stack.undo()
    assert form.power.value() == pytest.approx(session.doc.simulation.power * 100)


def test_hovering_a_bar_shows_its_values(workspace, qtbot) -> None:
    _, ws, _, _ = workspace
    show_tab(qtbot, ws, "Levers", "tornado")
    chart = ws.analyses.tornado
    chart.settle()  # Qt Charts lays the bars out on posted events: place the mouse once they are
    top = len(chart.shown_inputs) - 1
    bar = chart.result.bars[0]
    series = chart.chart().series()[0]
    point = chart.chart().mapToPosition(QPointF((bar.target_high - chart.result.baseline) / 2e6, top), series)
    qtbot.mouseMove(chart.viewport(), QPoint(1, 1))  # an earlier test may have left the mouse on the bar
    qtbot.mouseMove(chart.viewport(), chart.mapFromScene(point))
    qtbot.waitUntil(lambda: bar.name in QToolTip.text())
    assert "Elasticity" in QToolTip.text()


def test_each_open_model_keeps_its_own_what_if(workspace, qtbot) -> None:
    window, ws, first, _ = workspace
    first.preview("activation_rate", first.spec("activation_rate").natural_mode, 4.0)
    other = window.open_path(EXAMPLES / "marketplace.json")
    second = ws.current
    assert second is not first and ws.panel.controller is second
    assert "booking_request_rate" in ws.panel.rows and "activation_rate" not in ws.panel.rows
    assert second.changes == {}
    window.tabs.setCurrentIndex(0)
    assert ws.panel.controller is first and first.changes["activation_rate"].value == 4.0
    window.close_tab(1)
    assert second.runner.closed and id(other) not in ws.controllers


def test_goal_seek_preselects_the_strongest_lever_ranked_off_the_gui_thread(workspace, qtbot) -> None:
    window, _, controller, session = workspace
    from metricscape.ui.whatif.goal_seek import LEVERS
    with qtbot.waitSignal(controller.quick.finished, timeout=20_000, check_params_cb=lambda k, _r: k == LEVERS):
        dialog = GoalSeekDialog(controller, "weekly_listening_hours", window)
        qtbot.addWidget(dialog)
    choices = {dialog.vary_box.itemData(i) for i in range(dialog.vary_box.count())}
    ranked = [b.input for b in Engine(session.doc.tree).tornado("weekly_listening_hours").bars]
    assert dialog.vary_id() == next(m for m in ranked if m in choices)
