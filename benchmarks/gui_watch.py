"""How the GUI thread fares while some work runs: a 1 ms timer ticks on it, and the gaps between
ticks are how long the window could not repaint or react (one frame at 60 Hz is 16.7 ms).

Also the GUI thread's own CPU time: in all, and the most it spent between two ticks. A gap much
longer than that CPU time was spent waiting (for Python's lock, or for a core on a busy machine),
so the CPU figure says what the GUI thread itself does whatever the machine's load."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEventLoop, QTimer, SignalInstance

FRAME_MS = 1000 / 60
TIMEOUT_MS = 120_000


def watch(start: Callable[[], None], done: SignalInstance) -> dict[str, float]:
    """Run ``start`` inside a watched event loop until ``done`` is emitted."""
    gaps: list[float] = []
    busy: list[float] = []
    last = [time.perf_counter(), time.thread_time()]

    def tick() -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        gaps.append((now - last[0]) * 1000)
        busy.append((cpu - last[1]) * 1000)
        last[0], last[1] = now, cpu

    loop = QEventLoop()
    done.connect(loop.quit)
    ticker = QTimer(interval=1, timeout=tick)
    QTimer.singleShot(TIMEOUT_MS, loop.quit)
    began, cpu, process = time.perf_counter(), time.thread_time(), time.process_time()
    last[0], last[1] = began, cpu
    ticker.start()
    QTimer.singleShot(0, start)  # the start runs on the GUI thread too: it is part of the stall
    loop.exec()
    ticker.stop()
    tick()
    done.disconnect(loop.quit)
    total_ms = (time.perf_counter() - began) * 1000
    return {"longest_stall_ms": round(max(gaps), 2), "total_ms": round(total_ms, 1),
            "gaps_over_a_frame": sum(g > FRAME_MS for g in gaps), "gui_turns_per_s": round(len(gaps) / total_ms * 1000),
            "gui_cpu_ms": round((time.thread_time() - cpu) * 1000, 1), "longest_gui_cpu_ms": round(max(busy), 2),
            "process_cpu_ms": round((time.process_time() - process) * 1000)}
