"""How long the inspector and the model panel take to show a metric and to follow an edit.

Every edit (a drag on the canvas included) makes the visible panels refresh, so a refresh
should fit well inside a frame for real models (target: 16 ms at 200 metrics) and stay
bearable at the largest (target: 50 ms at 5,000). Hidden panels skip refreshes entirely.
Prints JSON.
"""

from __future__ import annotations

import json
import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from metricscape.derived import DerivedState
from metricscape.model import Document
from metricscape.sim.synthetic import generated_tree
from metricscape.ui.binding import DocumentContext
from metricscape.ui.inspector import InspectorPanel
from metricscape.ui.model_panel import ModelPanel

TARGETS_MS = {200: 16.0, 5000: 50.0}


def median_ms(action, repeats: int = 15) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        QApplication.processEvents()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)


def measure(size: int) -> dict[str, object]:
    doc = Document(generated_tree(size))
    inspector, model_panel = InspectorPanel(), ModelPanel()
    for panel in (inspector, model_panel):
        panel.resize(420, 900)
        panel.bind(DocumentContext(doc, DerivedState(doc), doc.apply))
        panel.show()
    root, leaf = doc.metrics()[0].id, doc.metrics()[-1].id
    inspector.show_selection([leaf], [])
    moves = iter(range(10_000))

    def switch_metric() -> None:
        inspector.show_selection([root if inspector.metric_form.metric_id == leaf else leaf], [])

    def move_a_card() -> None:  # any edit: the visible panels follow it
        doc.apply(doc.plan.move_metrics({root: (float(next(moves)), 0.0)}))

    result = {
        "metrics": size,
        "show_metric_ms": median_ms(switch_metric),
        "edit_and_refresh_ms": median_ms(move_a_card),
        "model_panel_refresh_ms": median_ms(model_panel.refresh),
        "target_ms": TARGETS_MS.get(size),
    }
    for panel in (inspector, model_panel):
        panel.close()
        panel.deleteLater()
    QApplication.processEvents()
    return result


def main() -> None:
    app = QApplication.instance() or QApplication([])  # noqa: F841 - keeps the application alive
    print(json.dumps([measure(size) for size in (200, 1000, 5000)], indent=2))


if __name__ == "__main__":
    main()
