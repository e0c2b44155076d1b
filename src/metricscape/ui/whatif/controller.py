"""The what-if state of one open model: the changes on the sliders, the scenario the canvas shows,
and the Monte Carlo refreshed off the GUI thread.

It never paints: it sets the what-if overlay on the document's derived state, which computes the
values and deltas once and hands them to the scene. Passive towards the document, as every view:
it pushes edits through the context (one undo step each) and follows the derived state's
``updated`` (an undo included) without pushing back.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from metricscape.derived import DerivedState, LiveModel, LiveResult, WhatIfOverlay, numbers_key
from metricscape.model import Document, MetricTree
from metricscape.model.scenario import Change, ChangeMode, Scenario

from ..binding import DocumentContext
from ..widgets.plain_errors import plain_error
from . import tasks
from .inputs import InputSpec, input_specs
from .worker import SimulationRunner

DISTRIBUTION = "distribution"
OVERLAY = WhatIfOverlay.name  # the derived state's slot this controller fills
MC_DELAY_MS = 60  # after a release or an edit: merges a burst of changes; a what-if on kept draws then takes ms


class WhatIfController(QObject):
    model_changed = Signal()           # the tree changed (names, scenarios, positions...)
    numbers_changed = Signal()         # ...in a way that changes results: analyses are stale
    changes_changed = Signal()         # the slider values changed from outside (scenario, undo, reset)
    live_updated = Signal(object)      # LiveResult, after every slider step
    active_changed = Signal(object)    # scenario id or None (the baseline or unsaved what-if)
    focus_changed = Signal(str)        # the metric the analyses look at besides the north star
    distribution_ready = Signal(object)  # tasks.Distribution
    problem = Signal(str)              # "" when fine again

    def __init__(self, context: DocumentContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.doc: Document = context.doc
        self.state: DerivedState = context.state
        self.runner = SimulationRunner(self, version=lambda: self.state.version)
        # Compare, experiment sizing and goal seek: quick (about 0.1 s at 5,000 metrics) but still off
        # the GUI thread, on their own worker so they never queue behind a Monte Carlo.
        self.quick = SimulationRunner(self, version=lambda: self.state.version)
        self.samples = tasks.SampleCache()
        self.changes: dict[str, Change] = {}
        self.active: str | None = None
        self.focus: str | None = None
        self.distribution: tasks.Distribution | None = None
        self._specs: dict[str, InputSpec] = {}
        self._version = self.state.version
        self._names = _names(self.tree)
        self._mc_timer = QTimer(self, singleShot=True, interval=MC_DELAY_MS)
        self._mc_timer.timeout.connect(self.refresh_distribution)
        self.runner.finished.connect(self._on_finished)
        self.state.updated.connect(self._on_state_updated)
        self.state.overlay_failed.connect(self._on_overlay_failed)
        self._rebuild()
        self.repaint()
        self._mc_timer.start()  # the north star's outlook from the start, not only after a slider moves

    @property
    def pending(self) -> bool:
        """A Monte Carlo is due to start (a burst of changes is being merged)."""
        return self._mc_timer.isActive()

    @property
    def mc_timer(self) -> QTimer:
        """Fires when the merged burst of changes starts a Monte Carlo (waiters listen to it)."""
        return self._mc_timer

    def close(self) -> None:
        self.state.updated.disconnect(self._on_state_updated)
        self.state.overlay_failed.disconnect(self._on_overlay_failed)
        self.state.clear_overlay(OVERLAY)
        self._mc_timer.stop()
        self.runner.shutdown()
        self.quick.shutdown()

    # --- reading -----------------------------------------------------------------------------

    @property
    def tree(self) -> MetricTree:
        return self.doc.tree

    @property
    def live(self) -> LiveModel | None:
        """The compiled model of the version in view (the derived state's), None when it cannot compute."""
        return self.state.live

    @property
    def last(self) -> LiveResult | None:
        """The values and deltas the canvas shows now."""
        detail = self.state.detail(OVERLAY)
        return detail if isinstance(detail, LiveResult) else None

    def specs(self) -> list[InputSpec]:
        return list(self._specs.values())

    def spec(self, metric_id: str) -> InputSpec | None:
        return self._specs.get(metric_id)

    def change_of(self, metric_id: str) -> Change | None:
        return self.changes.get(metric_id)

    @property
    def label(self) -> str:
        if self.active is not None and self.doc_has_scenario(self.active):
            return self.doc.scenario(self.active).name
        return "What-if" if self.changes else "Baseline"

    def doc_has_scenario(self, scenario_id: str) -> bool:
        return any(s.id == scenario_id for s in self.doc.scenarios())

    # --- slider gestures ---------------------------------------------------------------------

    def preview(self, metric_id: str, mode: ChangeMode, value: float) -> LiveResult | None:
        """While dragging: recompute and repaint the cards; nothing is recorded yet."""
        self._set(metric_id, mode, value)
        return self.repaint()

    def commit(self, metric_id: str, mode: ChangeMode, value: float) -> None:
        """On release: keep the change. In a scenario, that is one undoable edit of the scenario."""
        self._set(metric_id, mode, value)
        if self.active is not None and self.doc_has_scenario(self.active):
            scenario = self.doc.scenario(self.active)
            wanted = tuple(self.changes.values())
            if wanted != scenario.changes:
                self.context.push(self.doc.plan.update_scenario(self.active, changes=wanted))
        self.repaint()
        self._mc_timer.start()

    def _set(self, metric_id: str, mode: ChangeMode, value: float) -> None:
        spec = self._specs.get(metric_id)
        change = spec.change(mode, value) if spec else Change(metric=metric_id, mode=mode, value=value)
        if change is None:
            self.changes.pop(metric_id, None)
        else:
            self.changes[metric_id] = change

    def reset(self) -> None:
        """Back to the baseline: no changes, no scenario shown."""
        self.changes.clear()
        self._set_active(None)
        self.changes_changed.emit()
        self.repaint()
        self._mc_timer.start()

    def show_scenario(self, scenario_id: str | None) -> None:
        """Let the canvas show a scenario's changes (None: the baseline)."""
        self.changes = {} if scenario_id is None else {c.metric: c for c in self.doc.scenario(scenario_id).changes}
        self._set_active(scenario_id)
        self.changes_changed.emit()
        self.repaint()
        self._mc_timer.start()

    def show_changes(self, changes: list[Change]) -> None:
        """An unsaved what-if (e.g. a goal-seek answer) on the canvas."""
        self.changes = {c.metric: c for c in changes}
        self._set_active(None)
        self.changes_changed.emit()
        self.repaint()
        self._mc_timer.start()

    def keep_as_scenario(self, name: str) -> str | None:
        """Save the current changes as a new scenario (one undo step) and show it."""
        name = name.strip()
        if not name or not self.changes:
            return None
        scenario = self.doc.plan.new_scenario(name, changes=tuple(self.changes.values()))
        return self.add_scenario(scenario)

    def add_scenario(self, scenario: Scenario) -> str | None:
        if not self.context.push(self.doc.plan.add_scenario(scenario)):
            return None
        self.show_scenario(scenario.id)
        return scenario.id

    def set_focus(self, metric_id: str | None) -> None:
        if metric_id is not None and metric_id != self.focus and self.doc.has_metric(metric_id):
            self.focus = metric_id
            self.focus_changed.emit(metric_id)
            self._mc_timer.start()

    def follow_selection(self, metric_id: str) -> None:
        """A card selected on the canvas becomes what the analyses look at, when something in the
        model moves it: an input that nothing drives would only rank itself against itself."""
        if not self.doc.has_metric(metric_id):
            return
        driven = self.doc.metric(metric_id).formula is not None or any(
            link.target == metric_id and link.kind.computes for link in self.doc.links())
        if driven:
            self.set_focus(metric_id)

    def _set_active(self, scenario_id: str | None) -> None:
        if scenario_id != self.active:
            self.active = scenario_id
            self.active_changed.emit(scenario_id)

    # --- the canvas --------------------------------------------------------------------------

    def repaint(self) -> LiveResult | None:
        """Show the changes (or the scenario) on the canvas: the derived state computes the values
        and deltas, the scene paints them; ``live_updated`` tells the panels."""
        if self.live is None:
            return None
        self.state.set_overlay(WhatIfOverlay(tuple(self.changes.values()), self.active))
        result = self.last
        if result is not None:
            self.live_updated.emit(result)
        return result

    def _on_overlay_failed(self, name: str, message: str) -> None:
        if name == OVERLAY:
            self.problem.emit(message)

    # --- following the document --------------------------------------------------------------

    def _rebuild(self) -> None:
        live = self.live
        if live is None:
            self._specs = {}
            failure = self.state.failure
            reason = plain_error(failure) if failure is not None else "it has no metrics yet"
            self.problem.emit(f"What-if is paused until the model can be computed: {reason}")
            return
        self._specs = {spec.metric: spec for spec in input_specs(self.tree, live.baseline)}
        self.problem.emit("")

    def _on_state_updated(self, version: int) -> None:
        """The document changed and the derived state (what-if overlay included) caught up. A
        renamed metric counts as new numbers for the analyses: their charts are titled by name."""
        names = _names(self.tree)
        numbers = version != self._version or names != self._names
        self._version, self._names = version, names
        if numbers:
            self._rebuild()
        elif self.live is not None:  # names may have changed: the sliders show them
            self._specs = {spec.metric: spec for spec in input_specs(self.tree, self.live.baseline)}
        before = dict(self.changes)
        self.changes = {k: c for k, c in self.changes.items() if self.doc.has_metric(k)}
        if self.active is not None:
            if self.doc_has_scenario(self.active):
                self.changes = {c.metric: c for c in self.doc.scenario(self.active).changes}
            else:
                self._set_active(None)
                self.state.set_overlay(WhatIfOverlay(tuple(self.changes.values()), None))
        self.model_changed.emit()
        if numbers:
            self.numbers_changed.emit()
        if self.changes != before:
            self.changes_changed.emit()
        if self.last is not None:
            self.live_updated.emit(self.last)
        if numbers or self.changes != before:
            self._mc_timer.start()

    # --- Monte Carlo -------------------------------------------------------------------------

    def refresh_distribution(self) -> None:
        if self.live is None:
            return
        tree, changes, label = self.tree, list(self.changes.values()), self.label
        star = tree.north_star
        metrics = [m for m in (star.id if star else None, self.focus) if m]
        if not metrics:
            return
        metrics = list(dict.fromkeys(metrics))
        cache, key = self.samples, (numbers_key(tree), self._names)  # the results carry names too
        self.runner.submit(DISTRIBUTION,
                           lambda progress: cache.distribution(tree, key, changes, metrics, label, progress))

    def _on_finished(self, kind: str, result: object) -> None:
        if kind == DISTRIBUTION:
            self.distribution = result  # type: ignore[assignment]  # the distribution task returns a Distribution
            self.distribution_ready.emit(result)


def _names(tree: MetricTree) -> tuple[tuple[str, str], ...]:
    return tuple((m.id, m.name) for m in tree.metrics)
