"""The app's share of "evidence for every link" on a 1,000-metric model with 104 weeks of actuals.

The statistics run on a worker (``compute_evidence``: the off-GUI-thread figure). What the GUI
thread does is timed separately: applying the evidence overlay once the report arrives (a badge per
link), and an edit of one elasticity with the overlay on (the link is re-judged without statistics).
Prints JSON; the GUI-thread figures should stay well under a frame budget of 100 ms.

``during_run`` watches the GUI thread while the app's evidence controller runs over 400 links (a
1 ms timer ticks on the GUI thread, as in ``bench_gui_stalls``): how often it turned, its longest
stall and its own CPU time. The interpreter is set up as the app sets it up (``ui.responsive``).
"""

from __future__ import annotations

import json
import os
import statistics
import time

from bench_evidence import generated_tree

from metricscape.derived import DerivedState
from metricscape.derived.evidence import EvidenceOverlay, compute_evidence
from metricscape.model import Document

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

RUN_LINKS = 400


def timed(call, runs: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def during_run(links: int = RUN_LINKS) -> dict[str, object]:
    """The GUI thread while the evidence controller computes ``links`` links, until the overlay is shown."""
    from gui_watch import watch
    from PySide6.QtCore import QObject, Signal

    from metricscape.ui.evidence.controller import EvidenceController

    class Shown(QObject):
        done = Signal()

    state = DerivedState(Document(generated_tree(links + 1)))
    shown = Shown()
    controllers: list[EvidenceController] = []

    def start() -> None:  # on the GUI thread, inside the watch: the app starts a run this way
        controllers.append(EvidenceController(state))
        controllers[-1].ready.connect(lambda *_: shown.done.emit())

    figures = watch(start, shown.done)
    controllers[-1].close()
    return {"links": links, **figures}


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from metricscape.ui import responsive

    app = QApplication.instance() or QApplication([])
    responsive.install(app)
    tree = generated_tree()
    worker_s, report = timed(lambda: compute_evidence(tree), runs=2)
    doc = Document(tree)
    state = DerivedState(doc)
    plain = iter([0.4, 0.6, 0.5])
    edit_plain_s, _ = timed(lambda: doc.apply(doc.plan.update_link("m1", "m0", elasticity=next(plain))))
    overlay_s, _ = timed(lambda: state.set_overlay(EvidenceOverlay(report)))  # type: ignore[arg-type]
    badges = sum(1 for link in state.links.values() if link.badge)
    values = iter([0.4, 0.6, 0.5])
    edit_s, _ = timed(lambda: doc.apply(doc.plan.update_link("m1", "m0", elasticity=next(values))))
    print(json.dumps({"metrics": len(tree.metrics), "links": len(tree.links), "badges": badges,
                      "worker_compute_s": round(worker_s, 3),
                      "gui_apply_overlay_ms": round(overlay_s * 1000, 1),
                      "gui_edit_without_overlay_ms": round(edit_plain_s * 1000, 1),
                      "gui_edit_with_overlay_ms": round(edit_s * 1000, 1),
                      "during_run": during_run(),
                      "load_average": [round(v, 2) for v in os.getloadavg()]}, indent=2))


if __name__ == "__main__":
    main()
