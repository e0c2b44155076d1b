"""``metricscape FILE --screenshot OUT.png`` renders the window with the model, text included."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from metricscape import io
from metricscape.model import MetricKind
from metricscape.ui import settings
from metricscape.ui.app import run
from metricscape.ui.canvas import style


def dark_pixels(image: QImage, x0: int, y0: int, x1: int, y1: int, step: int = 2) -> int:
    return sum(1 for x in range(x0, x1, step) for y in range(y0, y1, step)
               if QColor(image.pixel(x, y)).lightness() < 90)


def test_screenshot_shows_the_model_with_readable_text(qapp, small, tmp_path: Path) -> None:
    model = tmp_path / "small.json"
    io.save(small, model)
    out = tmp_path / "shot.png"
    assert run([str(model), "--screenshot", str(out), "--size", "1200x800"]) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1200, 800)
    colours = {image.pixel(x, y) for x in range(0, 1200, 15) for y in range(0, 800, 15)}
    assert len(colours) > 20, "the screenshot is blank"
    # Find the north star card by its fill; its name and value must be drawn as dark text on it.
    fill = style.DOCUMENT.kind_fill[MetricKind.NORTH_STAR].rgb()
    card = [(x, y) for x in range(0, 1200, 2) for y in range(0, 800, 2) if image.pixel(x, y) == fill]
    assert card, "the north star card is on the screenshot"
    xs, ys = [x for x, _ in card], [y for _, y in card]
    assert max(xs) - min(xs) > 100 and max(ys) - min(ys) > 40
    assert dark_pixels(image, min(xs), min(ys), max(xs), max(ys), step=1) > 150
    assert settings.recent_files() == []  # a screenshot is not the user opening a file


def test_screenshot_of_a_broken_file_fails_cleanly(qapp, tmp_path: Path, no_dialogs, capsys) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("not json")
    assert run([str(bad), "--screenshot", str(tmp_path / "x.png")]) == 1
    assert not (tmp_path / "x.png").exists()
    assert "bad.json" in capsys.readouterr().err and not no_dialogs


def test_a_bad_size_is_explained(qapp, capsys) -> None:
    with pytest.raises(SystemExit):
        run(["--screenshot", "x.png", "--size", "big"])
    assert "WIDTHxHEIGHT" in capsys.readouterr().err
