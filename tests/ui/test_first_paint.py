"""At the app's start, background analyses wait until the first window has been painted."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel

from metricscape.ui import first_paint
from metricscape.ui.whatif.worker import SimulationRunner


class PaintLog(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


@pytest.fixture
def held():
    first_paint.hold_analyses()
    yield
    first_paint.release()  # whatever the test did, later tests find the gate open


def test_an_analysis_submitted_while_the_window_is_built_runs_after_its_first_paint(qtbot, held) -> None:
    window = QLabel("Music streaming")
    qtbot.addWidget(window)
    log = PaintLog()
    window.installEventFilter(log)
    runner = SimulationRunner()
    runner.submit("outlook", lambda progress: log.painted)  # what the window showed when the work began
    first_paint.release_after_paint(window)
    assert not first_paint.analyses_may_start()

    with qtbot.waitSignal(runner.finished, timeout=int(first_paint.LONGEST_HOLD_S * 750)) as finished:
        window.show()

    assert finished.args == ["outlook", True]
    assert first_paint.analyses_may_start()
    runner.shutdown()


def test_windows_built_outside_the_app_start_never_wait(qtbot) -> None:
    assert first_paint.analyses_may_start()
    runner = SimulationRunner()
    with qtbot.waitSignal(runner.finished, timeout=int(first_paint.LONGEST_HOLD_S * 750)) as finished:
        runner.submit("outlook", lambda progress: 42)  # no window at all: nothing to wait for
    assert finished.args == ["outlook", 42]
    runner.shutdown()
