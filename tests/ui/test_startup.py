"""The GUI entry: --self-test goes to the self-test; otherwise logging and the crash dialog come first."""

import logging
from pathlib import Path

from PySide6.QtGui import QGuiApplication

from metricscape import __version__
from metricscape.cli import main as cli_main
from metricscape.ui import app, crash, selftest, startup

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"


def test_self_test_flag_runs_the_self_test_and_nothing_else(monkeypatch):
    calls = []
    monkeypatch.setattr(selftest, "main", lambda argv: calls.append(("self-test", argv)) or 7)
    monkeypatch.setattr(app, "run", lambda argv: calls.append(("app", argv)) or 0)

    assert cli_main(["--self-test"]) == 7
    assert calls == [("self-test", ["--self-test"])]


def test_the_app_starts_with_the_crash_dialog_installed_and_says_so_in_the_log(monkeypatch, caplog):
    installed = []
    monkeypatch.setattr(crash, "install", lambda: installed.append(True))
    monkeypatch.setattr(app, "run", lambda argv: 0 if installed else 99)

    with caplog.at_level(logging.INFO, logger="metricscape"):
        assert startup.run(["plan.metricscape.json"]) == 0

    assert f"Metricscape {__version__} starting (from source" in caplog.text


def test_windows_are_matched_to_the_linux_menu_entry(monkeypatch):
    monkeypatch.setattr(crash, "install", lambda: None)
    monkeypatch.setattr(app, "run", lambda argv: 0)

    startup.run([])

    assert (PACKAGING / "linux" / f"{QGuiApplication.desktopFileName()}.desktop").exists()
