"""The common chart view: follows the light/dark theme, shows values on hover, exports to PNG/SVG."""

from __future__ import annotations

from PySide6.QtCharts import QAbstractAxis, QAbstractSeries, QChart, QChartView
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QContextMenuEvent,
    QCursor,
    QFont,
    QGuiApplication,
    QImage,
    QPainter,
    QPalette,
    QPen,
    QResizeEvent,
)
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QFrame, QMenu, QToolTip, QWidget

from ...widgets.chart_style import ChartColours, quiet_chart
from .. import prompts


class ChartView(QChartView):
    """A chart that re-themes itself on palette changes; subclasses implement ``redraw``."""

    export_name = "chart"
    export_size = QSize(1200, 675)  # a 16:9 slide: the export never depends on how big the dock is
    state: tuple[str, ...] = ()     # the attributes ``redraw`` reads, copied into an export

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(QChart(), parent)
        quiet_chart(self)
        self.setMinimumSize(QSize(200, 120))  # small enough that the docks never force the window taller
        self.empty_text = ""
        self.colours = ChartColours(self)

    # --- theming -----------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and not self.document:
            self.colours = ChartColours(self)
            self.redraw()

    document = False  # an export copy keeps the document colours

    def redraw(self) -> None:
        """Rebuild the series from the last result (subclasses)."""

    def finish_bars(self, series: QAbstractSeries, categories: QAbstractAxis, values: QAbstractAxis) -> None:
        """Horizontal bars: names down the left, values along the bottom, then the theme."""
        chart = self.chart()
        chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(categories)
        series.attachAxis(values)
        self.style_chart()

    def style_chart(self) -> None:
        c, chart = self.colours, self.chart()
        chart.setBackgroundBrush(c.background)
        chart.setBackgroundPen(QPen(Qt.PenStyle.NoPen))
        chart.setPlotAreaBackgroundVisible(False)
        chart.setTitleBrush(c.text)
        title_font = QFont(chart.titleFont())
        title_font.setBold(True)
        chart.setTitleFont(title_font)
        chart.legend().setLabelColor(c.text)
        for axis in chart.axes():
            self.style_axis(axis)

    def style_axis(self, axis: QAbstractAxis) -> None:
        c = self.colours
        axis.setLabelsColor(c.text)
        axis.setTitleBrush(c.muted)
        axis.setGridLineColor(c.grid)
        axis.setLinePenColor(c.grid)
        axis.setShadesVisible(False)

    def rows_that_fit(self, row_height: int = 26, reserved: int = 135) -> int:
        """How many bar rows stay readable at this height: Qt elides a category label to '...' once its
        row is not clearly taller than the text (seen at 22 px rows with a 10 pt font). ``reserved``:
        the title, the value axis and the legend."""
        return max(3, (self.height() - reserved) // row_height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.rows_sensitive and self.rows_that_fit() != self.rows_fitted:
            self.redraw()

    rows_sensitive = False  # bar charts redraw when a resize changes how many rows fit
    rows_fitted = -1        # what rows_that_fit() was at the last redraw

    def clear_chart(self) -> None:
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        super().drawForeground(painter, rect)
        if self.empty_text:
            painter.setPen(self.colours.muted)
            painter.drawText(self.sceneRect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self.empty_text)

    def show_empty(self, text: str) -> None:
        """A plain sentence instead of a chart (nothing to show yet, or why not)."""
        self.clear_chart()
        self.chart().setTitle("")
        self.chart().legend().setVisible(False)
        self.empty_text = text
        self.style_chart()
        self.viewport().update()

    def begin(self, title: str) -> None:
        self.rows_fitted = self.rows_that_fit()
        self.clear_chart()
        self.empty_text = ""
        self.chart().setTitle(title)
        self.chart().legend().setVisible(True)

    @staticmethod
    def hover(text: str) -> None:
        QToolTip.showText(QCursor.pos(), text)

    # --- export ------------------------------------------------------------------------------

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = QMenu(self)
        menu.addAction("Save chart as PNG or SVG…", self.save_dialog)
        menu.addAction("Copy chart as image", self.copy_image)
        menu.exec(event.globalPos())

    def save_dialog(self) -> str | None:
        path = prompts.image_path(self, f"{self.export_name}.png")
        if path is None:
            return None
        self.export(path)
        return path

    def image(self, scale: float = 2.0) -> QImage:
        """The chart as on screen (scale 2: crisp on HiDPI and slides)."""
        return self._image(self, scale)

    @staticmethod
    def _image(view: ChartView, scale: float) -> QImage:
        size = view.size()
        image = QImage(round(size.width() * scale), round(size.height() * scale), QImage.Format.Format_ARGB32)
        image.setDevicePixelRatio(scale)
        image.fill(view.colours.background)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.paint_into(painter)
        painter.end()
        return image

    def paint_into(self, painter: QPainter) -> None:
        self.settle()
        # QWidget.render paints what is on screen; QGraphicsView.render dropped the text from SVGs.
        QWidget.render(self, painter, QPoint(0, 0))

    def export_copy(self) -> ChartView:
        """The same chart at slide size in the document colours, laid out and ready to paint."""
        copy = type(self)()
        copy.document = True
        copy.colours = ChartColours(copy, document=True)
        palette = QPalette(copy.palette())
        for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
            palette.setColor(role, copy.colours.background)
        palette.setColor(QPalette.ColorRole.WindowText, copy.colours.text)
        copy.setPalette(palette)  # no dark window edge around a slide's chart
        copy.setFrameShape(QFrame.Shape.NoFrame)
        copy.chart().setBackgroundRoundness(0)
        for name in self.state:
            setattr(copy, name, getattr(self, name))
        copy.empty_text = self.empty_text
        copy.resize(self.export_size)
        copy.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        copy.show()  # Qt Charts lays out only what is shown
        copy.redraw()
        copy.settle()
        return copy

    def export(self, path: str) -> None:
        """PNG (twice slide size, crisp) or SVG (editable), at slide size in the document colours."""
        copy = self.export_copy()
        try:
            if path.lower().endswith(".svg"):
                size = copy.size()
                generator = QSvgGenerator()
                generator.setFileName(path)
                generator.setSize(size)
                generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
                generator.setTitle(self.export_name)
                painter = QPainter(generator)
                copy.paint_into(painter)
                painter.end()
            elif not self._image(copy, 2.0).save(path, "PNG"):  # type: ignore[call-overload]  # a str format is fine at run time
                raise OSError(f"could not write {path}")
        finally:
            copy.close()
            copy.deleteLater()

    def settle(self) -> None:
        """Qt Charts lays out axes and labels on posted events: deliver them before rendering."""
        for _ in range(3):  # a layout may post a resize, which may redraw and post a layout again
            QCoreApplication.sendPostedEvents(None, 0)

    def copy_image(self) -> None:
        QGuiApplication.clipboard().setImage(self.image())

