"""The inspector's Actuals section: a chart of the metric's actuals (Qt Charts) with its target,
for a formula metric the series its formula computes from the inputs' actuals, and a marked break
where the definition changed; the formula-consistency figures in words; "Use as baseline"."""

from __future__ import annotations

import math

from PySide6.QtCharts import QCategoryAxis, QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from metricscape.derived import baseline_from_actuals
from metricscape.derived.actual_chart import ActualChart, actual_chart
from metricscape.model.document import Document
from metricscape.model.metric import Metric
from metricscape.model.numbers import format_value

from ..widgets.chart_style import ChartColours, quiet_chart
from .sections import CommitMetric, MetricSection

BASELINE_CHOICES = ((1, "Latest period"), (4, "Mean of the last 4 periods"), (13, "Mean of the last 13 periods"))


def axis_scale(data: ActualChart, unit: str) -> tuple[float, str]:
    """A factor and the axis title that keep the labels short: '34.2' in 'millions of hours', not
    '3.42e+07'; rates (stored as fractions) in %."""
    if unit.strip() == "%":
        return 100.0, "%"
    biggest = max((abs(v) for v in data.actual + data.formula if v is not None and math.isfinite(v)), default=0.0)
    for factor, words in ((1e9, "billions"), (1e6, "millions"), (1e3, "thousands")):
        if biggest >= factor:
            return 1 / factor, f"{words} of {unit}" if unit else words
    return 1.0, unit


class ActualsChart(QChartView):
    """The series, the target, the formula's series and the definition breaks (one Qt Charts view
    with the colours and set-up of every chart, from ``widgets.chart_style``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(QChart(), parent)
        quiet_chart(self)
        self.colours = ChartColours(self)
        self.empty_text = ""
        self.data: ActualChart | None = None
        self.unit = ""
        self.period_axis = QCategoryAxis()
        self.value_axis = QValueAxis()
        self.value_axis.setLabelFormat("%.3g")
        self.value_axis.setTickCount(5)
        self.setMinimumHeight(230)
        self.show_empty("No actuals for this metric yet: File ▸ Import actuals…")

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.colours = ChartColours(self)
            self.redraw()

    def show_empty(self, text: str) -> None:
        chart = self.chart()
        chart.removeAllSeries()
        chart.legend().setVisible(False)
        for axis in chart.axes():
            axis.setVisible(False)
        self.empty_text = text
        self._style()
        self.viewport().update()

    def drawForeground(self, painter: QPainter, rect: object) -> None:
        super().drawForeground(painter, rect)  # type: ignore[arg-type]
        if self.empty_text:
            painter.setPen(self.colours.muted)
            painter.drawText(self.sceneRect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self.empty_text)

    def _style(self) -> None:
        c, chart = self.colours, self.chart()
        chart.setBackgroundBrush(c.background)
        chart.setBackgroundPen(QPen(Qt.PenStyle.NoPen))
        chart.setPlotAreaBackgroundVisible(False)
        chart.legend().setLabelColor(c.text)
        for axis in chart.axes():
            axis.setLabelsColor(c.text)
            axis.setTitleBrush(c.muted)
            axis.setGridLineColor(c.grid)
            axis.setLinePenColor(c.grid)

    def set_data(self, data: ActualChart | None, unit: str) -> None:
        self.data, self.unit = data, unit
        self.redraw()

    def redraw(self) -> None:
        data = self.data
        if data is None:
            self.show_empty("No actuals for this metric yet: File ▸ Import actuals…")
            return
        c = self.colours
        chart = self.chart()
        self.empty_text = ""
        chart.setTitle("")
        chart.legend().setVisible(True)
        chart.removeAllSeries()
        x, y = self.period_axis, self.value_axis
        for axis in (x, y):  # the same two axes every time: Qt Charts leaves ghosts of removed ones
            axis.setVisible(True)
            if axis not in chart.axes():
                chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom if axis is x else Qt.AlignmentFlag.AlignLeft)
        scale, words = axis_scale(data, self.unit)
        values = [v * scale for v in data.actual + data.formula if v is not None and math.isfinite(v)]
        if data.target is not None:
            values.append(data.target * scale)
        low, high = (min(values), max(values)) if values else (0.0, 1.0)
        pad = (high - low) * 0.08 or abs(high) * 0.05 or 1.0
        low, high = low - pad, high + pad
        lines = [self._line("Reported", data.actual, scale, c.accent, 2.0)]
        if data.formula:
            lines.append(self._line("Formula", data.formula, scale, c.series[2], 1.6, Qt.PenStyle.DashLine))
        if data.target is not None:
            target = QLineSeries()
            target.setName("Target")
            target.append(0, data.target * scale)
            target.append(len(data.periods) - 1, data.target * scale)
            target.setPen(QPen(c.target, 1.4, Qt.PenStyle.DotLine))
            lines.append(target)
        for change in data.breaks:
            at = data.periods.index(change.period) - 0.5
            mark = QLineSeries()
            mark.setName(f"New definition {change.period}")
            mark.append(at, low)
            mark.append(at, high)
            mark.setPen(QPen(c.bad, 1.6, Qt.PenStyle.DashDotLine))
            lines.append(mark)
        for label in x.categoriesLabels():
            x.remove(label)
        last = len(data.periods) - 1
        step = max(1, -(-last // 3))
        for i in range(0, last, step):  # three spans, each labelled with its first period (room to read)
            x.append(data.periods[i], min(i + step, last))
        x.setRange(0, max(1, len(data.periods) - 1))
        y.setRange(low, high)
        y.setTitleText(words)
        for line in lines:
            chart.addSeries(line)
            line.attachAxis(x)
            line.attachAxis(y)
        self._style()

    @staticmethod
    def _line(name: str, values: tuple[float | None, ...], scale: float, colour: object, width: float,
              style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QLineSeries:
        line = QLineSeries()
        line.setName(name)
        # Qt Charts cannot break a line at a gap: the points around a missing period are joined.
        line.append([QPointF(i, v * scale) for i, v in enumerate(values) if v is not None and math.isfinite(v)])
        line.setPen(QPen(colour, width, style))  # type: ignore[call-overload]
        return line


def caption(data: ActualChart, name: str) -> str:
    """What the lines mean, in words (the legend only names them)."""
    parts = []
    if data.formula:
        parts.append("Formula: what the formula gives from its inputs' actuals.")
    for change in data.breaks:
        parts.append(f"From {change.period} ‘{name}’ is measured under a new definition (‘{change.label}’): "
                     "values before and after measure different things.")
    return " ".join(parts)


class ActualsSection(MetricSection):
    def __init__(self, commit: CommitMetric, parent: QWidget | None = None) -> None:
        super().__init__(commit, parent)
        self.metric_id = ""
        self.segment = ""  # the canvas's segment filter: the chart follows it
        self.doc: Document | None = None
        self.chart = ActualsChart()
        self.chart.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.chart.setFixedHeight(260)
        self.latest = QLabel()
        self.latest.setWordWrap(True)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.consistency = QLabel()
        self.consistency.setWordWrap(True)
        self.how = QComboBox()
        for count, words in BASELINE_CHOICES:
            self.how.addItem(words, count)
        self.use = QPushButton("Use as baseline")
        self.use.setToolTip("Set the metric's baseline from its actuals (all users); one Undo takes it back")
        self.use.clicked.connect(self._use_as_baseline)
        row = QHBoxLayout()
        row.addWidget(self.how, 1)
        row.addWidget(self.use)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.latest)
        layout.addWidget(self.chart)
        layout.addWidget(self.caption)
        layout.addWidget(self.consistency)
        layout.addLayout(row)

    def refresh(self, metric: Metric, doc: Document) -> None:
        self.metric_id, self.doc = metric.id, doc
        segment = self.segment
        data = actual_chart(doc.tree, metric.id, segment) if segment else None
        fallback = segment != "" and data is None
        if data is None:
            data = actual_chart(doc.tree, metric.id)
        self.chart.set_data(data, metric.unit)
        words = caption(data, metric.name) if data is not None else ""
        if fallback:
            words = f"No ‘{segment}’ data for this metric: the chart shows all users. " + words
        elif segment:
            words = f"The chart shows ‘{segment}’. " + words
        self.caption.setText(words)
        self.caption.setVisible(bool(words))
        self.consistency.setText(data.consistency if data is not None else "")
        self.consistency.setVisible(bool(data is not None and data.consistency))
        series = doc.tree.actuals.find(metric.id)
        found = baseline_from_actuals(series) if series is not None else None
        self.latest.setText(f"Latest actual (all users): {format_value(found[0], metric.unit)} "
                            f"({found[1].removeprefix('the actual of ')}); baseline "
                            f"{format_value(metric.baseline, metric.unit)}" if found else "")
        self.use.setEnabled(found is not None and not metric.is_computed)
        self.use.setToolTip("A formula metric's value comes from its inputs" if metric.is_computed else
                            "Set the metric's baseline from its actuals (all users); one Undo takes it back")

    def _use_as_baseline(self) -> None:
        if self.doc is None:
            return
        series = self.doc.tree.actuals.find(self.metric_id)
        found = baseline_from_actuals(series, int(self.how.currentData())) if series is not None else None
        if found is not None:
            self.commit({"baseline": found[0]}, None)
