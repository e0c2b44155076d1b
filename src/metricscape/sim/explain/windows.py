"""What is compared: two windows of periods, each one period or a range such as 2026-W10..2026-W13,
and one value per metric and window read from the actuals snapshot.

A range's value is the metric's aggregate over it (a sum for counts, a mean for rates and
averages, the last value for stocks). Every period of a window needs a value: a sum over three of
four weeks would read as a fall, so a gap makes the value missing instead of silently smaller.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from metricscape.model.actuals import ALL_SEGMENTS, Actuals, Aggregation
from metricscape.model.periods import Grain, PeriodError, grain_of, shift, start_of

from .errors import ExplainError

RANGE_SEPARATOR = ".."


@dataclass(frozen=True)
class Window:
    """One period (first == last) or a range of consecutive periods, both ends included."""

    first: str
    last: str
    grain: Grain

    @property
    def label(self) -> str:
        return self.first if self.first == self.last else f"{self.first}{RANGE_SEPARATOR}{self.last}"

    @property
    def first_day(self) -> dt.date:
        return start_of(self.first, self.grain)

    @property
    def last_day(self) -> dt.date:
        return start_of(shift(self.last, self.grain, 1), self.grain) - dt.timedelta(days=1)

    @cached_property
    def indices(self) -> range:
        return range(period_index(self.first, self.grain), period_index(self.last, self.grain) + 1)


def parse_window(text: str, grain: Grain, what: str = "period") -> Window:
    """``2026-W14`` or ``2026-W10..2026-W13``, in the model's grain (raises ExplainError)."""
    parts = [p.strip() for p in text.strip().split(RANGE_SEPARATOR)]
    if len(parts) > 2 or not all(parts):
        raise ExplainError(f"the {what} '{text}' is not a period or a range: write e.g. "
                           f"{_example(grain)} or {_example(grain)}{RANGE_SEPARATOR}{shift(_example(grain), grain, 3)}")
    for part in parts:
        try:
            found = grain_of(part)
        except PeriodError as exc:
            raise ExplainError(f"the {what} '{text}': {exc}") from None
        if found is not grain:
            raise ExplainError(f"the {what} '{part}' is a {found.value}, but this model's actuals are by "
                               f"{grain.value}: write e.g. {_example(grain)}")
    first, last = parts[0], parts[-1]
    if period_index(first, grain) > period_index(last, grain):
        raise ExplainError(f"the {what} '{text}' ends before it starts: write the earlier period first")
    return Window(first=first, last=last, grain=grain)


def _example(grain: Grain) -> str:
    return {Grain.DAY: "2026-04-06", Grain.WEEK: "2026-W14", Grain.MONTH: "2026-04",
            Grain.QUARTER: "2026-Q2"}[grain]


def period_index(label: str, grain: Grain) -> int:
    """Consecutive periods have consecutive indices: a window becomes a slice of a series without
    generating every label in between (labels are slow to make and a 1,000-metric tree reads many)."""
    start = start_of(label, grain)
    if grain is Grain.DAY:
        return start.toordinal()
    if grain is Grain.WEEK:
        return start.toordinal() // 7  # ISO weeks start on Monday, ordinal 1 is a Monday
    if grain is Grain.MONTH:
        return start.year * 12 + start.month - 1
    return start.year * 4 + (start.month - 1) // 3


def aggregate(values: list[float], how: Aggregation) -> float:
    if how is Aggregation.SUM:
        return float(sum(values))
    if how is Aggregation.MEAN:
        return float(sum(values)) / len(values)
    return values[-1]


class ActualsTable:
    """The snapshot's whole-population series, indexed for reading windows quickly."""

    def __init__(self, actuals: Actuals) -> None:
        self.grain = actuals.grain
        self._series: dict[str, tuple[int, tuple[float | None, ...]]] = {
            s.metric: (period_index(s.start, self.grain), s.values)
            for s in actuals.series if s.segment == ALL_SEGMENTS}

    def has(self, metric_id: str) -> bool:
        return metric_id in self._series

    def values(self, metric_id: str, window: Window) -> list[float] | None:
        """The metric's value in every period of the window, or None when any is missing."""
        found = self._series.get(metric_id)
        if found is None:
            return None
        offset, values = found
        out: list[float] = []
        for index in window.indices:
            i = index - offset
            value = values[i] if 0 <= i < len(values) else None
            if value is None:
                return None
            out.append(value)
        return out

    def missing_periods(self, metric_id: str, window: Window) -> list[str]:
        found = self._series.get(metric_id)
        offset, values = found if found is not None else (0, ())
        missing = []
        for k, index in enumerate(window.indices):
            i = index - offset
            if not (0 <= i < len(values) and values[i] is not None):
                missing.append(shift(window.first, window.grain, k))
        return missing
