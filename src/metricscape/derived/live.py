"""The compiled model of one document version: its baseline, evaluated once, and the
deterministic what-if while a slider moves (only the dependents of the changed inputs are
recomputed, on the plan the engine compiled once)."""

from __future__ import annotations

import copy
import math
from collections.abc import Iterable
from dataclasses import dataclass

from metricscape.model import MetricTree
from metricscape.model.metric import Direction
from metricscape.model.numbers import change_is_good, format_change
from metricscape.model.scenario import Change
from metricscape.sim import Engine
from metricscape.sim.whatif import change_overrides


def numbers_key(tree: MetricTree) -> tuple[object, ...]:
    """What the numbers depend on: equal keys, equal results (a card moved or a note edited changes
    nothing here, so nothing is recomputed)."""
    metrics = tuple((m.id, m.kind, m.unit, m.baseline, m.target, m.direction, m.formula, m.uncertainty,
                     m.unit_variability) for m in tree.metrics)
    links = tuple((k.source, k.target, k.kind, k.elasticity, k.elasticity_low, k.elasticity_high)
                  for k in tree.links)
    return metrics, links, tree.simulation


@dataclass(frozen=True)
class Delta:
    text: str           # "+2.3 %", "+1.5 pp", or "" when the metric did not move
    good: bool | None   # moved in its desired direction; None when it did not move


@dataclass(frozen=True)
class LiveResult:
    values: dict[str, float]  # every metric's value after the changes
    deltas: dict[str, Delta]  # only the metrics the changes reach (and nothing else)


class LiveModel:
    """One compiled model answering "what if these changes?" fast enough for every slider step."""

    def __init__(self, tree: MetricTree) -> None:
        self.tree = tree
        self.engine = Engine(tree)
        self.plan = self.engine.plan
        self.metrics = tree.metrics_by_id()
        self.baseline = {metric_id: float(self.plan.baseline[i]) for metric_id, i in self.plan.position.items()}
        self.evaluation = self.engine.baseline()  # the one baseline evaluation of this version
        # Why some values are not numbers (a missing baseline, a division by zero), said plainly.
        self.problems = [p.message for p in self.evaluation.nonfinite]

    def engine_for(self, tree: MetricTree) -> Engine:
        """The compiled engine, for a worker thread to run a deterministic analysis (compare,
        experiment sizing, goal seek, tornado) on ``tree``, a later snapshot with the same numbers
        (its scenarios and names may differ). A shallow copy: the compiled plan is shared and
        only read, so nothing is compiled again and the GUI thread keeps this one. Call it on the
        worker: the first call of a version also builds the uncertain factors, cached for the next."""
        self.engine.factors  # noqa: B018 - cached on the shared engine before the copy takes it along
        engine = copy.copy(self.engine)
        engine.tree = tree
        engine.names = {m.id: m.name for m in tree.metrics}
        return engine

    def base(self, metric_id: str) -> float:
        return self.baseline[metric_id]

    def result(self, changes: Iterable[Change]) -> LiveResult:
        changes = [c for c in changes if c.metric in self.plan.position]
        overrides = change_overrides(self.plan, self.plan.baseline, changes)
        values = self.plan.update(self.plan.baseline, overrides, overrides=overrides)
        reached = self.plan.downstream(overrides) if overrides else []
        by_id = dict(self.baseline)
        deltas: dict[str, Delta] = {}
        for i in reached:
            metric_id = self.plan.ids[i]
            value = float(values[i])
            by_id[metric_id] = value
            deltas[metric_id] = self.delta(metric_id, value)
        return LiveResult(values=by_id, deltas=deltas)

    def delta(self, metric_id: str, value: float) -> Delta:
        metric = self.metrics[metric_id]
        old = self.baseline[metric_id]
        if not (math.isfinite(old) and math.isfinite(value)):
            return Delta("n/a" if math.isfinite(old) else "", None)
        text = format_change(old, value, metric.unit)
        if text.startswith("±0"):
            return Delta("", None)
        return Delta(text, change_is_good(old, value, metric.direction is Direction.HIGHER))
