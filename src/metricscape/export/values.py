"""The numbers an export shows: baseline values and, for a chosen scenario, the what-if values.

The simulation engine computes them when it is available; otherwise the stored baselines are
shown and a scenario only marks the metrics it changes directly (an honest, partial view).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from metricscape.model import MetricTree, Scenario

from .options import OptionsError


@dataclass(frozen=True)
class TornadoBar:
    metric_id: str
    low: float   # the north star when this input swings down
    high: float  # ... and up


@dataclass(frozen=True)
class MetricValues:
    baseline: dict[str, float | None]
    scenario: Scenario | None = None
    what_if: dict[str, float | None] = field(default_factory=dict)
    tornado: tuple[TornadoBar, ...] = ()
    north_star_base: float | None = None

    def delta_pair(self, metric_id: str) -> tuple[float | None, float | None]:
        if self.scenario is None:
            return (None, None)
        return (self.baseline.get(metric_id), self.what_if.get(metric_id))


def resolve_scenario(tree: MetricTree, name: str | None) -> Scenario | None:
    if name is None:
        return None
    try:
        return tree.scenario(name)
    except KeyError as exc:
        raise OptionsError(str(exc.args[0])) from None


def _finite(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]  # anything else is caught just below
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def compute_values(tree: MetricTree, scenario_name: str | None = None, *, with_tornado: bool = False
                   ) -> MetricValues:
    scenario = resolve_scenario(tree, scenario_name)
    engine = _engine_values(tree, scenario, with_tornado)
    if engine is not None:
        return engine
    baseline = {m.id: m.baseline for m in tree.metrics}
    what_if: dict[str, float | None] = {}
    if scenario is not None:
        for change in scenario.changes:
            base = baseline.get(change.metric)
            if base is not None or change.mode.value == "set":
                what_if[change.metric] = change.mode.apply(base or 0.0, change.value)
    star = tree.north_star
    return MetricValues(baseline, scenario, what_if, (), baseline.get(star.id) if star else None)


def _engine_values(tree: MetricTree, scenario: Scenario | None, with_tornado: bool) -> MetricValues | None:
    """Every metric's value from the simulation engine (computed metrics included); None to fall back."""
    from metricscape.model.errors import MetricscapeError
    from metricscape.sim.factors import uncertain_factors
    from metricscape.sim.plan import build_plan
    from metricscape.sim.tornado import tornado
    from metricscape.sim.whatif import change_overrides

    try:
        plan = build_plan(tree)
        baseline = {metric_id: _finite(v) for metric_id, v in zip(plan.ids, plan.baseline, strict=True)}
        what_if: dict[str, float | None] = {}
        if scenario is not None:
            values = plan.evaluate(overrides=change_overrides(plan, plan.baseline, scenario.changes))
            what_if = {metric_id: _finite(v) for metric_id, v in zip(plan.ids, values, strict=True)}
        star = tree.north_star
        bars: tuple[TornadoBar, ...] = ()
        if with_tornado and star is not None and baseline.get(star.id) is not None:
            result = tornado(tree, plan, uncertain_factors(tree, plan), star.id, tree.simulation.tornado_swing_pct)
            bars = tuple(TornadoBar(b.input, b.target_low, b.target_high) for b in result.bars
                         if _finite(b.target_low) is not None and _finite(b.target_high) is not None)
    except MetricscapeError:
        return None  # an unevaluable model still exports, with its stored baselines
    return MetricValues(baseline, scenario, what_if, bars, baseline.get(star.id) if star else None)
