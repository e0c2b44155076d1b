"""The actuals overlay: under each card's value, the latest actual with its period, its change
against the previous period and the same period a year earlier, and a sparkline of recent periods.

The overlay leaves the card's number alone (baseline, formula or what-if keep their meaning); it
adds an ``ActualLine`` read from one segment's series (the whole population by default). A
comparison across a recorded definition change says so instead of showing a move that is only a
redefinition.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

from metricscape.model import MetricTree
from metricscape.model.actuals import ALL_SEGMENTS, Series
from metricscape.model.metric import Direction, Metric
from metricscape.model.numbers import change_is_good, format_change, format_value
from metricscape.model.periods import shift, year_earlier

from .actual_line import NEW_DEFINITION, ActualLine, Change
from .cards import Source
from .overlays import CardMark, Facts, Marks

SPARK_PERIODS = 26  # half a year of weeks: enough to see a trend, small enough for a card


def actual_line(tree: MetricTree, metric: Metric, segment: str = ALL_SEGMENTS) -> ActualLine | None:
    """The line for ``metric`` in ``segment``; None when the metric has no actuals at all."""
    actuals = tree.actuals
    series = actuals.find(metric.id, segment)
    if series is None or not any(v is not None for v in series.values):
        if segment != ALL_SEGMENTS and actuals.find(metric.id) is not None:
            return ActualLine(segment=segment, grain=actuals.grain, missing=True)
        return None
    values = series.as_dict()
    latest = max(values)
    value = values[latest]
    grain = actuals.grain
    higher = metric.direction is Direction.HIGHER

    def compare(period: str) -> Change | None:
        before = values.get(period)
        if before is None:
            return None
        if actuals.definition_at(metric.id, period) != actuals.definition_at(metric.id, latest):
            return Change(NEW_DEFINITION, None, period)
        text = format_change(before, value, metric.unit)
        flat = text.startswith("±0")  # rounds to no change: neither good nor bad
        return Change(text, None if flat else change_is_good(before, value, higher), period)

    return ActualLine(period=latest, value=value, value_text=format_value(value, metric.unit),
                      previous=compare(shift(latest, grain, -1)), year=compare(year_earlier(latest, grain)),
                      spark=recent(series, SPARK_PERIODS), segment=segment, grain=grain)


def recent(series: Series, count: int) -> tuple[float | None, ...]:
    """The last ``count`` periods' values up to the latest one with a value (gaps stay None)."""
    values = list(series.values)
    while values and values[-1] is None:
        values.pop()
    return tuple(values[-count:])


def baseline_from_actuals(series: Series, last: int = 1) -> tuple[float, str] | None:
    """The baseline the actuals suggest: the latest period's value (``last`` = 1) or the mean of the
    last ``last`` periods with values; with the words for the undo step. None without values."""
    values = series.as_dict()
    if not values:
        return None
    periods = sorted(values)[-max(1, last):]
    numbers = [values[p] for p in periods]
    if len(periods) == 1:
        return numbers[0], f"the actual of {periods[0]}"
    mean = statistics.fmean(numbers)
    return mean, f"the mean of {len(periods)} periods ({periods[0]} to {periods[-1]})"


@dataclass(frozen=True)
class ActualsOverlay:
    """Show the actuals of ``segment`` ("" = the whole population) under the cards' values."""

    segment: str = ALL_SEGMENTS
    name: str = "actuals"

    def marks(self, facts: Facts) -> Marks:
        tree = facts.tree
        if not tree.actuals.series:
            return Marks()
        cards: dict[str, CardMark] = {}
        for metric in tree.metrics:
            line = actual_line(tree, metric, self.segment)
            if line is not None:
                value = line.value if line.value is not None and math.isfinite(line.value) else None
                cards[metric.id] = CardMark(value, Source.ACTUALS, note=line.note(metric.name), actual=line)
        return Marks(cards=cards, detail=self.segment)
