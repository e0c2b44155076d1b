"""Global sensitivity: which uncertainty matters most, as the share of the metric's variance each
input explains alone (first order) and with its interactions (total order)."""

from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QHorizontalBarSeries, QValueAxis
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from metricscape.sim import SobolResult

from .base import ChartView

MAX_BARS = 12


class SobolChart(ChartView):
    bar_clicked = Signal(str)
    rows_sensitive = True
    export_name = "uncertainty"
    state = ("result",)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: SobolResult | None = None
        self.shown: list = []
        self.show_empty("Open a model to see which uncertainty matters most.")

    def set_result(self, result: SobolResult | None) -> None:
        self.result = result
        self.redraw()

    def redraw(self) -> None:
        result = self.result
        if result is None:
            self.show_empty(self.empty_text or "No analysis yet.")
            return
        indices = [i for i in result.indices if i.total == i.total][:min(MAX_BARS, self.rows_that_fit(26))]
        if not indices:
            self.show_empty(f"Nothing uncertain feeds ‘{result.name}’: give its inputs an uncertainty range.")
            return
        c = self.colours
        self.begin(f"Which uncertainty matters most for {result.name}")
        ordered = list(reversed(indices))
        self.shown = ordered
        alone, total = QBarSet("Alone"), QBarSet("Including interactions")
        alone.setColor(c.accent)
        total.setColor(c.accent_soft)
        for s in (alone, total):
            s.setBorderColor(c.background)
        for index in ordered:
            alone.append(max(0.0, index.first) * 100)
            total.append(max(0.0, index.total) * 100)
        series = QHorizontalBarSeries()
        series.setBarWidth(0.75)
        series.append(total)
        series.append(alone)
        for s in (alone, total):
            s.hovered.connect(self._hovered)
            s.clicked.connect(self._clicked)
        chart = self.chart()
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append([i.name for i in ordered])
        values = QValueAxis()
        values.setTitleText("share of the uncertainty it explains (%)")
        values.setLabelFormat("%.0f")
        values.setRange(0, min(100.0, max(max(i.total, i.first) for i in ordered) * 100 * 1.1) or 1.0)
        values.applyNiceNumbers()
        self.finish_bars(series, categories, values)

    def _hovered(self, status: bool, index: int) -> None:
        if not status or not 0 <= index < len(self.shown):
            return
        i = self.shown[index]
        self.hover(f"<b>{i.name}</b><br>Alone: {i.first * 100:.1f} % (± {i.first_ci * 100:.1f})<br>"
                   f"Including interactions: {i.total * 100:.1f} % (± {i.total_ci * 100:.1f})<br>"
                   "<i>Narrowing this range would shrink the uncertainty this much</i>")

    def _clicked(self, index: int) -> None:
        if 0 <= index < len(self.shown):
            key = self.shown[index].input
            if "->" not in key:  # an elasticity is a link, not a metric to select
                self.bar_clicked.emit(key)
