"""Axis numbers a PM reads at a glance: 34.2 (millions of hours) rather than 34200000."""

from __future__ import annotations

import math
from dataclasses import dataclass

from metricscape.model.numbers import is_rate

_SCALES = ((1e12, "trillions"), (1e9, "billions"), (1e6, "millions"), (1e3, "thousands"))


@dataclass(frozen=True)
class AxisScale:
    factor: float   # shown = value * factor
    title: str      # e.g. "millions of hours", "%"
    decimals: int

    def shown(self, value: float) -> float:
        return value * self.factor

    @property
    def label_format(self) -> str:
        return f"%.{self.decimals}f"


def axis_scale(unit: str, magnitude: float, spread: float | None = None) -> AxisScale:
    """A scale for values around ``magnitude`` (spread: the visible range, for the decimals)."""
    unit = unit.strip()
    if is_rate(unit):
        return AxisScale(100.0, "%", _decimals((spread if spread else magnitude) * 100))
    magnitude = abs(magnitude) if math.isfinite(magnitude) else 0.0
    for size, word in _SCALES:
        if magnitude >= size:
            title = f"{word} of {unit}" if unit else word
            return AxisScale(1 / size, title, _decimals((spread if spread else magnitude) / size))
    return AxisScale(1.0, unit, _decimals(spread if spread else magnitude))


def _decimals(span: float) -> int:
    span = abs(span)
    if span == 0 or not math.isfinite(span):
        return 1
    return max(0, min(4, 2 - math.floor(math.log10(span))))
