"""The analysis-tab protocol: one class per chart tab of the analyses dock.

A tab says what it computes (a task run off the GUI thread on an immutable snapshot of the model)
and how it draws the result. The dock does the rest: it runs the task only while the tab is in
view and only when the model or the analysed metric changed, shows progress, drops stale results,
and says what is on its way. Adding an analysis is one class and one ``AnalysesPanel.add_tab``
call (see docs/extending.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QWidget

from metricscape.model import MetricTree
from metricscape.sim import SobolResult, Tornado

from . import tasks
from .charts.sobol import SobolChart
from .charts.tornado import TornadoChart

Task = Callable[[Callable[[float], bool]], Any]  # task(progress) -> result, run on the worker
SOBOL_N = 1024


class AnalysisTab(Protocol):
    kind: str      # unique: names its runs on the worker
    title: str     # the tab's label
    tooltip: str
    metric_clicked: SignalInstance | None  # (metric id): select that metric on the canvas

    @property
    def view(self) -> QWidget: ...          # what the tab shows
    @property
    def has_result(self) -> bool: ...

    def task(self, tree: MetricTree, target: str) -> Task:
        """What to compute for ``target`` in ``tree`` (called on the GUI thread, run on the worker)."""
    def show_result(self, result: object, tree: MetricTree) -> None: ...
    def clear(self) -> None:
        """Forget the result (another model is in view)."""
    def show_empty(self, text: str) -> None: ...
    def waiting_text(self, metric_name: str) -> str: ...


class _ChartTab:
    """What the two bar-chart tabs share: the chart is the view, and a click on a bar selects its metric."""

    def __init__(self, chart: TornadoChart | SobolChart) -> None:
        self.chart = chart
        self.metric_clicked: SignalInstance | None = chart.bar_clicked

    @property
    def view(self) -> QWidget:
        return self.chart

    @property
    def has_result(self) -> bool:
        return self.chart.result is not None

    def clear(self) -> None:
        self.chart.set_result(None)

    def show_empty(self, text: str) -> None:
        self.chart.show_empty(text)


class LeversTab(_ChartTab):
    """Which input moves the metric most: a tornado of one-at-a-time swings."""

    kind, title = "tornado", "Levers"
    tooltip = "Which input moves the metric most (tornado, elasticities)"

    def __init__(self) -> None:
        self.tornado = TornadoChart()
        super().__init__(self.tornado)

    def task(self, tree: MetricTree, target: str) -> Task:
        return lambda progress: tasks.tornado(tree, target, progress)

    def show_result(self, result: object, tree: MetricTree) -> None:
        if isinstance(result, Tornado):
            self.tornado.set_result(result, {m.id: m.unit for m in tree.metrics})

    def waiting_text(self, metric_name: str) -> str:
        return f"Ranking the inputs that move ‘{metric_name}’…"


class UncertaintyTab(_ChartTab):
    """Which uncertainty matters most: Sobol indices of the metric's variance."""

    kind, title = "sobol", "Uncertainty"
    tooltip = "Which uncertainty matters most (global sensitivity)"

    def __init__(self) -> None:
        self.sobol = SobolChart()
        super().__init__(self.sobol)

    def task(self, tree: MetricTree, target: str) -> Task:
        return lambda progress: tasks.sobol(tree, target, SOBOL_N, progress)

    def show_result(self, result: object, tree: MetricTree) -> None:
        if isinstance(result, SobolResult):
            self.sobol.set_result(result)

    def waiting_text(self, metric_name: str) -> str:
        return f"Measuring which uncertainty matters most for ‘{metric_name}’…"
