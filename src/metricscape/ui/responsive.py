"""The GUI thread's share of the Python interpreter while analyses run on worker threads.

Only one thread runs Python at a time, and two CPython defaults let a worker freeze the window
although the GUI thread itself has almost nothing to do (measured by
``benchmarks/bench_gui_stalls.py``):

- A thread that wants the interpreter lock gets it once the running thread has used up its switch
  interval, 5 ms by default. Every event the window handles in Python waits that long, often twice
  in one frame. At 1 ms the window gets its turn within a millisecond; a worker alone is never
  interrupted, so it only loses the few switches it makes for the window.
- A full garbage collection walks every container object, with the lock held. With a 5,000-metric
  model open (canvas items, tree, compiled plan: some 350,000 objects) one takes 0.15-0.5 s, and
  CPython starts one whenever enough objects have survived the young generations, which is what
  building an analysis result does: the freeze lands in the middle of a click. So the oldest
  generation is collected here instead, on the GUI thread, when as much has piled up as CPython
  waits for and the app is quiet: no analysis ran for a second, no mouse button is held, the
  pointer rests. The young generations stay automatic (a few ms each). When the app is never
  quiet (a long evidence run), it collects anyway once ten times that much has piled up, so memory
  stays bounded.
"""

from __future__ import annotations

import gc
import sys
import time
import weakref
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QCursor, QGuiApplication

SWITCH_INTERVAL_S = 0.001
CHECK_MS = 500
QUIET_S = 1.0  # since the last analysis ended
DUE = 10  # young collections since the last full one: CPython's own trigger (its third threshold)
OVERDUE = 10 * DUE
NEVER = 2**31 - 1  # a third threshold CPython never reaches: its automatic full collection is off


class Background(Protocol):
    """Something that runs work off the GUI thread (``SimulationRunner``)."""

    @property
    def busy(self) -> bool: ...


_BACKGROUND: weakref.WeakSet[Background] = weakref.WeakSet()
_LAST_ACTIVE = [time.monotonic()]


def watch(worker: Background) -> None:
    """Count ``worker`` in: while it is busy, the app is not quiet."""
    _BACKGROUND.add(worker)


def active() -> None:
    """An analysis started or ended: not quiet for the next ``QUIET_S`` (a quick analysis lasts
    less than the pacer's check interval, so being busy at a check is not enough to notice it)."""
    _LAST_ACTIVE[0] = time.monotonic()


def any_busy() -> bool:
    return any(worker.busy for worker in list(_BACKGROUND))


def last_active() -> float:
    return _LAST_ACTIVE[0]


class GarbagePacer(QObject):
    """Collects the oldest generation at quiet moments (see the module docstring)."""

    collected = Signal()

    def __init__(self, parent: QObject | None = None, busy: Callable[[], bool] = any_busy,
                 clock: Callable[[], float] = time.monotonic, since: Callable[[], float] = last_active) -> None:
        super().__init__(parent)
        self._busy, self._clock, self._since = busy, clock, since
        self._last_busy = clock()
        self._pointer = QPoint()
        self._thresholds = gc.get_threshold()
        self.timer = QTimer(self, interval=CHECK_MS)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        young, middle, _old = self._thresholds
        gc.set_threshold(young, middle, NEVER)
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        gc.set_threshold(*self._thresholds)

    def quiet(self) -> bool:
        now = self._clock()
        if self._busy():
            self._last_busy = now
        self._last_busy = max(self._last_busy, self._since())
        pointer, self._pointer = self._pointer, QCursor.pos()
        return (now - self._last_busy >= QUIET_S and pointer == self._pointer
                and QGuiApplication.mouseButtons() == Qt.MouseButton.NoButton)

    def check(self) -> bool:
        """Collect the oldest generation if it is due and the app quiet, or overdue; True if it did."""
        quiet = self.quiet()  # every tick: it follows the pointer and when the last analysis ended
        piled_up = gc.get_count()[2]
        if piled_up >= OVERDUE or (piled_up >= DUE and quiet):
            gc.collect()
            self.collected.emit()
            return True
        return False


_PACER: list[GarbagePacer] = []


def install(app: QObject) -> None:
    """Give the GUI thread its share, for the life of ``app`` (once; the app's entry point calls it)."""
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    if not _PACER:
        _PACER.append(GarbagePacer(app))
        _PACER[0].start()
