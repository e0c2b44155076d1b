"""Slider-to-cards propagation in the app, printed as JSON (issue 5's "within one frame" figure).

For generated trees of 200 and 1,000 metrics, a slider of a deep input is dragged through 60 steps
in the real what-if panel (offscreen Qt): each step recomputes the input's dependents, sets the
values and delta badges of the cards, and repaints the canvas. The reference is one frame at 60 Hz
(16.7 ms) and, measured in the same run, a plain repaint of the same canvas with nothing changed.
Usage: ``python benchmarks/bench_whatif.py``.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json
import statistics
import time

from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from metricscape.model import Position
from metricscape.model.layout import tidy_layout
from metricscape.sim.synthetic import generated_tree
from metricscape.ui.canvas.view import MetricView
from metricscape.ui.session import DocumentSession
from metricscape.ui.whatif.controller import WhatIfController
from metricscape.ui.whatif.panel import WhatIfPanel

FRAME_MS = 1000 / 60
STEPS = 60


def laid_out(n: int):
    tree = generated_tree(n)
    positions = tidy_layout(tree)
    metrics = tuple(m.model_copy(update={"position": Position(x=positions[m.id][0], y=positions[m.id][1])})
                    for m in tree.metrics)
    return tree.model_copy(update={"metrics": metrics})


def deepest_input(controller: WhatIfController) -> str:
    """The input with the longest path to the top: the most dependents to recompute."""
    plan = controller.live.plan  # type: ignore[union-attr]
    inputs = [s.metric for s in controller.specs() if not s.computed]
    return max(inputs, key=lambda m: (len(plan.downstream([plan.position[m]])), m))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def measure(n: int, zoom: str) -> dict:
    session = DocumentSession(laid_out(n))
    controller = WhatIfController(session.context)
    panel = WhatIfPanel()
    start = time.perf_counter()
    panel.set_controller(controller)  # one slider per input and computed metric
    build_ms = (time.perf_counter() - start) * 1000
    view = MetricView(session.scene)
    view.resize(1400, 900)
    view.fit_to_view()
    image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32_Premultiplied)

    def repaint() -> None:
        painter = QPainter(image)
        view.render(painter)
        painter.end()

    metric = deepest_input(controller)
    if zoom == "100 %":  # looking closely at the cards around the input (full detail painted)
        view.set_zoom(1.0)
        view.centerOn(session.scene.card(metric))
    row = panel.rows[metric]
    plan = controller.live.plan  # type: ignore[union-attr]
    reached = len(plan.downstream([plan.position[metric]]))
    propagate, frame, plain = [], [], []
    row.slider.setSliderDown(True)  # a held slider: every step is a live preview
    for step in range(STEPS):
        position = (step % 30 - 15) * 10
        start = time.perf_counter()
        row.slider.setValue(position)
        middle = time.perf_counter()
        repaint()
        end = time.perf_counter()
        propagate.append((middle - start) * 1000)
        frame.append((end - start) * 1000)
        start = time.perf_counter()
        repaint()
        plain.append((time.perf_counter() - start) * 1000)
    row.slider.setSliderDown(False)
    controller.close()
    return {
        "metrics": n, "zoom": zoom, "input": metric, "cards_updated_per_step": reached, "steps": STEPS,
        "slider_to_cards_ms_median": round(statistics.median(propagate), 3),
        "slider_to_cards_ms_p95": round(percentile(propagate, 0.95), 3),
        "with_canvas_repaint_ms_median": round(statistics.median(frame), 3),
        "with_canvas_repaint_ms_p95": round(percentile(frame, 0.95), 3),
        "reference_plain_repaint_ms_median": round(statistics.median(plain), 3),
        "reference_frame_ms": round(FRAME_MS, 1),
        "within_one_frame": percentile(frame, 0.95) <= FRAME_MS,
        "panel_build_ms_once_per_model": round(build_ms, 1),
    }


def main() -> None:
    app = QApplication.instance() or QApplication([])
    results = [measure(n, zoom) for n in (200, 1000) for zoom in ("fit to window", "100 %")]
    print(json.dumps({"benchmark": "whatif", "qt": app.applicationVersion() or "offscreen", "results": results},
                     indent=2))


if __name__ == "__main__":
    main()
