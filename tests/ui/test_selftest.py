"""``metricscape --self-test``: passes on a good installation, names what is broken otherwise."""

import io
import os
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter

from metricscape.ui import selftest
from metricscape.ui.canvas import style
from metricscape.ui.export import render


def run(tmp_path):
    out = io.StringIO()
    result = selftest.run_self_test(tmp_path, out)
    return result, out.getvalue()


def outcome(result, name):
    return next(o for o in result.outcomes if o.name == name)


def test_a_good_installation_passes_every_check_and_leaves_the_files(qapp, tmp_path):
    result, report = run(tmp_path)

    assert result.passed, report
    assert [o.name for o in result.outcomes] == [
        "bundled example", "bundled font", "main window", "render", "title text drawn",
        "PNG export", "SVG export", "PDF export", "PowerPoint export", "Monte Carlo (turned Sobol' points, precision mode)",
        "actuals import (DuckDB)", "evidence statistics", "why it moved"]
    assert report.splitlines()[-1] == "Self-test passed."
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tree.pdf", "tree.png", "tree.pptx", "tree.svg"]


def test_the_preferred_example_comes_first():
    names = [f.name for f in selftest.example_files()]

    assert names[0] == selftest.PREFERRED_EXAMPLE
    assert len(names) >= 1


def test_a_missing_font_fails_the_font_check(qapp, tmp_path, monkeypatch):
    monkeypatch.setattr(style, "font_family", lambda: "DejaVu Sans")

    result, report = run(tmp_path)

    assert not result.passed
    assert "did not load (using 'DejaVu Sans')" in outcome(result, "bundled font").detail
    assert "FAILED: 1 check(s)" in report


def test_text_that_never_reaches_the_page_is_caught(qapp, tmp_path, monkeypatch):
    # What a missing font or a broken paint does: the page is drawn, the words are not.
    monkeypatch.setattr(render, "paint_page", lambda painter, diagram, scene, transparent=False:
                        painter.fillRect(0, 0, int(diagram.width), int(diagram.height), QColor("white")))

    result, _ = run(tmp_path)

    assert "title area is blank" in outcome(result, "title text drawn").detail
    assert "lacks 21 of 21 metric names" in outcome(result, "SVG export").detail
    assert outcome(result, "PNG export").passed  # an empty picture is still a valid PNG


def test_without_examples_the_checks_that_need_one_do_not_run(qapp, tmp_path, monkeypatch):
    monkeypatch.setattr(selftest, "example_files", list)

    result, _ = run(tmp_path)

    assert "no example models found" in outcome(result, "bundled example").detail
    assert outcome(result, "render").detail == "not run: an earlier check failed"
    assert outcome(result, "PowerPoint export").detail == "not run: an earlier check failed"
    assert outcome(result, "bundled font").passed


def test_an_unexpected_error_is_reported_with_where_it_happened(qapp, tmp_path, monkeypatch):
    def broken(pic, path):
        raise OSError("disk full")

    monkeypatch.setattr(render, "write_pdf", broken)

    result, _ = run(tmp_path)

    detail = outcome(result, "PDF export").detail
    assert detail.startswith("OSError: disk full (test_selftest.py:")
    assert outcome(result, "PowerPoint export").passed


def test_ink_fraction_counts_dark_pixels(qapp):
    image = QImage(100, 50, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.fillRect(10, 10, 20, 5, Qt.GlobalColor.black)
    painter.end()

    assert selftest.ink_fraction(image, 0, 0, 100, 50) == pytest.approx(100 / 5000)
    assert selftest.ink_fraction(image, 50, 0, 50, 50) == 0.0


@pytest.mark.parametrize(("text", "missing"), [
    ("Weekly listening hours Active listeners", []),
    ("Weekly listen… Active", []),                      # shortened on a card
    ("listening hours Active listeners", ["Weekly listening hours"]),
    ("", ["Weekly listening hours", "Active listeners"]),
])
def test_names_missing_tolerates_shortened_names_but_not_absent_ones(text, missing):
    assert selftest.names_missing(["Weekly listening hours", "Active listeners"], text) == missing


def test_main_returns_the_exit_code(qapp, monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert selftest.main(["--self-test"]) == 0

    monkeypatch.setattr(style, "font_family", lambda: "DejaVu Sans")
    assert selftest.main(["--self-test"]) == 1


def test_the_command_line_flag_runs_it_offscreen_even_on_a_desktop():
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", DISPLAY=":nonexistent")
    result = subprocess.run([sys.executable, "-m", "metricscape", "--self-test"], capture_output=True,
                            text=True, timeout=120, env=env, check=False)

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "Self-test passed."


def test_an_error_inside_a_qt_callback_fails_the_check_it_happened_in(qapp, tmp_path, monkeypatch):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    real_write_png = render.write_png

    def write_png_with_a_broken_slot(pic, path):
        QTimer.singleShot(0, lambda: {}["missing"])
        QApplication.processEvents()
        real_write_png(pic, path)

    monkeypatch.setattr(render, "write_png", write_png_with_a_broken_slot)

    result, _ = run(tmp_path)

    assert outcome(result, "PNG export").detail.startswith("an error inside Qt: KeyError: 'missing'")
    assert outcome(result, "SVG export").passed
