"""The what-if panel: the north star headline, which scenario the canvas shows, a slider for every
input, and Keep as scenario / Reset / Goal seek."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from metricscape.derived.live import LiveResult

from . import prompts
from .controller import DISTRIBUTION, WhatIfController
from .headline import Headline
from .input_row import InputRow
from .progress import ProgressStrip
from .row_set import RowSet

BASELINE = "Baseline (no changes)"
UNSAVED = "What-if (not saved)"
NO_INPUTS = "This model has no inputs yet: link metrics that drive the north star to move them here."


class WhatIfPanel(QWidget):
    goal_seek_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("WhatIfPanel")
        self.controller: WhatIfController | None = None
        self.rows: dict[str, InputRow] = {}
        self.headline = Headline()
        self.shows = QComboBox()
        self.shows.setToolTip("Which changes the canvas shows: none, a saved scenario, or your unsaved what-if")
        self.shows.activated.connect(self._shows_chosen)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter inputs")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        self._empty_rows = RowSet()
        self._row_sets: dict[int, tuple[WhatIfController, RowSet]] = {}
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(self._empty_rows)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.keep_button = QPushButton("Keep as scenario…")
        self.keep_button.setToolTip("Save these changes as a named scenario (undo with Ctrl+Z)")
        self.keep_button.clicked.connect(self.keep_as_scenario)
        self.reset_button = QPushButton("Reset")
        self.reset_button.setToolTip("Back to the baseline: the canvas shows no changes")
        self.reset_button.clicked.connect(self.reset)
        self.goal_button = QPushButton("Goal seek…")
        self.goal_button.setToolTip("What must an input be for a metric to reach its target?")
        self.goal_button.clicked.connect(self.goal_seek_requested)
        self.progress = ProgressStrip()

        shows_row = QHBoxLayout()
        shows_row.addWidget(QLabel("Canvas shows"))
        shows_row.addWidget(self.shows, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        buttons.addWidget(self.goal_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addLayout(shows_row)
        layout.addWidget(self.filter)
        layout.addWidget(self.message)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)
        self.set_controller(None)

    def sizeHint(self) -> QSize:
        return QSize(340, 700)

    # --- binding -----------------------------------------------------------------------------

    def set_controller(self, controller: WhatIfController | None) -> None:
        if self.controller is not None:
            for signal, slot in self._links(self.controller):
                signal.disconnect(slot)
        self.controller = controller
        self.progress.bind(controller.runner if controller else None)
        if controller is not None:
            for signal, slot in self._links(controller):
                signal.connect(slot)
        self._rebuild_rows()
        self._refresh_shows()
        self._on_live(controller.last if controller else None)
        self._on_distribution(controller.distribution if controller else None)
        self._update_buttons()
        for widget in (self.shows, self.filter, self.goal_button):
            widget.setEnabled(controller is not None)

    def _links(self, c: WhatIfController):
        return [(c.model_changed, self._on_model_changed), (c.changes_changed, self._sync_rows),
                (c.live_updated, self._on_live), (c.active_changed, self._on_active_changed),
                (c.distribution_ready, self._on_distribution), (c.problem, self._on_problem),
                (c.runner.busy_changed, self._on_busy)]

    # --- rows --------------------------------------------------------------------------------

    def _rebuild_rows(self) -> None:
        """Show the current model's row set (kept per model), updated to its inputs."""
        c = self.controller
        for key in [k for k, (owner, _) in self._row_sets.items() if owner.runner.closed]:
            self._row_sets.pop(key)[1].deleteLater()  # the model's tab closed
        if c is None:
            row_set = self._empty_rows
        else:
            if id(c) not in self._row_sets:
                made = RowSet()
                made.previewed.connect(self._previewed)
                made.committed.connect(self._committed)
                self._row_sets[id(c)] = (c, made)
            row_set = self._row_sets[id(c)][1]
            row_set.update_specs(c.specs())
        if self.scroll_area.widget() is not row_set:
            self.scroll_area.takeWidget()  # keeps it: another model's rows wait for their tab
            self.scroll_area.setWidget(row_set)
        self.rows = row_set.rows
        specs = c.specs() if c else []
        self.message.setText(NO_INPUTS if c is not None and not specs else "")
        self.message.setVisible(bool(self.message.text()))
        self._sync_rows()
        self._apply_filter(self.filter.text())

    def _sync_rows(self) -> None:
        if self.controller is None:
            return
        for metric_id, row in self.rows.items():
            change = self.controller.change_of(metric_id)
            row.set_change(change.mode if change else None, change.value if change else None)
        self._refresh_shows()
        self._update_buttons()

    def _apply_filter(self, text: str) -> None:
        text = text.strip().lower()
        for metric_id, row in self.rows.items():
            row.setVisible(not text or text in row.spec.name.lower() or text in metric_id)

    def show_input(self, metric_id: str) -> bool:
        """Scroll to the input's row and put the cursor in its value; False (with a word why) when
        the metric is computed from others, so it has no row of its own."""
        row = self.rows.get(metric_id)
        if row is None:
            c = self.controller
            name = c.tree.metric(metric_id).name if c is not None and metric_id in c.tree.metrics_by_id() else metric_id
            self._on_problem(f"‘{name}’ is computed from its inputs: move those to change it.")
            return False
        self.filter.clear()
        self.scroll_area.ensureWidgetVisible(row)
        row.spin.setFocus()
        row.spin.selectAll()
        return True

    def _previewed(self, metric_id: str, mode: object, value: float) -> None:
        if self.controller is not None:
            self.controller.preview(metric_id, mode, value)  # type: ignore[arg-type]  # rows exist only while a controller is bound
            self._refresh_shows()

    def _committed(self, metric_id: str, mode: object, value: float) -> None:
        if self.controller is not None:
            self.controller.commit(metric_id, mode, value)  # type: ignore[arg-type]  # rows exist only while a controller is bound
            self._refresh_shows()
            self._update_buttons()

    # --- what the canvas shows ---------------------------------------------------------------

    def _refresh_shows(self) -> None:
        self.shows.blockSignals(True)
        try:
            self.shows.clear()
            c = self.controller
            if c is None:
                return
            self.shows.addItem(BASELINE, None)
            for scenario in c.doc.scenarios():
                self.shows.addItem(f"Scenario: {scenario.name}", scenario.id)
            if c.active is None and c.changes:
                self.shows.addItem(UNSAVED, "__unsaved__")
                self.shows.setCurrentIndex(self.shows.count() - 1)
            else:
                index = self.shows.findData(c.active)
                self.shows.setCurrentIndex(max(index, 0))
        finally:
            self.shows.blockSignals(False)

    def _shows_chosen(self, index: int) -> None:
        data = self.shows.itemData(index)
        if self.controller is None or data == "__unsaved__":
            return
        self.controller.show_scenario(data)

    def _on_active_changed(self, _scenario_id: object) -> None:
        self._refresh_shows()
        self._update_buttons()

    # --- buttons -----------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        c = self.controller
        self.keep_button.setEnabled(c is not None and bool(c.changes) and c.active is None)
        self.reset_button.setEnabled(c is not None and (bool(c.changes) or c.active is not None))

    def keep_as_scenario(self) -> str | None:
        c = self.controller
        if c is None or not c.changes:
            return None
        default = f"Scenario {len(c.doc.scenarios()) + 1}"
        name = prompts.ask_text(self, "Keep as scenario", "Name the scenario (e.g. “Onboarding revamp”):", default)
        if name is None:
            return None
        return c.keep_as_scenario(name)

    def reset(self) -> None:
        if self.controller is not None:
            self.controller.reset()

    # --- results -----------------------------------------------------------------------------

    def _on_model_changed(self) -> None:
        self._rebuild_rows()
        self._refresh_shows()

    def _on_live(self, result: LiveResult | None) -> None:
        c = self.controller
        star = c.tree.north_star if c is not None else None
        problems = c.live.problems if c is not None and c.live is not None else None
        self.headline.show_live(star, result, c.label if c else "Baseline", problems)
        self._on_distribution(c.distribution if c else None)

    def _on_distribution(self, distribution: object) -> None:
        c = self.controller
        star = c.tree.north_star if c is not None else None
        summary = None
        if distribution is not None and star is not None:
            result = distribution.what_if or distribution.baseline  # type: ignore[attr-defined]  # a Distribution from the controller
            summary = next((s for s in result.summaries if s.metric == star.id), None)
        running = c is not None and c.runner.is_running(DISTRIBUTION)
        self.headline.show_outlook(summary, running)

    def _on_busy(self, _busy: bool) -> None:
        self._on_distribution(self.controller.distribution if self.controller else None)

    def _on_problem(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

