"""A new analysis is one class: a toy tab added through the protocol alone runs off the GUI thread,
draws its result, and is re-run when the model's numbers change."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtWidgets import QLabel, QWidget

from metricscape.model import MetricTree
from metricscape.model.numbers import format_value
from metricscape.sim import Engine
from metricscape.ui.whatif.analysis_tab import AnalysisTab, Task

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"


class DriversTab:
    """How many metrics drive the analysed one, and its value: computed on the worker."""

    kind, title, tooltip = "drivers", "Drivers", "How many metrics drive this one"
    metric_clicked = None

    def __init__(self) -> None:
        self.label = QLabel()
        self.threads: list[str] = []

    @property
    def view(self) -> QWidget:
        return self.label

    @property
    def has_result(self) -> bool:
        return bool(self.label.text()) and not self.label.text().endswith("…")

    def task(self, tree: MetricTree, target: str) -> Task:
        def run(progress):
            self.threads.append(threading.current_thread().name)
            engine = Engine(tree)
            upstream = engine.plan.upstream(engine.plan.index(target))
            return len(upstream) - 1, engine.baseline().value(target).value
        return run

    def show_result(self, result: object, tree: MetricTree) -> None:
        if result is not None:
            drivers, value = result  # type: ignore[misc]
            self.label.setText(f"{drivers} drivers · {format_value(value)}")

    def clear(self) -> None:
        self.label.setText("")

    def show_empty(self, text: str) -> None:
        self.label.setText(text)

    def waiting_text(self, metric_name: str) -> str:
        return f"Counting what drives ‘{metric_name}’…"


def test_a_toy_analysis_tab_plugs_in_through_the_protocol_alone(window, qtbot) -> None:
    session = window.open_path(EXAMPLES / "music-streaming.json")
    ws = window.whatif
    toy: AnalysisTab = DriversTab()
    analyses = ws.analyses
    analyses.add_tab(toy)
    tabs = analyses.tabs
    index = next(i for i in range(tabs.count()) if tabs.tabText(i) == "Drivers")
    runner = ws.current.runner
    with qtbot.waitSignal(runner.finished, timeout=60_000, check_params_cb=lambda kind, _r: kind == "drivers"):
        tabs.setCurrentIndex(index)
    star = session.doc.tree.north_star
    engine = Engine(session.doc.tree)
    drivers = len(engine.plan.upstream(engine.plan.index(star.id))) - 1
    assert toy.label.text() == f"{drivers} drivers · {format_value(engine.baseline().value(star.id).value)}"
    assert toy.threads and threading.main_thread().name not in toy.threads  # computed off the GUI thread
    with qtbot.waitSignal(runner.finished, timeout=60_000, check_params_cb=lambda kind, _r: kind == "drivers"):
        session.push(session.doc.plan.update_metric("signups", baseline=1_000_000.0))
    value = Engine(session.doc.tree).baseline().value(star.id).value
    assert toy.label.text() == f"{drivers} drivers · {format_value(value)}"
    ws.shutdown()
