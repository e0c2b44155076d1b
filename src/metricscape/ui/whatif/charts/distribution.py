"""Distribution of a metric from the Monte Carlo: a histogram of the what-if (filled) over the
baseline (outline), P10/P50/P90 markers, the target line and the chance of meeting it."""

from __future__ import annotations

import math

from PySide6.QtCharts import QAreaSeries, QLineSeries, QValueAxis
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QWidget

from metricscape.model.numbers import format_value
from metricscape.sim import Summary

from .base import ChartView
from .scale import AxisScale, axis_scale


def outlook_sentence(summary: Summary) -> str:
    unit = summary.unit
    text = f"80 % likely between {format_value(summary.p10, unit)} and {format_value(summary.p90, unit)}"
    if summary.target is not None and summary.p_meet_target is not None:
        text += f" · {summary.p_meet_target * 100:.0f} % chance to reach {format_value(summary.target, unit)}"
    return text


def density_points(summary: Summary, scale: AxisScale) -> list[QPointF]:
    """The histogram as a step outline, in share of samples per bin (%)."""
    edges, counts = summary.histogram.edges, summary.histogram.counts
    total = sum(counts) or 1
    points = [QPointF(scale.shown(edges[0]), 0.0)]
    for i, count in enumerate(counts):
        share = 100.0 * count / total
        points.append(QPointF(scale.shown(edges[i]), share))
        points.append(QPointF(scale.shown(edges[i + 1]), share))
    points.append(QPointF(scale.shown(edges[-1]), 0.0))
    return points


class DistributionChart(ChartView):
    export_name = "distribution"
    state = ("baseline", "what_if", "label")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.baseline: Summary | None = None
        self.what_if: Summary | None = None
        self.label = "What-if"
        self.show_empty("Open a model to see how uncertain its north star is.")

    def set_summaries(self, baseline: Summary | None, what_if: Summary | None = None, label: str = "What-if") -> None:
        self.baseline, self.what_if, self.label = baseline, what_if, label
        self.redraw()

    def redraw(self) -> None:
        main = self.what_if or self.baseline
        if main is None:
            self.show_empty(self.empty_text or "No simulation yet.")
            return
        if not main.histogram.counts:
            self.show_empty(f"‘{main.name}’ is not a number in any sample: check its formula and baselines.")
            return
        if main.p90 == main.p10:
            self.show_empty(f"‘{main.name}’ is certain: {format_value(main.p50, main.unit)}. Give its inputs an "
                            "uncertainty range to see a distribution.")
            return
        c = self.colours
        self.begin(main.name)
        self.chart().setTitle(f"{main.name}<br><span style='font-weight:normal'>{outlook_sentence(main)}</span>")
        summaries = [s for s in (self.baseline, self.what_if) if s is not None and s.histogram.counts]
        low = min(s.histogram.edges[0] for s in summaries)
        high = max(s.histogram.edges[-1] for s in summaries)
        if main.target is not None and math.isfinite(main.target):
            low, high = min(low, main.target), max(high, main.target)
        pad = (high - low) * 0.03
        scale = axis_scale(main.unit, max(abs(low), abs(high)), high - low)
        chart = self.chart()
        x_axis, y_axis = QValueAxis(), QValueAxis()
        x_axis.setTitleText(f"{main.name} ({scale.title})" if scale.title else main.name)
        x_axis.setLabelFormat(scale.label_format)
        x_axis.setRange(scale.shown(low - pad), scale.shown(high + pad))
        x_axis.setTickCount(6)
        x_axis.applyNiceNumbers()
        y_axis.setTitleText("% of runs")  # short: the dock is often low
        y_axis.setLabelFormat("%.0f")
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        peak = 0.0
        if self.what_if is not None and self.baseline is not None and self.baseline.histogram.counts:
            peak = max(peak, self._area(self.baseline, scale, "Baseline", c.baseline, filled=False, x=x_axis,
                                        y=y_axis))
        name = self.label if self.what_if is not None else "Baseline"
        peak = max(peak, self._area(main, scale, name, c.accent, filled=True, x=x_axis, y=y_axis))
        top = peak * 1.15 or 1.0
        y_axis.setRange(0, top)
        y_axis.applyNiceNumbers()
        top = y_axis.max()
        for value, text in ((main.p10, "P10"), (main.p50, "P50"), (main.p90, "P90")):
            self._vline(scale.shown(value), top, f"{text} {format_value(value, main.unit)}", c.muted,
                        Qt.PenStyle.DashLine, x_axis, y_axis, legend="P10 · P50 · P90" if text == "P50" else "")
        if main.target is not None and math.isfinite(main.target):
            chance = "" if main.p_meet_target is None else f" ({main.p_meet_target * 100:.0f} % chance)"
            self._vline(scale.shown(main.target), top, f"Target {format_value(main.target, main.unit)}{chance}",
                        c.target, Qt.PenStyle.SolidLine, x_axis, y_axis,
                        legend=f"Target {format_value(main.target, main.unit)}{chance}")
        self.style_chart()

    def _area(self, summary: Summary, scale: AxisScale, name: str, colour, *, filled: bool,
              x: QValueAxis, y: QValueAxis) -> float:
        area = QAreaSeries()
        upper = QLineSeries(area)  # owned by the area: Qt keeps using it after this returns
        points = density_points(summary, scale)
        upper.append(points)
        area.setUpperSeries(upper)
        area.setName(name)
        pen = QPen(colour, 2)
        area.setPen(pen)
        fill = colour.__class__(colour)
        fill.setAlpha(90 if filled else 0)
        area.setBrush(fill)
        unit = summary.unit
        area.hovered.connect(lambda point, state, s=summary, sc=scale, n=name: state and self.hover(
            f"<b>{n}</b>: about {format_value(point.x() / sc.factor, unit)}<br>P10 {format_value(s.p10, unit)} · "
            f"P50 {format_value(s.p50, unit)} · P90 {format_value(s.p90, unit)}"))
        self.chart().addSeries(area)
        area.attachAxis(x)
        area.attachAxis(y)
        return max(p.y() for p in points)

    def _vline(self, x_value: float, top: float, name: str, colour, style: Qt.PenStyle,
               x: QValueAxis, y: QValueAxis, legend: str) -> None:
        line = QLineSeries()
        line.setName(legend)
        line.append([QPointF(x_value, 0), QPointF(x_value, top)])
        pen = QPen(colour, 1.6)
        pen.setStyle(style)
        line.setPen(pen)
        line.hovered.connect(lambda _point, state, n=name: state and self.hover(n))
        self.chart().addSeries(line)
        line.attachAxis(x)
        line.attachAxis(y)
        if not legend:
            for marker in self.chart().legend().markers(line):
                marker.setVisible(False)
