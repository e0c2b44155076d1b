"""The "why it moved" waterfall: the start value, one bar per driver (green when it pushed the metric
the way it should go, red when against), the reported-vs-formula gap (amber) and the part its drivers
do not explain (grey), then the end value. Hover a bar for its amount and the driver's own move;
click a driver to select it and drill into its own waterfall.

Qt Charts has no waterfall: the bars are stacked bars standing on a transparent one. A 3 % move of a
34M-hour north star would be invisible on an axis from zero, so when the moves are small against
the level the axis starts near the lowest level instead; the bars are then drawn from that floor and
the axis is a category axis whose labels give the real values. The amounts over the bars and the
steps between them are painted over the chart (``drawForeground``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QCategoryAxis, QStackedBarSeries
from PySide6.QtCore import QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QResizeEvent
from PySide6.QtWidgets import QWidget

from metricscape.export.explain_words import driver_change, signed_amount
from metricscape.model.numbers import format_value
from metricscape.sim.explain import Explanation, StepKind, WaterfallStep

from ..whatif.charts.base import ChartView
from ..whatif.charts.scale import axis_scale

COLUMN_WIDTH = 120   # px per bar for its name to stay readable under it
ZOOM_BELOW = 0.6     # the axis leaves zero out when the moves span less than this share of the level
WRAP_AFTER = 14      # characters: longer names go on two lines
_SUFFIX = {1e-3: "k", 1e-6: "M", 1e-9: "B", 1e-12: "T"}  # axis_scale's factors, as on the cards
GROUPS = ("ends", "helped", "hurt", "neutral", "gap", "unexplained")
GROUP_NAMES = {"ends": "Before and after", "helped": "Helped", "hurt": "Held it back", "neutral": "No change",
               "gap": "Reported vs formula", "unexplained": "Not explained by its drivers"}


@dataclass(frozen=True)
class Bar:
    step: WaterfallStep
    low: float          # real values (the metric's units)
    high: float
    after: float        # the running total after this bar
    group: str          # which colour: one of GROUPS


class WaterfallChart(ChartView):
    bar_clicked = Signal(str)  # a driver's metric id
    export_name = "why-it-moved"
    state = ("explanation", "higher", "title")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.explanation: Explanation | None = None
        self.higher = True
        self.title = ""
        self.bars: list[Bar] = []
        self.series: QStackedBarSeries | None = None
        self.floor = 0.0
        self._fitted = (-1, -1)
        self.show_empty("Choose two periods to see why the metric moved.")

    def set_explanation(self, explanation: Explanation | None, higher_is_better: bool = True, title: str = "") -> None:
        self.explanation, self.higher, self.title = explanation, higher_is_better, title
        self.redraw()

    def max_drivers(self) -> int:
        """As many driver bars as fit with readable names; the smallest are pooled into one bar."""
        return max(2, self.width() // COLUMN_WIDTH - 4)

    def bands_that_fit(self) -> int:
        """About one band of the value axis per 40 px of plot (the chart less its legend and two-line
        names): a category axis elides a label to '...' in a narrower band."""
        return max(1, min(6, (self.height() - 120) // 40))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.explanation is not None and (self.max_drivers(), self.bands_that_fit()) != self._fitted:
            self.redraw()

    # --- drawing -----------------------------------------------------------------------------

    def redraw(self) -> None:
        e = self.explanation
        self.bars, self.series = [], None
        if e is None:
            self.show_empty(self.empty_text or "Choose two periods to see why the metric moved.")
            return
        self._fitted = (self.max_drivers(), self.bands_that_fit())
        steps = e.waterfall(self._fitted[0])
        if not steps:
            self.show_empty(" ".join(e.notes) or f"{e.name} cannot be compared between these periods.")
            return
        self.begin(self.title if self.document else "")  # on screen the view's headline says it
        values, self.floor = self._value_axis(steps, e.unit)
        ground = self.floor if self.floor > 0 else 0.0
        self.bars = [self._bar(step, ground) for step in steps]
        series = QStackedBarSeries()
        series.setBarWidth(0.62)
        stand = QBarSet("")  # the transparent bar each visible one stands on
        stand.append([bar.low - self.floor for bar in self.bars])
        series.append(stand)
        shown = [g for g in GROUPS if any(bar.group == g for bar in self.bars)]
        sets = {}
        for group in shown:
            bar_set = QBarSet(GROUP_NAMES[group])
            bar_set.append([bar.high - bar.low if bar.group == group else 0.0 for bar in self.bars])
            bar_set.hovered.connect(self._hovered)
            bar_set.clicked.connect(self._clicked)
            series.append(bar_set)
            sets[group] = bar_set
        chart = self.chart()
        chart.addSeries(series)
        clear = QColor(0, 0, 0, 0)
        stand.setColor(clear)
        stand.setBorderColor(clear)
        for group, bar_set in sets.items():  # after addSeries: adding applies the chart theme's colours
            bar_set.setColor(self._colour(group))
            bar_set.setBorderColor(self._colour(group))
        self.series = series
        categories = QBarCategoryAxis()
        categories.append(_unique([self._category(bar.step) for bar in self.bars]))
        chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)
        series.attachAxis(values)
        chart.legend().markers(series)[0].setVisible(False)
        self.style_chart()
        categories.setGridLineVisible(False)

    def _value_axis(self, steps: list[WaterfallStep], unit: str) -> tuple[QCategoryAxis, float]:
        """The value axis, labelled in real values, and the floor (its bottom, in real values)."""
        levels = [s.amount for s in steps if s.kind in (StepKind.START, StepKind.END)]
        levels += [s.base + s.amount for s in steps] + [s.base for s in steps
                                                        if s.kind not in (StepKind.START, StepKind.END)]
        low, high = min(levels), max(levels)
        span = (high - low) or abs(high) or 1.0
        zoom = low > 0 and span < ZOOM_BELOW * high
        bottom = low - 0.3 * span if zoom else min(0.0, low)
        top = max(high, 0.0) + 0.1 * ((high - bottom) or 1.0)
        step = _nice_step((top - bottom) / self.bands_that_fit())
        first, last = math.floor(bottom / step) * step, math.ceil(top / step) * step
        scale = axis_scale(unit, max(abs(low), abs(high)), step)
        suffix = _SUFFIX.get(scale.factor, "")
        if unit.strip() == "%":
            suffix = " %"
        decimals = _decimals(scale.shown(step))
        axis = QCategoryAxis()
        axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        axis.setRange(0.0, last - first)
        for k in range(round((last - first) / step) + 1):
            value = first + k * step
            axis.append(f"{scale.shown(value):,.{decimals}f}{suffix}", value - first)
        axis.setTitleText("" if unit.strip() == "%" else unit.strip())  # '40.9M' with 'users' beside the axis
        return axis, first

    def _bar(self, step: WaterfallStep, ground: float) -> Bar:
        if step.kind in (StepKind.START, StepKind.END):
            low, high = sorted((ground, step.amount))
            return Bar(step, low, high, step.amount, "ends")
        low, high = sorted((step.base, step.base + step.amount))
        if step.kind is StepKind.REPORTED_VS_FORMULA:
            group = "gap"
        elif step.kind is StepKind.UNEXPLAINED:
            group = "unexplained"
        elif step.amount == 0:
            group = "neutral"
        else:
            group = "helped" if (step.amount > 0) == self.higher else "hurt"
        return Bar(step, low, high, step.base + step.amount, group)

    def _colour(self, group: str) -> QColor:
        c = self.colours
        return {"ends": c.accent, "helped": c.good, "hurt": c.bad, "neutral": c.baseline, "gap": c.target,
                "unexplained": c.baseline}[group]

    @staticmethod
    def _category(step: WaterfallStep) -> str:
        # Qt Charts writes axis labels as rich text: a line break, and lines centred under the bar
        if step.kind is StepKind.START:
            return f"<center>Before<br>{_short_window(step.label)}</center>"
        if step.kind is StepKind.END:
            return f"<center>After<br>{_short_window(step.label)}</center>"
        return f"<center>{_two_lines(escape(step.label))}</center>"

    # --- the amounts over the bars and the steps between them ---------------------------------

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        super().drawForeground(painter, rect)
        e, series = self.explanation, self.series
        if e is None or series is None or not self.bars or self.empty_text:
            return
        self.chart()
        font = QFont(self.font())
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        step_pen = QPen(self.colours.muted, 1.0, Qt.PenStyle.DashLine)
        for index, bar in enumerate(self.bars):
            top = self._at(index, bar.high)
            text = self._amount_text(bar.step, e.unit)
            width = metrics.horizontalAdvance(text) + 6
            painter.setPen(self.colours.text)
            painter.drawText(QRectF(top.x() - width / 2, top.y() - metrics.height() - 2, width, metrics.height()),
                             Qt.AlignmentFlag.AlignCenter, text)
            if index + 1 < len(self.bars):
                painter.setPen(step_pen)
                painter.drawLine(self._at(index + 0.31, bar.after), self._at(index + 0.69, bar.after))

    def _at(self, x: float, value: float) -> QPointF:
        chart = self.chart()
        return chart.mapToScene(chart.mapToPosition(QPointF(x, value - self.floor), self.series))

    @staticmethod
    def _amount_text(step: WaterfallStep, unit: str) -> str:
        if step.kind in (StepKind.START, StepKind.END):
            return format_value(step.amount, unit)
        return signed_amount(step.amount, unit)

    # --- hover and click ---------------------------------------------------------------------

    def describe(self, bar: Bar) -> str:
        """The hover text of a bar, in words."""
        e = self.explanation
        assert e is not None
        step = bar.step
        if step.kind in (StepKind.START, StepKind.END):
            return f"<b>{e.name}</b> in {step.label}<br>{format_value(step.amount, e.unit)}"
        amount = signed_amount(step.amount, e.unit)
        if step.kind is StepKind.REPORTED_VS_FORMULA:
            return (f"<b>Reported vs formula</b>: {amount}<br>The reported {e.name} moved apart from what its "
                    "formula gives on its inputs' actuals:<br>a tracking change, or an input the formula misses?")
        if step.kind is StepKind.UNEXPLAINED:
            return (f"<b>Not explained by its drivers</b>: {amount}<br>Its influence links predict only part of "
                    f"the move of {e.name}")
        lines = [f"<b>{step.label}</b>: {amount} of the {signed_amount(e.change or 0.0, e.unit)} change"]
        if step.metric is not None and step.metric in e.driver_values:
            start, end = e.driver_values[step.metric]
            lines.append(f"Its own move: {driver_change(start, end, e.units.get(step.metric, ''))}")
            lines.append("<i>Click to select it"
                         + (" and see why it moved</i>" if step.metric in e.drivers else " on the canvas</i>"))
        return "<br>".join(lines)

    def _hovered(self, status: bool, index: int) -> None:
        if status and 0 <= index < len(self.bars):
            self.hover(self.describe(self.bars[index]))

    def _clicked(self, index: int) -> None:
        if not 0 <= index < len(self.bars):
            return
        step = self.bars[index].step
        if step.kind is StepKind.DRIVER and step.metric is not None:
            self.bar_clicked.emit(step.metric)


def _nice_step(raw: float) -> float:
    """1, 2, 2.5 or 5 times a power of ten: ticks a reader adds up in their head."""
    if raw <= 0 or not math.isfinite(raw):
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    return next(k * power for k in (1, 2, 2.5, 5, 10) if k * power >= raw)


def _decimals(step: float) -> int:
    return max(0, min(4, -math.floor(math.log10(step)) + (1 if f"{step:g}".rstrip("0").endswith("5") else 0)))


def _short_window(label: str) -> str:
    """'2025-W49..2025-W52' -> '2025-W49–W52' (the year once, when both ends share it)."""
    first, _, last = label.partition("..")
    if not last:
        return label
    if first[:5] == last[:5]:
        return f"{first}–{last[5:]}"
    return f"{first}–{last}"


def _two_lines(name: str) -> str:
    """A long name split at the space nearest its middle, so it fits under its bar."""
    if len(name) <= WRAP_AFTER or " " not in name:
        return name
    middle = len(name) / 2
    cut = min((i for i, ch in enumerate(name) if ch == " "), key=lambda i: abs(i - middle))
    return f"{name[:cut]}<br>{name[cut + 1:]}"


def _unique(labels: list[str]) -> list[str]:
    """A category axis needs distinct names (a window compared with itself, two metrics named alike)."""
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        count = seen.get(label, 0)
        seen[label] = count + 1
        out.append(label + "\u200b" * count)
    return out
