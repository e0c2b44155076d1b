"""Canvas speed figures, printed as JSON (targets from issue 4; no assertions: we watch the numbers).

    .venv/bin/python benchmarks/bench_canvas.py

open_layout_1000_s        open a generated 1,000-metric model, lay it out, build the canvas (< 1 s)
drag_repaint_*_ms         repaint after moving one card (1,000 at 100 %: <= 16 ms; 5,000 at any zoom: <= 8 ms)
fit_to_view_5000_ms       fit a 5,000-metric tree into the window and paint it (<= 40 ms)
tidy_layout_2000_ms       the tidy layout alone, 2,000 metrics (<= 5 ms)
startup_first_window_s    process start to the first window on screen (< 1.5 s)
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from metricscape.model import Link, LinkKind, Metric, MetricKind, MetricTree
from metricscape.model.layout import tidy_layout


def generated_tree(n: int, seed: int = 1) -> MetricTree:
    """A north star and its drivers, each metric driven by a few others, like a real (but huge) tree."""
    rnd = random.Random(seed)
    metrics = [Metric(id="m0", name="North star", kind=MetricKind.NORTH_STAR, baseline=100.0, unit="hours")]
    links: list[Link] = []
    for i in range(1, n):
        parent = f"m{rnd.randrange(i // 4, i // 2 + 1)}"  # two to four drivers each: 8-11 levels deep
        metrics.append(Metric(id=f"m{i}", name=f"Input metric number {i}", baseline=rnd.uniform(1, 1000),
                              owner=rnd.choice(["Growth", "Core", ""]), rationale=rnd.choice(["", "Because."])))
        links.append(Link(source=f"m{i}", target=parent, kind=LinkKind.INFLUENCE, elasticity=0.5))
    return MetricTree(metrics=tuple(metrics), links=tuple(links))


def best_ms(fn, repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return round(min(times), 2)


def median_ms(fn, repeat: int = 15) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)


def main() -> None:
    from PySide6.QtCore import QPointF, QRectF
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from metricscape.ui.canvas import style
    from metricscape.ui.canvas.view import MetricView
    from metricscape.ui.controller import laid_out
    from metricscape.ui.session import DocumentSession

    style.font_family()
    results: dict[str, float] = {}
    tree_2000 = generated_tree(2000)
    results["tidy_layout_2000_ms"] = best_ms(lambda: tidy_layout(tree_2000), repeat=15)

    tree_1000 = generated_tree(1000)
    start = time.perf_counter()
    session = DocumentSession(laid_out(tree_1000))
    view = MetricView(session.scene)
    view.resize(1600, 1000)
    view.show()
    view.fit_to_view()
    view.viewport().repaint()
    app.processEvents()
    results["open_layout_1000_s"] = round(time.perf_counter() - start, 3)

    def drag_cost(view: MetricView, card_id: str) -> float:
        """One drag step: move a card (its links follow) and let the view repaint what changed."""
        card = view.metric_scene.card(card_id)
        view.metric_scene.select_only([card_id])  # a dragged card is selected
        step = [0]
        app.processEvents()

        def dirty() -> QRectF:
            rect = card.sceneBoundingRect()
            for link in card.links:
                rect = rect.united(link.sceneBoundingRect())
            return rect

        def move() -> None:
            step[0] += 1
            before = dirty()
            card.setPos(card.pos() + QPointF(10 if step[0] % 2 else -10, 0))
            # what a drag repaints: the card and its links, where they were and where they are
            region = view.mapFromScene(before.united(dirty())).boundingRect().adjusted(-2, -2, 2, 2)
            view.viewport().repaint(region.intersected(view.viewport().rect()))
        return median_ms(move)

    view.set_zoom(1.0)
    view.centerOn(view.metric_scene.card("m500").sceneBoundingRect().center())
    results["drag_repaint_1000_zoom100_ms"] = drag_cost(view, "m500")

    tree_5000 = generated_tree(5000)
    session5 = DocumentSession(laid_out(tree_5000))
    view5 = MetricView(session5.scene)
    view5.resize(1920, 1080)
    view5.show()
    app.processEvents()

    def fit() -> None:
        view5.fit_to_view()
        view5.viewport().repaint()
    results["fit_to_view_5000_ms"] = median_ms(fit, repeat=7)
    results["drag_repaint_5000_fit_ms"] = drag_cost(view5, "m2500")
    for zoom in (0.3, 1.0):
        view5.set_zoom(zoom)
        view5.centerOn(view5.metric_scene.card("m2500").sceneBoundingRect().center())
        results[f"drag_repaint_5000_zoom{int(zoom * 100)}_ms"] = drag_cost(view5, "m2500")

    results["startup_first_window_s"] = min(startup_seconds() for _ in range(3))
    results["startup_first_window_cpu_s"] = startup_cpu_seconds()
    results["machine_load_1min"] = os.getloadavg()[0]
    print(json.dumps(results, indent=2))


def startup_seconds() -> float:
    """From launching a fresh interpreter to the main window being shown."""
    code = ("import time; t0 = time.perf_counter();"
            "from metricscape.ui.app import application; from metricscape.ui.main_window import MainWindow;"
            "app = application(); w = MainWindow(); w.show(); app.processEvents(); print('shown')")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                   env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    return round(time.perf_counter() - start, 3)


def startup_cpu_seconds() -> float:
    """CPU time of the same start (wall time suffers when other work shares the cores)."""
    import resource
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    startup_seconds()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 3)


if __name__ == "__main__":
    main()
