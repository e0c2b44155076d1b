"""Tornado: which lever moves the metric most. Each bar spans the metric when one input sits at its
low and at its high; the label gives the elasticity in plain words. Clicking a bar picks the input."""

from __future__ import annotations

import math

from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QHorizontalStackedBarSeries, QValueAxis
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from metricscape.model.numbers import format_value
from metricscape.sim import Tornado

from .base import ChartView
from .scale import axis_scale

MAX_BARS = 12


def elasticity_words(elasticity: float) -> str:
    """'+0.91 % per +1 %': what a 1 % rise of the input does to the metric."""
    if not math.isfinite(elasticity):
        return "n/a"
    return f"{elasticity:+.2f} % per +1 %"


class TornadoChart(ChartView):
    bar_clicked = Signal(str)  # the input's metric id
    rows_sensitive = True
    export_name = "tornado"
    state = ("result", "unit", "units")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: Tornado | None = None
        self.unit = ""
        self.units: dict[str, str] = {}
        self.shown_inputs: list[str] = []
        self.show_empty("Open a model to see which input moves its north star most.")

    def set_result(self, result: Tornado | None, units: dict[str, str] | None = None) -> None:
        """``units``: every metric's unit, to write the target's and the inputs' values."""
        self.units = dict(units or {})
        self.result = result
        self.unit = self.units.get(result.target, "") if result is not None else ""
        self.redraw()

    def redraw(self) -> None:
        result = self.result
        if result is None:
            self.show_empty(self.empty_text or "No lever analysis yet.")
            return
        bars = [b for b in result.bars if math.isfinite(b.swing) and b.swing > 0][:min(MAX_BARS, self.rows_that_fit())]
        if not bars:
            self.show_empty(f"Nothing moves ‘{result.name}’: link inputs to it, with baselines.")
            return
        c = self.colours
        base = result.baseline
        spread = max(max(abs(b.target_low - base), abs(b.target_high - base)) for b in bars)
        scale = axis_scale(self.unit, base, spread)
        more = len([b for b in result.bars if math.isfinite(b.swing) and b.swing > 0]) - len(bars)
        title = f"What moves {result.name} most (today {format_value(base, self.unit)})"
        self.begin(title + (f" · top {len(bars)} of {len(bars) + more}" if more > 0 else ""))
        ordered = list(reversed(bars))  # Qt draws the first category at the bottom: largest on top
        self.shown_inputs = [b.input for b in ordered]
        low_set, high_set = QBarSet("Input at its low"), QBarSet("Input at its high  ·  number after a name: "
                                                                 "% change per +1 % of the input")
        low_set.setColor(c.bad if not c.dark else c.bad.darker(110))
        high_set.setColor(c.good)
        for s in (low_set, high_set):
            s.setBorderColor(c.background)
        for b in ordered:
            low_set.append(scale.shown(b.target_low - base))
            high_set.append(scale.shown(b.target_high - base))
        series = QHorizontalStackedBarSeries()
        series.setBarWidth(0.62)
        series.append(low_set)
        series.append(high_set)
        for s, which in ((low_set, "low"), (high_set, "high")):
            s.hovered.connect(lambda status, index, w=which: self._hovered(status, index, w))
            s.clicked.connect(self._clicked)
        chart = self.chart()
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append([f"{b.name} · {b.elasticity:+.2f}" if math.isfinite(b.elasticity) else b.name
                           for b in ordered])
        self.chart().legend().setToolTip("The number after each input is its elasticity: the % change of "
                                         f"{result.name} for a 1 % rise of the input")
        values = QValueAxis()
        values.setTitleText(f"change from today ({scale.title})" if scale.title else "change from today")
        values.setLabelFormat("%+." + str(scale.decimals) + "f")
        limit = scale.shown(spread) * 1.08 or 1.0
        values.setRange(-limit, limit)
        values.setTickCount(5)
        values.applyNiceNumbers()
        self.finish_bars(series, categories, values)

    def _bar(self, index: int):
        if self.result is None or not 0 <= index < len(self.shown_inputs):
            return None
        wanted = self.shown_inputs[index]
        return next((b for b in self.result.bars if b.input == wanted), None)

    def _hovered(self, status: bool, index: int, which: str) -> None:
        bar = self._bar(index)
        if not status or bar is None or self.result is None:
            return
        value = bar.low if which == "low" else bar.high
        target = bar.target_low if which == "low" else bar.target_high
        shown = format_value(value, self.units.get(bar.input, ""))
        self.hover(f"<b>{bar.name}</b> at its {which} ({shown}, "
                   f"{bar.source})<br>{self.result.name}: {format_value(target, self.unit)}<br>"
                   f"Elasticity: {elasticity_words(bar.elasticity)}<br><i>Click to select it on the canvas</i>")

    def _clicked(self, index: int) -> None:
        bar = self._bar(index)
        if bar is not None:
            self.bar_clicked.emit(bar.input)

