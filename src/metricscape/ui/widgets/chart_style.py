"""What every chart view shares: its colours from the theme, and its quiet set-up."""

from __future__ import annotations

from PySide6.QtCharts import QChart, QChartView
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from .colors import is_dark, muted_color


class ChartColours:
    """The colours a chart needs, from the widget's palette (light or dark)."""

    def __init__(self, widget: QWidget, document: bool = False) -> None:
        """``document``: the fixed light colours of exports, whatever the app's theme."""
        p = widget.palette()
        self.dark = is_dark(p) and not document
        if document:
            self.text, self.background, self.muted = QColor("#1f2933"), QColor("#ffffff"), QColor("#5b6770")
        else:
            self.text = p.color(p.ColorRole.WindowText)
            self.background = p.color(p.ColorRole.Base)
            self.muted = muted_color(p)
        self.grid = QColor("#353b42") if self.dark else QColor("#e4e7eb")
        self.accent = QColor("#5b9cff") if self.dark else QColor("#2f6fde")
        self.accent_soft = QColor(self.accent)
        self.accent_soft.setAlpha(110)
        self.baseline = QColor("#8d99a4") if self.dark else QColor("#9aa5b1")
        self.good = QColor("#6fcf86") if self.dark else QColor("#1e7b34")
        self.bad = QColor("#ff8a80") if self.dark else QColor("#c5221f")
        self.target = QColor("#f2c14e") if self.dark else QColor("#c98a00")
        self.series = [self.accent, QColor("#f0a93a") if self.dark else QColor("#d98200"),
                       QColor("#a98ff0") if self.dark else QColor("#7356c0"), self.good,
                       QColor("#f07b7b") if self.dark else QColor("#c23b3b"), self.baseline]


def quiet_chart(view: QChartView) -> QChart:
    """The set-up every chart view shares: antialiased, no animation, thin margins, legend below."""
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    chart = view.chart()
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart
