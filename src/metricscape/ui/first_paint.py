"""Background analyses wait for the first window: they start once it has been painted.

The evidence and the what-if outlook start on worker threads as soon as a model opens. Their first
run imports scipy and statsmodels (about half a second of Python), and Python runs one thread at a
time: started while the window is still being built and painted, they made the first window appear
that much later. So ``app.run`` closes this gate before the window is built and opens it after the
window's first paint with its models; jobs wait for it on their worker thread (the GUI thread never
waits). Windows built elsewhere (tests, screenshots, the self-test) find the gate open.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

# At most this long: a window that is never painted (started minimised) holds nothing back for long.
LONGEST_HOLD_S = 2.0

_open = threading.Event()
_open.set()


def wait_for_first_window() -> None:
    """On a worker thread, before an analysis starts: return once the first window is painted."""
    _open.wait(LONGEST_HOLD_S)


def hold_analyses() -> None:
    """Keep workers from starting analyses until ``release_after_paint`` sees the window painted."""
    _open.clear()


def release_after_paint(window: QWidget) -> None:
    """Open the gate right after ``window``'s next paint (or after ``LONGEST_HOLD_S`` at most)."""
    if _open.is_set():
        return
    window.installEventFilter(_AfterPaint(window))
    QTimer.singleShot(int(LONGEST_HOLD_S * 1000), release)


def release() -> None:
    _open.set()


def analyses_may_start() -> bool:
    return _open.is_set()


class _AfterPaint(QObject):
    """Watches the window for its next update request, in which Qt paints what changed."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.UpdateRequest:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, release)  # runs once this paint is done
            self.deleteLater()
        return False
