"""Scenarios side by side: the change each scenario makes to the north star and chosen metrics."""

from __future__ import annotations

import math
from functools import partial

from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QHorizontalBarSeries, QValueAxis
from PySide6.QtWidgets import QWidget

from metricscape.model.numbers import format_change, format_value
from metricscape.sim import Comparison, Evaluation

from .base import ChartView


def change_pct(baseline: float, value: float) -> float:
    if not (math.isfinite(baseline) and math.isfinite(value)) or baseline == 0:
        return 0.0
    return (value - baseline) / abs(baseline) * 100


class CompareChart(ChartView):
    export_name = "scenarios"
    state = ("comparison", "metrics")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.comparison: Comparison | None = None
        self.metrics: list[str] = []
        self.show_empty("Tick two or more scenarios to compare them.")

    def set_comparison(self, comparison: Comparison | None, metrics: list[str]) -> None:
        # Qt draws the first category at the bottom: reversed, the first metric (the north star) is on top.
        self.comparison, self.metrics = comparison, list(reversed(metrics))
        self.redraw()

    def redraw(self) -> None:
        comparison = self.comparison
        if comparison is None or len(comparison.evaluations) < 2 or not self.metrics:
            self.show_empty(self.empty_text or "Tick scenarios to compare them.")
            return
        c = self.colours
        self.begin("Change from the baseline, by scenario (%)")
        scenarios = comparison.evaluations[1:]
        names = [comparison.evaluations[0].value(m).name for m in self.metrics]
        series = QHorizontalBarSeries()
        series.setBarWidth(0.8)
        top = 0.0
        for k, evaluation in enumerate(scenarios):
            bar_set = QBarSet(evaluation.label)
            bar_set.setColor(c.series[k % len(c.series)])
            bar_set.setBorderColor(c.background)
            for metric_id in self.metrics:
                v = evaluation.value(metric_id)
                pct = change_pct(v.baseline, v.value)
                top = max(top, abs(pct))
                bar_set.append(pct)
            bar_set.hovered.connect(partial(self._on_hover, evaluation))
            series.append(bar_set)
        chart = self.chart()
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append(names)
        values = QValueAxis()
        # No axis title: the chart's title says it, and the dock is too low to give the labels room too
        values.setLabelFormat("%+.1f")
        lows = [min(0.0, change_pct(e.value(m).baseline, e.value(m).value)) for e in scenarios for m in self.metrics]
        low = min(lows) * 1.15 if lows else 0.0
        values.setRange(low, top * 1.15 if top else 1.0)
        values.applyNiceNumbers()
        self.finish_bars(series, categories, values)

    def _on_hover(self, evaluation: Evaluation, status: bool, index: int) -> None:
        if status:
            self._hovered(evaluation, index)

    def _hovered(self, evaluation: Evaluation, index: int) -> None:
        if not 0 <= index < len(self.metrics):
            return
        v = evaluation.value(self.metrics[index])
        self.hover(f"<b>{evaluation.label}</b><br>{v.name}: {format_value(v.value, v.unit)} "
                   f"({format_change(v.baseline, v.value, v.unit) or 'no change'})<br>"
                   f"Baseline: {format_value(v.baseline, v.unit)}")
