"""The longest GUI-thread stall while compare, experiment sizing and goal seek run, printed as JSON.

On a generated tree of 5,000 metrics with three scenarios, each analysis is started from its real
view (offscreen Qt) and the event loop is watched by a 1 ms timer until the answer is on screen:
the longest gap between two ticks is the longest the window could not repaint or react. The
target is one frame at 60 Hz (16.7 ms). Each analysis runs ``RUNS`` times (the first run of a
session also loads code); opening the goal-seek dialog, which ranks the inputs on the worker, is
measured too. For reference the same computation is also timed as it used to run, directly on the
GUI thread. The interpreter is set up as the app sets it up (``ui.responsive``: a 1 ms switch interval,
full garbage collections at quiet moments). The machine's load average is printed: on a busy machine the GUI thread waits longer
for Python's lock. Usage: ``python benchmarks/bench_gui_stalls.py [N]``.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json
import sys
import time
from collections.abc import Callable

from gui_watch import FRAME_MS, TIMEOUT_MS, watch
from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal, SignalInstance
from PySide6.QtWidgets import QApplication

from metricscape.model import Change, ChangeMode
from metricscape.sim import Engine
from metricscape.sim.synthetic import generated_tree
from metricscape.ui import responsive
from metricscape.ui.session import DocumentSession
from metricscape.ui.whatif.compare_view import CompareView
from metricscape.ui.whatif.controller import WhatIfController
from metricscape.ui.whatif.experiment_view import ExperimentView
from metricscape.ui.whatif.goal_seek import GoalSeekDialog
from metricscape.ui.whatif.worker import SimulationRunner

RUNS = 3


class Idle(QObject):
    """``reached`` once ``runner`` has nothing left to run."""

    reached = Signal()

    def __init__(self, runner: SimulationRunner) -> None:
        super().__init__()
        self.runner = runner
        runner.busy_changed.connect(lambda busy: None if busy else self.reached.emit())

    def settle(self) -> None:
        """Wait for what is still running (a view starts its analysis when shown), so a measurement
        starts from an idle worker and never inherits another job's tail."""
        if self.runner.busy:
            loop = QEventLoop()
            self.reached.connect(loop.quit)
            QTimer.singleShot(TIMEOUT_MS, loop.quit)
            loop.exec()
            self.reached.disconnect(loop.quit)


def repeated(start: Callable[[], None], done: SignalInstance, idle: Idle) -> dict[str, object]:
    runs = []
    for _ in range(RUNS):
        idle.settle()
        runs.append(watch(start, done))
    stalls = [r["longest_stall_ms"] for r in runs]
    return {"longest_stall_ms_per_run": stalls, "longest_stall_ms": max(stalls),
            "total_ms_per_run": [r["total_ms"] for r in runs],
            "gui_cpu_ms_per_run": [r["gui_cpu_ms"] for r in runs],
            "longest_gui_cpu_ms": max(r["longest_gui_cpu_ms"] for r in runs)}


def on_gui_thread(work: Callable[[], object]) -> float:
    began = time.perf_counter()
    work()
    return round((time.perf_counter() - began) * 1000, 1)


def measure(n: int) -> dict[str, object]:
    tree = generated_tree(n)
    session = DocumentSession(tree)
    doc = session.doc
    inputs = [m.id for m in tree.metrics if not m.is_computed][:30]
    for k in range(3):
        changes = tuple(Change(metric=m, mode=ChangeMode.RELATIVE, value=5.0 + k) for m in inputs[k * 10:(k + 1) * 10])
        session.push(doc.plan.add_scenario(doc.plan.new_scenario(f"Scenario {k + 1}", changes=changes)))
    controller = WhatIfController(session.context)
    controller.mc_timer.stop()  # no Monte Carlo: this measures the three quick analyses alone
    names = [s.id for s in doc.scenarios()]
    star = doc.tree.north_star
    assert star is not None

    compare = CompareView()
    compare.set_controller(controller)
    compare.show()
    QApplication.processEvents()
    experiment = ExperimentView()
    experiment.set_controller(controller)
    experiment.show()
    QApplication.processEvents()
    dialogs: list[GoalSeekDialog] = []

    def open_dialog() -> None:
        dialogs.append(GoalSeekDialog(controller, star.id))
        dialogs[-1].show()

    idle = Idle(controller.quick)
    idle.settle()
    opening = watch(open_dialog, idle.reached)  # the dialog built, its inputs ranked
    for _ in range(3):  # its first layout and paint, before the next measurement starts
        QApplication.processEvents()
    dialog = dialogs[-1]
    vary = dialog.vary_id()
    result: dict[str, object] = {
        "metrics": n,
        "frame_ms": round(FRAME_MS, 1),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "compare": repeated(compare.refresh_results, compare.shown, idle)
        | {"before_on_gui_thread_ms": on_gui_thread(lambda: Engine(doc.tree).compare(names))},
        "experiment_sizing": repeated(experiment.refresh_results, experiment.shown, idle)
        | {"before_on_gui_thread_ms": on_gui_thread(lambda: Engine(doc.tree).experiment(names[0]))},
        "goal_seek": repeated(dialog.search, dialog.answered, idle)
        | {"before_on_gui_thread_ms": on_gui_thread(
            lambda: Engine(doc.tree).goal_seek(star.id, dialog.target_value(), vary or inputs[0]))},
        "goal_seek_dialog_opening": opening,
    }
    controller.close()
    session.close()
    return result


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    responsive.install(app)  # as the app's entry point does: the GUI thread's share of the interpreter
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    print(json.dumps(measure(n), indent=2))
    app.processEvents()


if __name__ == "__main__":
    main()
