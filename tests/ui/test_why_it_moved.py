"""Simulate ▸ Why did it move?…, used as a PM would: choose two periods, read the waterfall and the
cards, click a bar to select and drill into a driver, come back up, close the view; and the empty
state of a model without actuals."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolTip
from why_model import music_with_actuals

from metricscape import io
from metricscape.derived import Source
from metricscape.model.numbers import format_value
from metricscape.sim import Engine
from metricscape.sim.explain import StepKind
from metricscape.ui.why.panel import NO_ACTUALS

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"
STAR = "weekly_listening_hours"
WAL = "weekly_active_listeners"


def simulate_menu(window) -> QMenu:
    return next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Simulate")


def why_item(window) -> QAction:
    menu = simulate_menu(window)
    menu.popup(QPoint(0, 0))  # the menu greys out what does not apply as it opens
    item = next(a for a in menu.actions() if a.text().replace("&", "") == "Why did it move?…")
    enabled = item.isEnabled()
    menu.hide()
    item.setData(enabled)
    return item


def four_week_sums(tree, metric_id: str) -> tuple[float, float]:
    """The metric's total over the 4 weeks before the last 4, and over the last 4, from its series."""
    values = tree.actuals.find(metric_id).values
    return sum(values[-8:-4]), sum(values[-4:])


def signed(amount: float, unit: str) -> str:
    return ("+" if amount > 0 else "-") + format_value(abs(amount), unit)


@pytest.fixture
def opened(window, qtbot, tmp_path: Path):
    tree = music_with_actuals()
    path = tmp_path / "music-actuals.json"
    io.save(tree, path)
    session = window.open_path(path)
    item = why_item(window)
    assert item.data() is True, "Why did it move?… is greyed out on a model with actuals"
    item.trigger()
    panel = window.why.panel
    qtbot.waitUntil(lambda: panel.active and panel.attribution is not None)
    return window, session, panel, tree


def click_bar(qtbot, chart, metric_id: str) -> None:
    chart.settle()  # the bars are where they are drawn only once Qt Charts has laid them out
    index = next(i for i, bar in enumerate(chart.bars) if bar.step.metric == metric_id)
    bar = chart.bars[index]
    point = chart.mapFromScene(chart._at(index, (bar.low + bar.high) / 2))
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_the_waterfall_adds_up_from_the_start_to_the_end_of_the_chosen_periods(opened, qtbot) -> None:
    _window, _, panel, tree = opened
    panel.periods.choose("previous_range")
    start, end = four_week_sums(tree, STAR)
    chart = panel.chart
    first, *middle, last = chart.bars
    assert first.step.kind is StepKind.START and first.step.amount == pytest.approx(start, rel=1e-12)
    assert last.step.kind is StepKind.END and last.step.amount == pytest.approx(end, rel=1e-12)
    assert sum(bar.step.amount for bar in middle) == pytest.approx(end - start, rel=1e-9)
    names = [bar.step.label for bar in middle]
    assert "Weekly active listeners" in names and WAL not in names  # names, not ids
    # the tracking change (reported 3 % below the formula from week 98) is its own amber bar
    assert any(bar.step.kind is StepKind.REPORTED_VS_FORMULA and bar.group == "gap" for bar in middle)
    for bar in middle:
        if bar.step.kind is StepKind.DRIVER and bar.step.amount:
            assert bar.group == ("helped" if bar.step.amount > 0 else "hurt")  # listening hours: higher is better
    assert panel.headline.text().startswith("Weekly listening hours ")
    assert "2026-W45..2026-W48" in panel.headline.text() and "2026-W49..2026-W52" in panel.headline.text()


def test_the_cards_show_each_share_of_the_change_and_go_back_when_the_view_closes(opened, qtbot) -> None:
    window, session, panel, tree = opened
    baseline = {v.metric: v.value for v in Engine(tree).baseline().values}  # the cards without the view
    panel.periods.choose("previous_range")
    start, end = four_week_sums(tree, STAR)
    star_card = session.scene.card(STAR)
    assert star_card.delta == (signed(end - start, "hours"), end > start)
    total = signed(end - start, "")
    wal = next(bar for bar in panel.chart.bars if bar.step.metric == WAL)
    wal_card = session.scene.card(WAL)
    assert wal_card.delta == (f"{signed(wal.step.amount, '')} hrs of {total}", wal.step.amount > 0)
    assert wal_card.value == pytest.approx(baseline[WAL])  # a 4-week total is no weekly value: the card keeps its own
    assert "Why it moved (2026-W45..2026-W48 → 2026-W49..2026-W52)" in wal_card.toolTip()
    panel.periods.choose("previous")  # single weeks: the cards show what happened in the later one
    assert session.scene.card(WAL).state.source is Source.ATTRIBUTION
    assert session.scene.card(WAL).value == tree.actuals.find(WAL).values[-1]
    assert session.scene.card(STAR).value == tree.actuals.find(STAR).values[-1]
    panel.on_cards.click()  # "Show on the cards" off: the chart stays, the cards go back
    assert session.scene.card(WAL).state.source is Source.FORMULA and panel.chart.bars
    assert session.scene.card(WAL).delta == ("", None)
    panel.on_cards.click()
    assert session.scene.card(WAL).state.source is Source.ATTRIBUTION
    window.why.dock.close()
    qtbot.waitUntil(lambda: not panel.active)
    assert session.scene.card(STAR).state.source is Source.FORMULA
    assert {card.metric_id: card.value for card in session.scene.cards()} == pytest.approx(baseline)
    assert session.scene.card(WAL).delta == ("", None)


def test_clicking_a_bar_selects_the_driver_and_drills_into_its_own_waterfall(opened, qtbot) -> None:
    _window, session, panel, tree = opened
    panel.periods.choose("previous_range")
    chart = panel.chart
    click_bar(qtbot, chart, WAL)
    assert session.scene.selected_metric_ids() == [WAL]
    assert chart.explanation is not None and chart.explanation.metric == WAL
    start, end = four_week_sums(tree, WAL)
    assert chart.bars[0].step.amount == pytest.approx(start, rel=1e-12)
    assert sum(bar.step.amount for bar in chart.bars[1:-1]) == pytest.approx(end - start, rel=1e-9)
    drivers = {"New listeners", "Retained listeners", "Resurrected listeners"}
    labels = [bar.step.label for bar in chart.bars[1:-1] if bar.step.kind is StepKind.DRIVER]
    assert labels and all(label in drivers or label.endswith("other drivers") for label in labels)
    assert panel.crumbs.isVisible() and "Weekly listening hours" in panel.crumbs.text()
    assert session.scene.card("retained_listeners").delta[0].endswith(f" of {signed(end - start, '')}")
    panel.crumbs.linkActivated.emit("0")  # the breadcrumb's first link, as a click on it sends
    assert chart.explanation.metric == STAR and not panel.crumbs.isVisible()
    assert panel.metric_box.currentData() == STAR  # drilling never changed the metric chosen


def test_choosing_another_metric_explains_it_from_the_top(opened) -> None:
    _, session, panel, _tree = opened
    panel.periods.choose("previous_range")
    box = panel.metric_box
    index = box.findText("Minutes per session")
    box.setCurrentIndex(index)
    box.activated.emit(index)  # what picking it in the list sends
    explanation = panel.chart.explanation
    assert explanation is not None and explanation.metric == "minutes_per_session"
    assert session.scene.card("minutes_per_session").delta[0]  # the cards now split its change
    assert session.scene.card("weekly_active_listeners").delta == ("", None)  # not below it
    assert box.itemText(0) == "Weekly listening hours (north star)"


def test_hovering_a_bar_tells_its_amount_and_the_drivers_own_move(opened, qtbot) -> None:
    _, _, panel, _ = opened
    panel.periods.choose("previous_range")
    chart = panel.chart
    chart.settle()  # Qt Charts lays the bars out on posted events: place the mouse once they are
    index = next(i for i, bar in enumerate(chart.bars) if bar.step.metric is not None)
    bar = chart.bars[index]
    qtbot.mouseMove(chart.viewport(), chart.mapFromScene(chart._at(index, (bar.low + bar.high) / 2)))
    qtbot.waitUntil(lambda: "Its own move" in QToolTip.text())
    start, end = chart.explanation.driver_values[bar.step.metric]
    unit = chart.explanation.units[bar.step.metric]
    assert f"{format_value(start, unit)} → {format_value(end, unit)}" in QToolTip.text()
    assert QToolTip.text().startswith(f"<b>{bar.step.label}</b>: {signed(bar.step.amount, 'hours')} of the")


def test_custom_periods_and_following_the_canvas_selection(opened, qtbot) -> None:
    _, session, panel, tree = opened
    panel.periods.set_custom("2026-W40..2026-W41", "2026-W51..2026-W52")
    assert panel.periods.custom.isVisible()
    values = tree.actuals.find(STAR).values
    assert panel.chart.bars[0].step.amount == pytest.approx(sum(values[-13:-11]), rel=1e-12)
    assert panel.chart.bars[-1].step.amount == pytest.approx(sum(values[-2:]), rel=1e-12)
    session.scene.select_only(["minutes_per_session"])
    assert panel.chart.explanation.metric == STAR  # not following unless asked
    panel.follow.click()
    session.scene.select_only(["minutes_per_session"])
    assert panel.metric_box.currentData() == "minutes_per_session"
    assert panel.chart.explanation.metric == "minutes_per_session"
    panel.periods.set_custom("2026-W51..2026-W52", "2026-W40..2026-W41")
    assert panel.chart.explanation.metric == "minutes_per_session"  # later before earlier is a fine question
    panel.periods.set_custom("2026-W41..2026-W40", "2026-W51..2026-W52")
    assert "ends before it starts" in panel.chart.empty_text


def test_the_chart_exports_to_png_and_svg_with_its_headline(opened, tmp_path: Path) -> None:
    _, _, panel, _ = opened
    svg, png = tmp_path / "why.svg", tmp_path / "why.png"
    panel.chart.export(str(svg))
    panel.chart.export(str(png))
    text = svg.read_text(encoding="utf-8")
    assert "Weekly listening hours rose" in text or "Weekly listening hours fell" in text  # the headline
    assert "active" in text and "listeners" in text  # a driver's name under its bar
    assert png.stat().st_size > 10_000


def without_actuals(tmp_path: Path) -> Path:
    from metricscape.model.actuals import Actuals

    path = tmp_path / "music.json"
    io.save(io.load(EXAMPLES / "music-streaming.json").tree.model_copy(update={"actuals": Actuals()}), path)
    return path


def test_without_actuals_the_menu_is_greyed_and_the_view_says_how_to_get_them(window, qtbot, tmp_path) -> None:
    path = without_actuals(tmp_path)
    session = window.open_path(path)
    item = why_item(window)
    assert item.data() is False
    item.trigger()  # its shortcut still opens the view, on its empty state
    panel = window.why.panel
    qtbot.waitUntil(lambda: panel.active)
    assert panel.pages.currentWidget() is panel.empty
    assert panel.empty.title.text() == NO_ACTUALS == "Import actuals to see why the north star moved."
    assert panel.empty.button.isVisible()  # File ▸ Import actuals… is one click away
    assert all(card.state.source is not Source.ATTRIBUTION for card in session.scene.cards())


def test_a_screenshot_can_open_the_view_on_a_chosen_comparison(qapp, tmp_path: Path, discard_window) -> None:
    from metricscape.ui.app import parse_args, screenshot_window

    path = tmp_path / "music-actuals.json"
    io.save(music_with_actuals(), path)
    window = screenshot_window(parse_args([str(path), "--screenshot", str(tmp_path / "x.png"),
                                           "--why", "year_ago"]))
    try:
        panel = window.why.panel
        assert window.why.dock.isVisible() and panel.periods.key == "year_ago"
        assert panel.chart.bars[0].step.label == "2025-W52" and panel.chart.bars[-1].step.label == "2026-W52"
        assert window.why.dock.height() > window.height() // 3  # room for the bars and their names
    finally:
        discard_window(window)


def open_with_view(window, qtbot, tree, tmp_path: Path):
    path = tmp_path / "model.json"
    io.save(tree, path)
    session = window.open_path(path)
    window.registry.action("why_moved").trigger()
    panel = window.why.panel
    qtbot.waitUntil(lambda: panel.active and panel.attribution is not None)
    return session, panel


def test_a_redefined_north_star_is_said_in_words_not_split(window, qtbot, tmp_path: Path) -> None:
    import datetime as dt

    from metricscape.model.metadata import NorthStarDefinition

    tree = music_with_actuals()
    redefined = NorthStarDefinition(name="Weekly listening hours (30 s plays)", adopted_on=dt.date(2026, 12, 23))
    tree = tree.model_copy(update={"info": tree.info.model_copy(update={"north_star_history": (redefined,)})})
    session, panel = open_with_view(window, qtbot, tree, tmp_path)  # last week against the week before
    assert panel.chart.bars == [] and "redefined on 2026-12-23" in panel.chart.empty_text
    assert "measure different things" in panel.chart.empty_text and not panel.notes.isVisible()
    assert all(card.state.source is not Source.ATTRIBUTION and not card.delta[0] for card in session.scene.cards())
    panel.periods.set_custom("2026-W40..2026-W41", "2026-W50..2026-W51")  # both before the change: split
    assert panel.chart.bars and session.scene.card(STAR).delta[0]


def test_missing_actuals_name_the_metric_and_the_periods_to_import(window, qtbot, tmp_path: Path) -> None:
    from metricscape.model.actuals import Actuals

    tree = music_with_actuals()
    gap = tuple(s.model_copy(update={"values": (*s.values[:-1], None)}) if s.metric == "signups" else s
                for s in tree.actuals.series)
    tree = tree.model_copy(update={"actuals": Actuals(series=gap)})
    _, panel = open_with_view(window, qtbot, tree, tmp_path)
    panel.explain_metric("new_listeners")  # its input 'signups' has no value for the last week
    assert panel.chart.bars == []
    assert "Weekly sign-ups" in panel.chart.empty_text and "2026-W52" in panel.chart.empty_text


def test_the_empty_state_offers_file_import_actuals(window, qtbot, tmp_path: Path, monkeypatch) -> None:
    imported: list[bool] = []
    monkeypatch.setattr(window.actuals, "start_import", lambda: imported.append(True))  # the wizard's entry
    window.open_path(without_actuals(tmp_path))
    window.registry.action("why_moved").trigger()
    panel = window.why.panel
    qtbot.waitUntil(lambda: panel.active)
    assert panel.empty.button.isVisible()
    qtbot.mouseClick(panel.empty.button, Qt.MouseButton.LeftButton)
    assert imported == [True]


def test_the_view_follows_the_model_in_view_and_leaves_the_other_ones_cards_alone(opened, qtbot,
                                                                                  tmp_path: Path) -> None:
    window, first, _panel, tree = opened
    assert first.scene.card(STAR).delta[0]
    other = tmp_path / "second.json"
    io.save(tree, other)
    second = window.open_path(other)
    assert window.current_session is second
    qtbot.waitUntil(lambda: second.scene.card(STAR).delta[0] != "")
    assert first.scene.card(STAR).delta == ("", None)  # the first model's cards went back
    assert all(card.state.source is not Source.ATTRIBUTION for card in first.scene.cards())
    window.tabs.setCurrentIndex(0)
    qtbot.waitUntil(lambda: first.scene.card(STAR).delta[0] != "")
    assert second.scene.card(STAR).delta == ("", None)
