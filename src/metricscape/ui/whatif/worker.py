"""Runs analyses off the GUI thread, one at a time, with progress, cancel and stale-result discarding.

Each kind of analysis ("distribution", "tornado", "sobol"...) has a generation counter: a new request
cancels the one running (its progress hook starts returning False, so the engine raises
``Cancelled``) and only the result of the latest generation ever reaches the GUI thread. Each run is
also tagged with the model version it was computed for (the derived state's ``version``): a result
that arrives after the numbers changed is dropped, whatever its generation.

Lifetime: a QThreadPool waits for its jobs when destroyed. Destroyed along with a window, it would wait
while holding Python's GIL that a job needs to finish: a deadlock. So pools are never children of a
window: they live in ``_POOLS`` until the program ends, and are drained, GIL released, at exit
(a pool's idle thread ends by itself after 30 s; what stays is a few hundred bytes per closed model).
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from metricscape.sim import Cancelled, SimulationError

from .. import responsive
from ..first_paint import wait_for_first_window
from ..widgets.plain_errors import plain_error

Task = Callable[[Callable[[float], bool]], Any]  # task(progress) -> result


class _Relay(QObject):
    """Lives in the GUI thread; signals emitted from the worker are queued to it."""

    progressed = Signal(str, int, float)
    finished = Signal(str, int, object)
    failed = Signal(str, int, str)
    cancelled = Signal(str, int)


class _Job(QRunnable):
    def __init__(self, kind: str, generation: int, task: Task, relay: _Relay, stop: threading.Event) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.kind, self.generation, self.task, self.relay, self.stop = kind, generation, task, relay, stop
        self._last = -1.0

    def _progress(self, fraction: float) -> bool:
        if fraction - self._last >= 0.01 or fraction >= 1.0:
            self._last = fraction
            self.relay.progressed.emit(self.kind, self.generation, fraction)
        return not self.stop.is_set()

    def run(self) -> None:
        wait_for_first_window()  # (app start: the window is painted before analyses compete with it)
        if self.stop.is_set():
            self.relay.cancelled.emit(self.kind, self.generation)
            return
        try:
            result = self.task(self._progress)
        except Cancelled:
            self.relay.cancelled.emit(self.kind, self.generation)
        except SimulationError as exc:
            self.relay.failed.emit(self.kind, self.generation, plain_error(exc))
        except Exception as exc:  # noqa: BLE001 - a model the engine cannot handle must never take the app down
            self.relay.failed.emit(self.kind, self.generation, f"The analysis could not run: {plain_error(exc)}")
        else:
            if self.stop.is_set():
                self.relay.cancelled.emit(self.kind, self.generation)
            else:
                self.relay.finished.emit(self.kind, self.generation, result)


_POOLS: list[QThreadPool] = []
_RELAYS: list[QObject] = []  # never deleted from a worker thread that held the last reference


@atexit.register
def _drain_pools() -> None:
    for pool in _POOLS:
        pool.clear()
        pool.waitForDone(10_000)


class SimulationRunner(QObject):
    """``submit(kind, task)``; results arrive as ``finished(kind, result)`` on the GUI thread."""

    progressed = Signal(str, float)   # kind, fraction 0..1
    finished = Signal(str, object)    # kind, result
    failed = Signal(str, str)         # kind, message for the PM
    cancelled = Signal(str)           # kind
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, version: Callable[[], int] | None = None) -> None:
        super().__init__(parent)
        self._model_version = version or (lambda: 0)
        self._versions: dict[str, int] = {}  # kind -> the model version its run was computed for
        self.pool = QThreadPool()  # no parent, on purpose: see the module docstring
        self.pool.setMaxThreadCount(1)  # one analysis at a time: the GUI keeps the other core
        _POOLS.append(self.pool)
        self.closed = False
        self._relay = _Relay()  # no parent either: jobs may still emit on it after the window is gone
        _RELAYS.append(self._relay)
        self._relay.progressed.connect(self._on_progress)
        self._relay.finished.connect(self._on_finished)
        self._relay.failed.connect(self._on_failed)
        self._relay.cancelled.connect(self._on_cancelled)
        self._generation: dict[str, int] = {}
        self._stops: dict[str, threading.Event] = {}
        self._running: set[str] = set()
        responsive.watch(self)  # while it runs, the garbage collector waits (see ``responsive``)

    def submit(self, kind: str, task: Task) -> int:
        """Run ``task`` off the GUI thread; returns its generation (-1 once shut down)."""
        if self.closed:
            return -1
        self.cancel(kind, quiet=True)
        generation = self._generation.get(kind, 0) + 1
        self._generation[kind] = generation
        self._versions[kind] = self._model_version()
        stop = threading.Event()
        self._stops[kind] = stop
        was_busy = self.busy
        self._running.add(kind)
        responsive.active()
        self.pool.start(_Job(kind, generation, task, self._relay, stop))
        if not was_busy:
            self.busy_changed.emit(True)
        return generation

    def cancel(self, kind: str | None = None, quiet: bool = False) -> None:
        """Stop ``kind`` (or everything); ``cancelled`` follows unless ``quiet`` (a newer run replaces it)."""
        kinds = [kind] if kind is not None else list(self._running)
        for k in kinds:
            stop = self._stops.get(k)
            if stop is not None:
                stop.set()
            if k in self._running and not quiet:
                self._generation[k] = self._generation.get(k, 0) + 1  # whatever arrives now is stale
                self._done(k)
                self.cancelled.emit(k)

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def is_running(self, kind: str) -> bool:
        return kind in self._running

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the pool is idle (closing a document; tests)."""
        return self.pool.waitForDone(msecs)

    def shutdown(self) -> None:
        """Stop for good: cancel what runs, drop what waits, and wait (the GIL is released meanwhile)."""
        self.closed = True
        self.cancel(quiet=True)
        self.pool.clear()
        self.pool.waitForDone(10_000)
        if self._running:
            self._running.clear()
            self.busy_changed.emit(False)

    # --- from the worker, on the GUI thread --------------------------------------------------
    # Real slots (@Slot), not plain methods: the queued calls from the worker thread then target this
    # object itself, so Qt drops them once it is deleted, instead of PySide's stand-in receiver.

    def _current(self, kind: str, generation: int) -> bool:
        return self._generation.get(kind) == generation

    def _done(self, kind: str) -> None:
        self._running.discard(kind)
        responsive.active()
        if not self._running:
            self.busy_changed.emit(False)

    @Slot(str, int, float)
    def _on_progress(self, kind: str, generation: int, fraction: float) -> None:
        if self._current(kind, generation):
            self.progressed.emit(kind, fraction)

    @Slot(str, int, object)
    def _on_finished(self, kind: str, generation: int, result: object) -> None:
        if self._current(kind, generation):
            self._done(kind)
            if self._versions.get(kind) == self._model_version():  # else stale: the model moved on
                self.finished.emit(kind, result)

    @Slot(str, int, str)
    def _on_failed(self, kind: str, generation: int, message: str) -> None:
        if self._current(kind, generation):
            self._done(kind)
            self.failed.emit(kind, message)

    @Slot(str, int)
    def _on_cancelled(self, kind: str, generation: int) -> None:
        if self._current(kind, generation):
            self._done(kind)
            self.cancelled.emit(kind)
