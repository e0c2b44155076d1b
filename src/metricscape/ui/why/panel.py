""""Why it moved": pick the metric and two periods, read the waterfall, drill into a driver.

It is its own dock rather than a tab of the Analyses dock: the question comes with its own inputs
(two periods, not the what-if's single metric), its own navigation (a drill-down with a breadcrumb
back, where clicking a bar selects the driver on the canvas; in the Analyses dock that selection
would re-target every analysis), and the canvas overlay lives exactly as long as this view is in
sight. The split is fast (under 50 ms for a 1,000-metric tree, see benchmarks/bench_explain.py), so
it needs no worker: the derived state computes it once per model version as the "attribution"
overlay, and this view draws that overlay's result, the same one the cards show.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from metricscape.derived import Attribution, AttributionOverlay
from metricscape.derived.attribution import NAME
from metricscape.export.explain_words import headline, method_sentence
from metricscape.model.metric import Direction
from metricscape.sim.explain import ExplainError

from ..binding import DocumentContext
from ..widgets.colors import muted_color
from .periods import CUSTOM, PeriodPicker
from .waterfall import WaterfallChart

NO_ACTUALS = "Import actuals to see why the north star moved."
IMPORT_HINT = ("Actuals are what really happened, week by week. Import them from a CSV, Excel or Parquet\n"
               "export of your analytics tool, then compare any two periods here.")
CLI_HINT = "On the command line: metricscape actuals MODEL --import DATA"


class WhyPanel(QWidget):
    metric_clicked = Signal(str)   # a driver's bar was clicked: select it on the canvas
    import_requested = Signal()    # the empty state's button: File ▸ Import actuals…

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("WhyPanel")
        self.context: DocumentContext | None = None
        self.active = False          # the view is in sight: the overlay is on
        self.chosen: str | None = None  # the metric picked (None: the north star)
        self.path: tuple[str, ...] = ()
        self.attribution: Attribution | None = None
        self.ignore_selection = False  # our own bar click selects a driver: not a new metric to explain
        self.metric_box = QComboBox()
        self.metric_box.setToolTip("The metric whose move is split among its drivers")
        self.metric_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.metric_box.setMinimumContentsLength(16)
        self.metric_box.activated.connect(lambda _i: self._metric_chosen(self.metric_box.currentData()))
        self.periods = PeriodPicker()
        self.periods.changed.connect(self.apply)
        self.follow = QCheckBox("Follow the canvas selection")
        self.follow.setToolTip("Explain the metric you select on the canvas")
        self.on_cards = QCheckBox("Show on the cards")
        self.on_cards.setToolTip("Each card shows its share of the change, green when it helped")
        self.on_cards.setChecked(True)
        self.on_cards.toggled.connect(lambda _on: self.apply())
        self.crumbs = QLabel()
        self.crumbs.setTextFormat(Qt.TextFormat.RichText)
        self.crumbs.linkActivated.connect(lambda link: self.go_up(int(link)))
        self.crumbs.setToolTip("Go back up to a metric you drilled down from")
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        font = self.headline.font()
        font.setBold(True)
        self.headline.setFont(font)
        self.chart = WaterfallChart()
        self.chart.bar_clicked.connect(self.drill)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.controls = QWidget()
        top = QHBoxLayout(self.controls)
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(QLabel("Why did"))
        top.addWidget(self.metric_box, 1)
        top.addWidget(QLabel("move?"))
        top.addSpacing(12)
        top.addWidget(self.periods, 2)
        top.addStretch(0)
        top.addWidget(self.follow)
        top.addWidget(self.on_cards)
        answer = QWidget()
        body = QVBoxLayout(answer)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.crumbs)
        body.addWidget(self.headline)
        body.addWidget(self.chart, 1)
        body.addWidget(self.notes)
        self.empty = _EmptyState()
        self.empty.button.clicked.connect(self.import_requested)
        self.pages = QStackedWidget()
        self.pages.addWidget(answer)
        self.pages.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.addWidget(self.controls)
        layout.addWidget(self.periods.custom)
        layout.addWidget(self.pages, 1)
        self.pages.currentChanged.connect(lambda _i: self._show_controls())
        self.bind(None)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.attribution is not None:
            self.show_attribution(self.attribution)  # the notes' muted colour follows the theme

    def _show_controls(self) -> None:
        """No choices to make on the empty state."""
        answer = self.pages.currentWidget() is not self.empty
        self.controls.setVisible(answer)
        self.periods.custom.setVisible(answer and self.periods.key == CUSTOM)

    # --- following the document --------------------------------------------------------------

    def bind(self, context: DocumentContext | None) -> None:
        old = self.context
        if old is not None:
            old.state.overlay_changed.disconnect(self._on_overlay)
            old.state.overlay_failed.disconnect(self._on_failed)
            old.state.updated.disconnect(self._on_updated)
            old.state.clear_overlay(NAME)
        self.context = context
        self.chosen, self.path, self.attribution = None, (), None
        if context is not None:
            context.state.overlay_changed.connect(self._on_overlay)
            context.state.overlay_failed.connect(self._on_failed)
            context.state.updated.connect(self._on_updated)
        self._fill()
        self.apply()

    def set_active(self, active: bool) -> None:
        """The view came into sight (explain and mark the cards) or left it (the cards go back)."""
        if active != self.active:
            self.active = active
            if active:
                self._fill()  # edits made while out of sight were not followed
            self.apply()

    @property
    def has_actuals(self) -> bool:
        return self.context is not None and bool(self.context.doc.tree.actuals.series)

    def _on_updated(self, _version: int) -> None:
        """The model changed: its metrics or periods may have too (followed only while in sight)."""
        if not self.active:
            return
        before = (self.chosen, self.periods.key, tuple(p.key for p in self.periods.presets),
                  self.pages.currentWidget())
        self._fill()
        if before != (self.chosen, self.periods.key, tuple(p.key for p in self.periods.presets),
                      self.pages.currentWidget()) or (self.active and self.has_actuals and self.attribution is None):
            self.apply()

    def _fill(self) -> None:
        self.metric_box.clear()
        c = self.context
        if c is None:
            self.empty.say("Open a model to see why its north star moved.", import_hint=False)
            self.pages.setCurrentWidget(self.empty)
            return
        tree = c.doc.tree
        if self.chosen is not None and not c.doc.has_metric(self.chosen):
            self.chosen, self.path = None, ()
        star = tree.north_star
        if star is not None:
            self.metric_box.addItem(f"{star.name} (north star)", star.id)
        for metric in tree.metrics:
            if metric is not star:
                self.metric_box.addItem(metric.name, metric.id)
        target = self.chosen or (star.id if star is not None else None)
        self.metric_box.setCurrentIndex(max(0, self.metric_box.findData(target)))
        if not self.has_actuals:
            self.empty.say(NO_ACTUALS, import_hint=True)
            self.pages.setCurrentWidget(self.empty)
            return
        self.periods.set_actuals(tree.actuals, self.metric_box.currentData())
        self.pages.setCurrentIndex(0)

    # --- choosing ----------------------------------------------------------------------------

    def _metric_chosen(self, metric_id: object) -> None:
        if isinstance(metric_id, str) and (metric_id != self.chosen or self.path):
            self.chosen, self.path = metric_id, ()
            self._fill()
            self.apply()

    @property
    def current_metric(self) -> str | None:
        data = self.metric_box.currentData()
        return data if isinstance(data, str) else None

    def explain_metric(self, metric_id: str) -> None:
        """Explain this metric from the top (the metric picker, or a canvas selection when following)."""
        self._metric_chosen(metric_id)

    def follow_selection(self, metric_ids: list[str]) -> None:
        if self.follow.isChecked() and len(metric_ids) == 1 and not self.ignore_selection:
            self.explain_metric(metric_ids[0])

    def drill(self, metric_id: str) -> None:
        """A driver's bar was clicked: select it, and show its own waterfall when it has drivers."""
        answer = self.attribution
        if answer is not None and metric_id in answer.shown.drivers:
            self.path = (*answer.path, metric_id)
            self.apply()
        self.metric_clicked.emit(metric_id)

    def go_up(self, depth: int) -> None:
        """Back to the level ``depth`` of the breadcrumb (0: the metric chosen)."""
        self.path = self.path[:depth]
        self.apply()

    def apply(self) -> None:
        """Show the answer for the current choices (sets the overlay), or why there is none."""
        c = self.context
        if c is None or not self.active or not self.has_actuals:
            if c is not None:
                c.state.clear_overlay(NAME)
            self.attribution = None
            return
        try:
            before, after = self.periods.windows()
        except ExplainError as exc:
            c.state.clear_overlay(NAME)
            self._say(str(exc))
            return
        c.state.set_overlay(AttributionOverlay(before, after, self.current_metric, self.path,
                                               on_cards=self.on_cards.isChecked()))

    # --- showing -----------------------------------------------------------------------------

    def _on_overlay(self, name: str, detail: object) -> None:
        if name == NAME and isinstance(detail, Attribution):
            self.show_attribution(detail)

    def _on_failed(self, name: str, message: str) -> None:
        if name == NAME:
            self.attribution = None
            self._say(message)

    def _say(self, message: str) -> None:
        self.crumbs.setText("")
        self.headline.setText("")
        self.notes.setText("")
        self.chart.set_explanation(None)
        self.chart.show_empty(message[:1].upper() + message[1:])

    def show_attribution(self, attribution: Attribution) -> None:
        self.attribution = attribution
        self.path = attribution.path
        e = attribution.shown
        c = self.context
        metric = c.doc.tree.metrics_by_id().get(e.metric) if c is not None else None
        higher = metric is None or metric.direction is Direction.HIGHER
        self.headline.setText(headline(e))
        self.crumbs.setText(self._crumbs(attribution))
        self.crumbs.setVisible(bool(attribution.path))
        method = method_sentence(e)
        notes = [n for n in e.notes if n]
        muted = muted_color(self.palette()).name()
        self.notes.setText(f"<span style='color:{muted}'>{escape(' '.join([method, *notes]).strip())}</span>")
        self.chart.set_explanation(e, higher, headline(e))
        # a change that is not split has no bars: the chart itself then says why, in the same words
        self.notes.setVisible(bool(method or notes) and bool(self.chart.bars))

    def _crumbs(self, attribution: Attribution) -> str:
        e, names = attribution.root, []
        names.append(e.name)
        for metric_id in attribution.path:
            names.append(e.names.get(metric_id, metric_id))
            e = e.drivers[metric_id]
        parts = [f"<a href='{depth}'>{escape(name)}</a>" for depth, name in enumerate(names[:-1])]
        return "Why it moved: " + " › ".join([*parts, f"<b>{escape(names[-1])}</b>"])


class _EmptyState(QWidget):
    """Why there is nothing to show, and the way to get there."""

    def __init__(self) -> None:
        super().__init__()
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() + 2)
        font.setBold(True)
        self.title.setFont(font)
        self.hint = QLabel(IMPORT_HINT)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)  # two set lines: a wrapped label centred in a
        # layout is given the height of one line and clipped
        self.button = QPushButton("Import actuals…")
        self.button.setToolTip("File ▸ Import actuals…")
        self.cli = QLabel(CLI_HINT)
        self.cli.setStyleSheet("color: palette(placeholder-text)")
        self.cli.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (self.title, self.hint, self.button, self.cli):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
            layout.addSpacing(4)
        layout.addStretch(2)
        self.import_available: Callable[[], bool] = lambda: False  # whether File ▸ Import actuals… exists

    def say(self, title: str, import_hint: bool) -> None:
        self.title.setText(title)
        self.hint.setVisible(import_hint)
        self.cli.setVisible(import_hint)
        self.button.setVisible(import_hint and self.import_available())
