"""Goal seek: "what must INPUT be for METRIC to reach its target?" The answer can be shown on the
tree (as an unsaved what-if) or kept as a new scenario (one undo step).

The search and the ranking of the inputs run on the what-if's quick worker, off the GUI thread;
``answered`` says when the answer is on screen."""

from __future__ import annotations

import math

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from metricscape.model.numbers import format_value, is_rate
from metricscape.model.scenario import Change, ChangeMode
from metricscape.sim import Engine, GoalSeekResult, Tornado

from ..widgets.choice_model import ChoiceModel
from . import prompts
from .controller import WhatIfController

SEEK, LEVERS = "goal_seek", "goal_seek_levers"
# With more choices than this, the boxes take a width from a name length instead of measuring every
# name when the dialog opens (~0.1 s at 5,000 metrics); smaller models look as they always did.
MANY_CHOICES = 300
NAME_LENGTH = 32  # characters the boxes then show before eliding


class GoalSeekDialog(QDialog):
    answered = Signal(object)  # the GoalSeekResult now explained on screen (None: no answer)
    ranked = Signal()          # the inputs were ranked and the strongest one preselected

    def __init__(self, controller: WhatIfController, metric_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Goal seek")
        self.controller = controller
        self.found: GoalSeekResult | None = None
        self._searching = False
        self._vary_touched = False  # the user picked the input: a late ranking must not override it
        controller.quick.finished.connect(self._on_finished)
        controller.quick.failed.connect(self._on_failed)
        self.metric_box = QComboBox()
        self.target = QDoubleSpinBox()
        self.target.setRange(-1e15, 1e15)
        self.target.setDecimals(4)
        self.target.setGroupSeparatorShown(True)
        self.vary_box = QComboBox()
        self.vary_box.currentIndexChanged.connect(lambda _i: self._forget())
        self.answer = QLabel("Pick a metric, its target and the input to change, then press “Find”.")
        self.answer.setWordWrap(True)
        self.answer.setMinimumHeight(60)
        self.find_button = QPushButton("Find")
        self.find_button.setDefault(True)
        self.find_button.clicked.connect(self.search)
        self.show_button = QPushButton("Show on the tree")
        self.show_button.setToolTip("The canvas shows the tree with this value (not saved)")
        self.show_button.clicked.connect(self.show_on_tree)
        self.keep_button = QPushButton("Keep as scenario…")
        self.keep_button.clicked.connect(self.keep_as_scenario)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.find_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.show_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.ActionRole)
        form = QFormLayout()
        form.addRow("For this metric", self.metric_box)
        form.addRow("to reach", self.target)
        form.addRow("what must this be?", self.vary_box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.answer)
        layout.addWidget(buttons)
        tree = controller.tree
        star = tree.north_star
        if len(tree.metrics) > MANY_CHOICES:
            for box in (self.metric_box, self.vary_box):
                box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
                box.setMinimumContentsLength(NAME_LENGTH)
        driven = {link.target for link in tree.links if link.kind.computes}  # once, not per metric
        self.metric_box.setModel(ChoiceModel([(m.name, m.id) for m in tree.metrics
                                              if m.is_computed or m.id in driven]))
        self._levers = ChoiceModel()
        self.vary_box.setModel(self._levers)
        chosen = metric_id or (star.id if star else None)
        index = self.metric_box.findData(chosen)
        self.metric_box.setCurrentIndex(max(index, 0))
        self.metric_box.currentIndexChanged.connect(lambda _i: self._metric_changed())
        self._metric_changed()
        self._update_buttons()

    # --- choices -----------------------------------------------------------------------------

    def metric_id(self) -> str | None:
        return self.metric_box.currentData()

    def vary_id(self) -> str | None:
        return self.vary_box.currentData()

    def target_value(self) -> float:
        metric = self.controller.doc.metric(self.metric_id())  # type: ignore[arg-type]  # the box always holds a metric while the dialog is open
        return self.target.value() / 100 if is_rate(metric.unit) else self.target.value()

    def set_target(self, value: float) -> None:
        metric = self.controller.doc.metric(self.metric_id())  # type: ignore[arg-type]  # the box always holds a metric while the dialog is open
        self.target.setValue(value * 100 if is_rate(metric.unit) else value)

    def _forget(self) -> None:
        self.found = None
        self._vary_touched = True
        self._update_buttons()

    def _metric_changed(self) -> None:
        self.found = None
        metric_id = self.metric_id()
        c = self.controller
        self._levers.set_choices([])
        if metric_id is None or c.live is None:
            return
        metric = c.doc.metric(metric_id)
        rate = is_rate(metric.unit)
        self.target.setSuffix(" %" if rate else (f" {metric.unit}" if metric.unit else ""))
        base = c.live.base(metric_id)
        magnitude = abs(metric.target if metric.target is not None else base) if not math.isnan(base) else 1.0
        self.target.setDecimals(2 if rate else 0 if magnitude >= 1000 else 2 if magnitude >= 1 else 4)
        self.set_target(metric.target if metric.target is not None else base)
        plan = c.live.plan
        upstream = plan.upstream(plan.index(metric_id))
        self._levers.set_choices([(spec.name, spec.metric) for spec in c.specs()
                                  if plan.position[spec.metric] in upstream])
        self._vary_touched = False
        # The strongest lever first is a good default; the tornado ranks them (on the worker).
        live, tree = c.live, c.tree  # compiled once per model version, shared with the worker
        c.quick.submit(LEVERS, lambda _progress: _rank_levers(live.engine_for(tree), metric_id))
        self.answer.setText(f"Today: {format_value(base, metric.unit)}"
                            + (f", target {format_value(metric.target, metric.unit)}." if metric.target is not None
                               else ". It has no target yet: enter the value to reach."))
        self._update_buttons()

    # --- actions -----------------------------------------------------------------------------

    def search(self) -> None:
        """Start the search; ``answered`` follows once the answer is on screen."""
        c, metric_id, vary_id = self.controller, self.metric_id(), self.vary_id()
        self.found = None
        if metric_id is None or vary_id is None or c.live is None:
            self.answer.setText("Nothing feeds this metric that could be changed.")
            self._update_buttons()
            self.answered.emit(None)
            return
        # The engine searches the input's whole meaningful domain and says when the answer lies outside
        # the range the PM gave (issue 16 item 12).
        live, tree, target = c.live, c.tree, self.target_value()
        self._searching = True
        self.answer.setText("Searching…")
        self._update_buttons()
        c.quick.submit(SEEK, lambda _progress: live.engine_for(tree).goal_seek(metric_id, target, vary_id))

    def _on_failed(self, kind: str, message: str) -> None:
        if kind == SEEK:
            self._searching = False
            self.answer.setText(message)
            self._update_buttons()
            self.answered.emit(None)

    def _on_finished(self, kind: str, result: object) -> None:
        if kind == LEVERS and isinstance(result, Tornado):
            self._preselect([b.input for b in result.bars])
        elif kind == SEEK and isinstance(result, GoalSeekResult):
            self._searching = False
            self._explain(result)

    def _preselect(self, ranked: list[str]) -> None:
        if self._vary_touched or not ranked:
            return
        first = next((m for m in ranked if self.vary_box.findData(m) >= 0), None)
        if first is not None:
            self.vary_box.blockSignals(True)
            self.vary_box.setCurrentIndex(self.vary_box.findData(first))
            self.vary_box.blockSignals(False)
        self.ranked.emit()

    def _explain(self, result: GoalSeekResult) -> None:
        c = self.controller
        if not (c.doc.has_metric(result.vary) and c.doc.has_metric(result.metric)):
            return
        vary, metric = c.doc.metric(result.vary), c.doc.metric(result.metric)
        if result.reached and result.value is not None:
            self.found = result
            self.answer.setText(
                f"<b>{vary.name}</b> must be <b>{format_value(result.value, vary.unit)}</b> "
                f"(today {format_value(result.baseline, vary.unit)}) for <b>{metric.name}</b> to reach "
                f"{format_value(result.target, metric.unit)}{_outside_range(result.message)}.")
        else:
            self.answer.setText(
                f"No value of <b>{vary.name}</b> between {format_value(result.search_low, vary.unit)} and "
                f"{format_value(result.search_high, vary.unit)} gets <b>{metric.name}</b> to "
                f"{format_value(result.target, metric.unit)}: the closest is {format_value(result.result, metric.unit)}"
                f" (with {vary.name} at {format_value(result.best_value, vary.unit)}). "
                "Try another input, or combine several in a scenario.")
        self._update_buttons()
        self.answered.emit(self.found)

    def change(self) -> Change | None:
        if self.found is None or self.found.value is None:
            return None
        return Change(metric=self.found.vary, mode=ChangeMode.SET, value=self.found.value)

    def show_on_tree(self) -> None:
        change = self.change()
        if change is not None:
            self.controller.show_changes([change])

    def keep_as_scenario(self) -> str | None:
        change = self.change()
        if change is None:
            return None
        c = self.controller
        default = f"{c.doc.metric(self.found.metric).name} on target"  # type: ignore[union-attr]  # kept only after an answer was found
        name = prompts.ask_text(self, "Keep as scenario", "Name the scenario:", default)
        if name is None:
            return None
        scenario = c.doc.plan.new_scenario(name, changes=(change,),
                                           description=f"Goal seek: {self.answer.text()}".replace("<b>", "")
                                           .replace("</b>", ""))
        return c.add_scenario(scenario)

    def _update_buttons(self) -> None:
        found = self.found is not None and self.found.value is not None
        self.show_button.setEnabled(found)
        self.keep_button.setEnabled(found)
        self.find_button.setEnabled(self.vary_box.count() > 0 and not self._searching)


def _rank_levers(engine: Engine, metric_id: str) -> Tornado:
    """On the worker, while the PM fills in the dialog: the tornado that ranks the inputs, and the
    search's solver loaded now rather than on "Find" (initialising scipy's compiled modules holds
    Python's lock on every thread, so the window would pause then)."""
    import scipy.optimize  # noqa: F401

    return engine.tornado(metric_id)


def _outside_range(message: str) -> str:
    """The engine's "; that is above your 90 % range of …" note, when the answer lies outside it."""
    note = message.partition("; that is ")[2]
    return f" — that is {note}" if note else ""
