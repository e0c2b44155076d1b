"""Which metrics the what-if panel offers, and how each one is moved (no Qt).

Inputs are metrics without a formula that drive something; computed metrics may be overridden
too (their own inputs are then ignored downstream). A rate moves in percentage points, anything
else by a relative %, and either can be set to a value instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from metricscape.model import MetricKind, MetricTree
from metricscape.model.numbers import format_value, is_rate
from metricscape.model.scenario import Change, ChangeMode

RELATIVE_RANGE = 50.0   # the slider covers -50 % .. +50 %
POINTS_RANGE = 20.0     # and -20 pp .. +20 pp for rates
SLIDER_STEPS = 200      # slider positions either side of zero (or across the range for a set value)


@dataclass(frozen=True)
class InputSpec:
    metric: str
    name: str
    unit: str
    baseline: float
    computed: bool  # overriding a computed metric ignores its own inputs

    @property
    def rate(self) -> bool:
        return is_rate(self.unit)

    @property
    def natural_mode(self) -> ChangeMode:
        return ChangeMode.POINTS if self.rate else ChangeMode.RELATIVE

    def modes(self) -> list[ChangeMode]:
        return [self.natural_mode, ChangeMode.SET]

    def slider_range(self, mode: ChangeMode) -> tuple[float, float]:
        """The values the slider spans in ``mode`` (a spin box may go beyond them)."""
        if mode is ChangeMode.RELATIVE:
            return -RELATIVE_RANGE, RELATIVE_RANGE
        if mode is ChangeMode.POINTS:
            return -POINTS_RANGE, POINTS_RANGE
        if self.rate:
            return 0.0, 1.0
        base = 0.0 if math.isnan(self.baseline) else self.baseline  # no baseline
        if base == 0:
            return 0.0, 100.0
        return (0.0, 2 * base) if base > 0 else (2 * base, 0.0)

    def neutral(self, mode: ChangeMode) -> float:
        """The value of ``mode`` that changes nothing."""
        return self.baseline if mode is ChangeMode.SET else 0.0

    def new_value(self, mode: ChangeMode, value: float) -> float:
        return mode.apply(self.baseline, value)

    def convert(self, value: float, old: ChangeMode, new: ChangeMode) -> float:
        """The same change expressed in another mode (switching mode keeps the metric where it is)."""
        target = old.apply(self.baseline, value)
        if new is ChangeMode.SET:
            return target
        if new is ChangeMode.POINTS:
            return (target - self.baseline) * 100
        return 0.0 if self.baseline == 0 else (target / self.baseline - 1) * 100

    def describe(self, mode: ChangeMode, value: float) -> str:
        if mode is ChangeMode.SET:
            return f"set to {format_value(value, self.unit)}"
        return mode.describe(round(value, 2))

    def change(self, mode: ChangeMode, value: float) -> Change | None:
        """The model's Change, or None when it changes nothing."""
        if value == self.neutral(mode):
            return None
        return Change(metric=self.metric, mode=mode, value=value)


def input_specs(tree: MetricTree, baseline: dict[str, float]) -> list[InputSpec]:
    """Inputs first (in file order), then computed metrics that can be overridden."""
    drives = {link.source for link in tree.links if link.kind.computes}
    inputs, computed = [], []
    for metric in tree.metrics:
        if metric.kind is MetricKind.NORTH_STAR:
            continue
        spec = InputSpec(metric=metric.id, name=metric.name, unit=metric.unit,
                         baseline=baseline.get(metric.id, float("nan")), computed=metric.is_computed)
        if metric.is_computed:
            computed.append(spec)
        elif metric.id in drives:
            inputs.append(spec)
    return inputs + computed
