"""Shared fixtures for the app's Qt tests: isolated settings, a state folder, small models."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from metricscape.model import Document, Link, LinkKind, Metric, MetricKind, MetricTree, Position

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, qapp):
    """QSettings in a temporary INI file, so tests never read or write the user's preferences."""
    from PySide6.QtCore import QCoreApplication, QSettings

    QCoreApplication.setOrganizationName("MetricscapeTests")
    QCoreApplication.setApplicationName("MetricscapeTests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    yield
    QSettings().clear()


@pytest.fixture(autouse=True)
def empty_clipboard(qapp):
    """Each test starts and ends with an empty clipboard: what one test copied never reaches the next,
    and Qt's offscreen platform crashes at exit (after every test passed) while it still holds an image."""
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().clear()
    yield
    QGuiApplication.clipboard().clear()


@pytest.fixture
def harness(qapp):
    """The music example, for a docked panel under test (see ``panel_harness``)."""
    from panel_harness import PanelHarness

    from metricscape.io import load

    return PanelHarness(Document(load(EXAMPLES / "music-streaming.json").tree))


@pytest.fixture
def turn_event_loop(qapp) -> Callable[[], None]:
    """One turn of a real event loop, as between two gestures in the running app.

    Tests run outside any event loop, and there ``processEvents()`` leaves ``deleteLater()`` alone:
    replaced widgets would pile up (slowing every later step) until pytest-qt's teardown.
    """
    from PySide6.QtCore import QEventLoop, QTimer

    def turn() -> None:
        loop = QEventLoop()
        QTimer.singleShot(0, loop.quit)
        loop.exec()

    return turn


@pytest.fixture
def no_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Fail loudly if a dialog would block; record errors shown instead."""
    from metricscape.ui import dialogs

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text, details="": shown.append((title, text)))

    def unexpected_ask(*args, **kwargs):
        raise AssertionError(f"unexpected question: {args[1:3]}")

    monkeypatch.setattr(dialogs, "ask", unexpected_ask)
    from metricscape.ui.save_note_dialog import SaveNote, SaveNoteDialog
    # Saving asks for an optional change-log note: skip it unless a test answers it itself.
    monkeypatch.setattr(SaveNoteDialog, "ask", classmethod(lambda cls, parent, record, ask_author: SaveNote()))
    return shown


@pytest.fixture
def window(qtbot, tmp_path: Path, no_dialogs, discard_window):
    from metricscape.ui.autosave import Autosaver
    from metricscape.ui.main_window import MainWindow

    win = MainWindow(Autosaver(tmp_path / "state"))
    win.resize(1200, 800)
    with qtbot.waitExposed(win):
        win.show()
    yield win
    discard_window(win)


@pytest.fixture
def discard_window(turn_event_loop) -> Callable[..., None]:
    """Close a main window as quitting the app would, and delete it before the next test starts.

    The app stops the what-if workers on ``aboutToQuit``, which never comes in tests; and a
    ``deleteLater()`` left pending would run inside whichever later test next turns an event loop.
    """
    def discard(win) -> None:
        win.whatif.shutdown()
        win.evidence.shutdown()
        for session in win.sessions:
            session.undo_stack.setClean()  # let the window close without asking
        win.close()
        win.deleteLater()
        turn_event_loop()

    return discard


def small_tree() -> MetricTree:
    """North star = users * hours, with an influence on hours and a guardrail."""
    metrics = (
        Metric(id="hours_total", name="Weekly listening hours", kind=MetricKind.NORTH_STAR,
               formula="users * hours", unit="hours"),
        Metric(id="users", name="Weekly listeners", baseline=1000, unit="users", position=Position(x=0, y=300)),
        Metric(id="hours", name="Hours per listener", baseline=3.5, unit="hours", position=Position(x=300, y=300)),
        Metric(id="activation", name="Activation rate", baseline=0.4, unit="%", position=Position(x=300, y=600)),
        Metric(id="churn", name="Churn", kind=MetricKind.GUARDRAIL, baseline=0.05, unit="%",
               position=Position(x=600, y=300)),
    )
    links = (Link(source="activation", target="hours", kind=LinkKind.INFLUENCE, elasticity=0.3),
             Link(source="churn", target="hours_total", kind=LinkKind.GUARD))
    return MetricTree(metrics=metrics, links=links)


@pytest.fixture
def small() -> MetricTree:
    return small_tree()
