"""The app's share of "evidence for every link" on a 1,000-metric model with 104 weeks of actuals.

The statistics run on a worker (``compute_evidence``: the off-GUI-thread figure). What the GUI
thread does is timed separately: applying the evidence overlay once the report arrives (a badge per
link), and an edit of one elasticity with the overlay on (the link is re-judged without statistics).
Prints JSON; the GUI-thread figures should stay well under a frame budget of 100 ms.
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


def timed(call, runs: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
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
                      "load_average": [round(v, 2) for v in os.getloadavg()]}, indent=2))


if __name__ == "__main__":
    main()
