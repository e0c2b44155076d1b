"""Speed of the "Why it moved" view and its canvas overlay (issue 12), printed as JSON.

On a generated 1,000-metric tree with two years of weekly actuals (made as in ``bench_explain``):
``overlay_marks_ms``, the overlay's whole work per model version (the split and every card's text);
``edit_with_view_open_ms`` against ``edit_without_ms``, one baseline edit through the derived state
with and without the view open (the overlay is recomputed on each edit, on the GUI thread);
``waterfall_draw_ms``, drawing the chart offscreen. Best of 15 runs each.
Usage: ``QT_QPA_PLATFORM=offscreen python benchmarks/bench_why.py``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench_explain import best, reference_ms, with_generated_actuals

from metricscape.derived import AttributionOverlay, DerivedState, Facts
from metricscape.model import Document
from metricscape.model.periods import Grain
from metricscape.sim.explain import Window
from metricscape.sim.synthetic import generated_tree

BEFORE = Window("2026-W45", "2026-W48", Grain.WEEK)
AFTER = Window("2026-W49", "2026-W52", Grain.WEEK)


def main() -> None:
    tree = with_generated_actuals(generated_tree(1000))
    doc = Document(tree)
    state = DerivedState(doc)
    overlay = AttributionOverlay(BEFORE, AFTER)
    facts = Facts(doc.tree, state.live, state.version)
    marks = overlay.marks(facts)
    report: dict[str, object] = {"reference_python_loop_ms": reference_ms(), "metrics": len(tree.metrics),
                                 "cards_marked": len(marks.cards)}
    report["overlay_marks_ms"] = round(best(lambda: overlay.marks(facts)) * 1e3, 2)
    inputs = [m.id for m in doc.tree.metrics if not m.is_computed and m.baseline]
    steps = iter(range(10_000))

    def edit() -> None:
        metric = inputs[next(steps) % len(inputs)]
        doc.apply(doc.plan.update_metric(metric, baseline=(doc.metric(metric).baseline or 1.0) * 1.01))

    report["edit_without_ms"] = round(best(edit) * 1e3, 2)
    state.set_overlay(overlay)
    report["edit_with_view_open_ms"] = round(best(edit) * 1e3, 2)

    from PySide6.QtWidgets import QApplication

    from metricscape.derived import Attribution
    from metricscape.ui.why import WaterfallChart

    app = QApplication.instance() or QApplication([])
    chart = WaterfallChart()
    chart.resize(1200, 420)
    chart.show()
    detail = state.detail("attribution")
    assert isinstance(detail, Attribution)

    def draw() -> None:
        chart.set_explanation(detail.root, True, "")
        app.processEvents()

    report["waterfall_draw_ms"] = round(best(draw) * 1e3, 2)
    report["budget_ms"] = 50
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
