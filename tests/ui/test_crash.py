"""An uncaught error is logged and the user is told where the details are."""

import logging
import sys
import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from metricscape import logs
from metricscape.ui import crash


@pytest.fixture
def log_file(tmp_path):
    root = logging.getLogger()
    handlers = list(root.handlers)
    path = logs.setup_logging(tmp_path, console=False)
    yield path
    for handler in [h for h in root.handlers if h not in handlers]:
        root.removeHandler(handler)
        handler.close()
    logging.captureWarnings(False)


@pytest.fixture
def shown(monkeypatch):
    """Replace the dialog with a recorder; restore the hooks install() replaces."""
    calls = []
    monkeypatch.setattr(crash, "show_crash_dialog", lambda message, path: calls.append((message, path)))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    return calls


def raise_and_handle(exc, log_file):
    try:
        raise exc
    except BaseException as caught:  # noqa: BLE001 - the point is to hand over any exception
        crash.handle_exception(type(caught), caught, caught.__traceback__, log_file=log_file)


def test_an_error_is_logged_with_its_traceback_and_the_dialog_names_the_log(log_file, shown):
    raise_and_handle(ValueError("the value was odd"), log_file)

    text = log_file.read_text()
    assert "CRITICAL" in text and "Traceback" in text and "ValueError: the value was odd" in text
    [(message, path)] = shown
    assert path == log_file
    assert str(log_file) in message
    assert "Traceback" not in message  # plain words for the user, details in the file


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_button_handler_shows_the_dialog_once(qtbot, log_file, shown):
    from PySide6.QtCore import Qt

    crash.install(log_file)
    button = QPushButton("Simulate")
    qtbot.addWidget(button)
    button.clicked.connect(lambda: 1 / 0)

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    assert len(shown) == 1
    assert "ZeroDivisionError" in log_file.read_text()


def test_an_error_in_a_worker_thread_is_caught_too(log_file, shown):
    crash.install(log_file)
    worker = threading.Thread(target=lambda: {}["missing"])

    worker.start()
    worker.join()

    assert len(shown) == 1
    assert "KeyError: 'missing'" in log_file.read_text()


def test_ctrl_c_is_not_reported_as_a_crash(log_file, shown, capsys):
    raise_and_handle(KeyboardInterrupt(), log_file)

    assert shown == []
    assert "CRITICAL" not in log_file.read_text()


def test_an_error_while_showing_the_dialog_is_logged_not_looped(log_file, monkeypatch):
    attempts = []

    def broken_dialog(message, path):
        attempts.append(message)
        raise RuntimeError("no display")

    monkeypatch.setattr(crash, "show_crash_dialog", broken_dialog)

    raise_and_handle(ValueError("first"), log_file)
    raise_and_handle(ValueError("second"), log_file)  # the guard was reset: a later error is shown

    assert len(attempts) == 2
    assert "Could not show the error dialog" in log_file.read_text()


def test_without_a_log_file_the_message_says_so():
    assert "could not be written" in crash.crash_message(None)


def test_the_dialog_shows_the_log_path_and_closes(qtbot, log_file, monkeypatch):
    monkeypatch.setattr(crash, "HEADLESS_PLATFORMS", ())  # offscreen, but act as on a desktop
    seen = {}

    def close_the_dialog():
        box = QApplication.activeModalWidget()
        seen["text"] = box.text()
        seen["buttons"] = [b.text() for b in box.buttons()]
        box.button(QMessageBox.StandardButton.Close).click()

    QTimer.singleShot(0, close_the_dialog)
    crash.show_crash_dialog(crash.crash_message(log_file), log_file)

    assert str(log_file) in seen["text"]
    assert "Open log folder" in seen["buttons"]


def test_headless_the_message_goes_to_stderr_instead_of_a_dialog_nobody_can_click(qapp, capsys, log_file):
    crash.show_crash_dialog(crash.crash_message(log_file), log_file)

    assert str(log_file) in capsys.readouterr().err
