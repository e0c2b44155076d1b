"""``--screenshot`` waits for the north star's analyses, and ``--select`` picks the metric shown."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel

from metricscape.ui.app import parse_args, run, screenshot_window

EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "examples" / "marketplace.json"


@pytest.fixture
def shot_window(qapp, tmp_path: Path, discard_window):
    made = []

    def make(*extra: str):
        window = screenshot_window(parse_args([str(EXAMPLE), "--screenshot", str(tmp_path / "x.png"),
                                               "--size", "1400x900", *extra]))
        made.append(window)
        return window

    yield make
    for window in made:
        discard_window(window)


def test_at_grab_time_the_levers_and_the_outlook_are_drawn(shot_window) -> None:
    window = shot_window()
    analyses = window.whatif.analyses
    star = window.current_session.doc.tree.north_star
    tornado = analyses.tornado
    assert tornado.result is not None and tornado.result.target == star.id
    assert tornado.chart().series() and len(tornado.shown_inputs) > 0
    assert tornado.empty_text == ""
    assert "80 % likely between" in window.whatif.panel.headline.outlook.text()
    assert analyses.star_outlook.baseline is not None and analyses.star_outlook.empty_text == ""


def test_select_shows_the_metric_in_the_inspector_and_the_analyses(shot_window) -> None:
    window = shot_window("--select", "booking_request_rate")
    session = window.current_session
    assert session.scene.selected_metric_ids() == ["booking_request_rate"]
    name = session.doc.metric("booking_request_rate").name
    assert any(label.text() == name for label in window.inspector.findChildren(QLabel) if label.isVisible())
    assert window.whatif.analyses.tornado.result.target == "booking_request_rate"
    assert window.whatif.analyses.metric_box.currentData() == "booking_request_rate"


def test_an_unknown_metric_id_is_explained_and_nothing_is_written(qapp, tmp_path: Path, capsys) -> None:
    out = tmp_path / "shot.png"
    assert run([str(EXAMPLE), "--screenshot", str(out), "--select", "no_such_metric"]) == 1
    err = capsys.readouterr().err
    assert "no_such_metric" in err and "nights_booked" in err
    assert not out.exists()


def test_the_written_png_shows_the_tornado_bars(qapp, tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    assert run([str(EXAMPLE), "--screenshot", str(out), "--size", "1400x900"]) == 0
    image = QImage(str(out))
    colours = Counter(image.pixelColor(x, y).name() for x in range(0, 1400, 3) for y in range(620, 900, 3))
    assert colours["#1e7b34"] > 100 and colours["#c5221f"] > 100  # the light theme's high and low bars


def test_help_documents_select_and_the_wait(capsys) -> None:
    with pytest.raises(SystemExit):
        parse_args(["--help"])
    text = capsys.readouterr().out
    assert "--select METRIC_ID" in text and "analyses have finished" in text



def test_at_start_up_the_levers_say_what_is_coming_then_show_the_north_star(window, tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_bytes(EXAMPLE.read_bytes())
    session = window.open_path(path)
    analyses = window.whatif.analyses
    assert session.scene.selected_metric_ids() == []
    assert analyses.tornado.empty_text == "Ranking the inputs that move ‘Nights booked (completed stays)’…"
    assert analyses.sobol.empty_text.startswith("Measuring which uncertainty matters most")
    assert analyses.star_outlook.empty_text.startswith("Simulating the outlook")
    assert window.whatif.wait_until_settled(60_000)
    assert analyses.tornado.result.target == "nights_booked" and analyses.tornado.empty_text == ""
    assert analyses.star_outlook.baseline is not None  # the outlook ran without any slider moving
