"""The what-if panel used as a PM would: drag a slider, read the cards, keep a scenario, undo, reset."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QSlider, QStyle, QStyleOptionSlider

from metricscape import io
from metricscape.model.numbers import format_value
from metricscape.sim import Engine
from metricscape.ui.session import DocumentSession
from metricscape.ui.whatif import prompts
from metricscape.ui.whatif.controller import WhatIfController
from metricscape.ui.whatif.panel import UNSAVED, WhatIfPanel

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"


@pytest.fixture
def setup(qtbot):
    session = DocumentSession(io.load(EXAMPLES / "music-streaming.json").tree)
    controller = WhatIfController(session.context)
    panel = WhatIfPanel()
    panel.set_controller(controller)
    panel.resize(380, 900)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    yield panel, controller, session
    controller.close()


def drag(qtbot, slider: QSlider, fraction: float) -> None:
    """Press the handle, move the mouse in steps and release, as a hand would."""
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    style = slider.style()
    handle = style.subControlRect(QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, slider)
    groove = style.subControlRect(QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderGroove, slider)
    start = handle.center()
    end = QPoint(round(groove.left() + fraction * groove.width()), start.y())
    qtbot.mousePress(slider, Qt.MouseButton.LeftButton, pos=start)
    for i in range(1, 6):
        pos = QPointF(start.x() + (end.x() - start.x()) * i / 5, start.y())
        move = QMouseEvent(QEvent.Type.MouseMove, pos, slider.mapToGlobal(pos), Qt.MouseButton.NoButton,
                           Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(slider, move)
    qtbot.mouseRelease(slider, Qt.MouseButton.LeftButton, pos=end)


def assert_cards_match_engine(session: DocumentSession, changes) -> None:
    expected = Engine(session.doc.tree).what_if(list(changes))
    for row in expected.values:
        card = session.scene.card(row.metric)
        assert card.value is not None and math.isclose(card.value, row.value, rel_tol=1e-12), row.metric


def test_dragging_a_slider_moves_every_card_to_what_the_engine_computes(setup, qtbot) -> None:
    panel, controller, session = setup
    row = panel.rows["activation_rate"]
    previews = []
    row.previewed.connect(lambda *args: previews.append(args))
    drag(qtbot, row.slider, 0.75)
    assert previews, "the cards follow while the slider is held"
    change = controller.changes["activation_rate"]
    assert change.mode.value == "points" and change.value > 0
    assert_cards_match_engine(session, controller.changes.values())
    star = session.scene.card("weekly_listening_hours")
    assert star.delta[0].startswith("+") and star.delta[1] is True
    assert session.scene.card("signups").delta == ("", None)  # not downstream: no badge
    assert "+" in panel.headline.value.text()
    assert panel.shows.currentText() == UNSAVED
    assert session.undo_stack.count() == 0  # an unsaved what-if is not an edit of the model


def test_typing_a_value_in_the_spin_box_moves_the_slider_and_the_cards(setup, qtbot) -> None:
    panel, controller, session = setup
    row = panel.rows["minutes_per_session"]
    row.spin.selectAll()
    qtbot.keyClicks(row.spin, "10")
    qtbot.keyClick(row.spin, Qt.Key.Key_Return)
    assert controller.changes["minutes_per_session"].value == 10.0
    assert row.slider.value() > 0
    assert "41.8 minutes" in row.result_label.text()
    assert_cards_match_engine(session, controller.changes.values())


def test_setting_a_value_instead_of_a_change(setup, qtbot) -> None:
    panel, controller, session = setup
    row = panel.rows["activation_rate"]
    row.switch_mode(next(m for m in row.spec.modes() if m.value == "set"))
    row.spin.selectAll()
    qtbot.keyClicks(row.spin, "70")
    qtbot.keyClick(row.spin, Qt.Key.Key_Return)
    assert math.isclose(controller.changes["activation_rate"].value, 0.70)
    assert session.scene.card("activation_rate").value == pytest.approx(0.70)
    assert format_value(0.70, "%") in row.result_label.text()


def test_keep_as_scenario_is_one_undo_step_and_survives_save_and_load(setup, qtbot, monkeypatch, tmp_path) -> None:
    panel, controller, session = setup
    drag(qtbot, panel.rows["activation_rate"].slider, 0.8)
    drag(qtbot, panel.rows["sessions_per_listener"].slider, 0.6)
    kept = dict(controller.changes)
    monkeypatch.setattr(prompts, "ask_text", lambda *args, **kwargs: "Activation push")
    qtbot.mouseClick(panel.keep_button, Qt.MouseButton.LeftButton)
    assert session.undo_stack.count() == 1
    scenario = next(s for s in session.doc.scenarios() if s.name == "Activation push")
    assert {c.metric: c for c in scenario.changes} == kept
    assert controller.active == scenario.id and panel.shows.currentText() == "Scenario: Activation push"
    path = tmp_path / "model.json"
    session.save(path)
    reloaded = io.load(path).tree.scenario("Activation push")
    assert reloaded.changes == scenario.changes
    session.undo_stack.undo()
    assert not any(s.name == "Activation push" for s in session.doc.scenarios())
    assert controller.active is None


def test_moving_a_slider_of_the_shown_scenario_edits_it_in_one_undo_step(setup, qtbot) -> None:
    panel, controller, session = setup
    scenario = session.doc.scenarios()[0]
    index = panel.shows.findData(scenario.id)
    panel.shows.setCurrentIndex(index)
    panel.shows.activated.emit(index)
    assert controller.active == scenario.id
    assert_cards_match_engine(session, scenario.changes)
    drag(qtbot, panel.rows["minutes_per_session"].slider, 0.9)
    assert session.undo_stack.count() == 1
    edited = session.doc.scenario(scenario.id)
    assert any(c.metric == "minutes_per_session" for c in edited.changes)
    assert_cards_match_engine(session, edited.changes)
    session.undo_stack.undo()  # the sliders and cards follow the undo
    assert session.doc.scenario(scenario.id) == scenario
    assert panel.rows["minutes_per_session"].value == 0.0
    assert_cards_match_engine(session, scenario.changes)


def test_reset_returns_every_card_to_the_baseline(setup, qtbot) -> None:
    panel, controller, session = setup
    drag(qtbot, panel.rows["activation_rate"].slider, 1.0)
    qtbot.mouseClick(panel.reset_button, Qt.MouseButton.LeftButton)
    assert controller.changes == {}
    baseline = Engine(session.doc.tree).baseline()
    for row in baseline.values:
        card = session.scene.card(row.metric)
        assert card.delta == ("", None)
        assert card.value == pytest.approx(row.value, nan_ok=True)
    assert panel.rows["activation_rate"].slider.value() == 0
    assert not panel.reset_button.isEnabled()


def test_the_outlook_arrives_after_release_from_the_worker(setup, qtbot) -> None:
    panel, controller, _ = setup
    # The baseline outlook the controller starts with may land during the drag: wait for the what-if's.
    with qtbot.waitSignal(controller.distribution_ready, timeout=20_000,
                          check_params_cb=lambda d: d.what_if is not None) as blocker:
        drag(qtbot, panel.rows["minutes_per_session"].slider, 0.9)
    distribution = blocker.args[0]
    assert distribution.what_if is not None
    star = distribution.what_if.summary("weekly_listening_hours")
    assert star.p10 < star.p50 < star.p90
    assert "80 % likely between" in panel.headline.outlook.text()
    assert "chance to reach the target" in panel.headline.outlook.text()
    # The precision next to the figures (95 % sure), from the engine's standard errors.
    z = 1.959963984540054
    assert f"P90 ± {z * star.p90_se / star.p90 * 100:.1g} %" in panel.headline.outlook.text()
    assert star.precision <= 0.005  # the outlook runs in precision mode


def test_a_model_without_inputs_says_what_to_do(qtbot) -> None:
    from metricscape.model import Metric, MetricKind, MetricTree

    session = DocumentSession(MetricTree(metrics=(Metric(id="ns", name="North", kind=MetricKind.NORTH_STAR,
                                                         baseline=1.0),)))
    controller = WhatIfController(session.context)
    panel = WhatIfPanel()
    qtbot.addWidget(panel)
    panel.set_controller(controller)
    assert panel.rows == {}
    assert "no inputs yet" in panel.message.text()
    controller.close()


def test_a_long_simulation_shows_progress_and_cancel_stops_it(qtbot, monkeypatch) -> None:
    from metricscape.sim.synthetic import generated_tree
    from metricscape.ui.whatif import tasks

    monkeypatch.setattr(tasks, "OUTLOOK_PRECISION", 1e-7)  # the outlook runs in precision mode: ask a lot of it
    session = DocumentSession(generated_tree(300))
    controller = WhatIfController(session.context)
    panel = WhatIfPanel()
    qtbot.addWidget(panel)
    panel.set_controller(controller)
    panel.show()
    finished = []
    controller.distribution_ready.connect(finished.append)
    with qtbot.waitSignal(controller.runner.progressed, timeout=20_000):
        controller.refresh_distribution()
    qtbot.waitUntil(panel.progress.isVisible, timeout=5_000)  # shown once a run lasts
    with qtbot.waitSignal(controller.runner.cancelled, timeout=10_000):
        qtbot.mouseClick(panel.progress.cancel_button, Qt.MouseButton.LeftButton)
    assert not panel.progress.isVisible()
    assert controller.runner.wait(20_000)
    QApplication.processEvents()
    assert finished == []
    controller.close()


def test_opening_a_model_that_asks_millions_of_samples_draws_only_what_the_outlook_needs(qtbot) -> None:
    """Issue 16 item 7: 229 uncertain inputs and samples: 2,000,000 made the app take 3.8 GB on open."""
    import tracemalloc

    from metricscape.model import MetricTree

    inputs = [{"id": f"i{k}", "name": f"Input {k}", "baseline": 1.0,
               "uncertainty": {"distribution": "range", "low": 0.8, "high": 1.25}} for k in range(229)]
    groups = [{"id": f"g{g}", "name": f"Group {g}", "formula": " + ".join(f"i{k}" for k in range(g, 229, 10))}
              for g in range(10)]
    star = {"id": "star", "name": "Star", "kind": "north_star", "formula": " + ".join(f"g{g}" for g in range(10))}
    tree = MetricTree.model_validate({"metrics": [star, *groups, *inputs], "simulation": {"samples": 2_000_000}})
    tracemalloc.start()  # numpy reports its arrays to tracemalloc, from every thread
    try:
        controller = WhatIfController(DocumentSession(tree).context)
        with qtbot.waitSignal(controller.distribution_ready, timeout=30_000) as blocker:
            controller.refresh_distribution()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    controller.close()
    outlook = blocker.args[0].baseline
    assert outlook.samples <= 2 ** 16 and outlook.precision <= 0.005
    assert peak < 400e6
