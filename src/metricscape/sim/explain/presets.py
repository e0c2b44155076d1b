"""The comparisons a PM asks for in a weekly review, worked out from the periods the actuals hold:
"last week vs the week before", "last 4 weeks vs the 4 before", "same week last year".

"Last" is the latest period in which the explained metric has a value (any metric's, when it has
no actuals of its own: a formula metric is then valued from its inputs). A comparison whose earlier
window starts before the first period of data is left out, so every choice offered can be answered.
"""

from __future__ import annotations

from dataclasses import dataclass

from metricscape.model.actuals import ALL_SEGMENTS, Actuals
from metricscape.model.periods import Grain, shift, year_earlier

from .windows import Window, period_index

# How many periods "the last few" are, per grain: a week of days, a month of weeks, a quarter of months.
RANGE_LENGTH = {Grain.DAY: 7, Grain.WEEK: 4, Grain.MONTH: 3, Grain.QUARTER: 2}
_NOUN = {Grain.DAY: "day", Grain.WEEK: "week", Grain.MONTH: "month", Grain.QUARTER: "quarter"}


@dataclass(frozen=True)
class Comparison:
    key: str         # stable: "previous", "previous_range", "year_ago", "year_ago_range"
    label: str       # what the picker shows
    before: Window
    after: Window


def data_span(actuals: Actuals, metric_id: str | None = None) -> tuple[str, str] | None:
    """The first period with any value, and the latest period with a value of ``metric_id`` (of any
    metric when it has none); None without actuals."""
    grain = actuals.grain
    whole = [s for s in actuals.series if s.segment == ALL_SEGMENTS and any(v is not None for v in s.values)]
    if not whole:
        return None
    first = min((s.start for s in whole), key=lambda label: period_index(label, grain))
    own = [s for s in whole if s.metric == metric_id] or whole
    last = max((_last_label(s.start, s.values, grain) for s in own), key=lambda label: period_index(label, grain))
    return first, last


def _last_label(start: str, values: tuple[float | None, ...], grain: Grain) -> str:
    last = max(i for i, v in enumerate(values) if v is not None)
    return shift(start, grain, last)


def comparisons(actuals: Actuals, metric_id: str | None = None) -> list[Comparison]:
    """The preset comparisons that fit inside the data, most asked-for first."""
    span = data_span(actuals, metric_id)
    if span is None:
        return []
    first, last = span
    grain, n, noun = actuals.grain, RANGE_LENGTH[actuals.grain], _NOUN[actuals.grain]
    latest = Window(last, last, grain)
    recent = Window(shift(last, grain, -(n - 1)), last, grain)
    found = [
        Comparison("previous", f"Last {noun} vs the {noun} before",
                   Window(shift(last, grain, -1), shift(last, grain, -1), grain), latest),
        Comparison("previous_range", f"Last {n} {noun}s vs the {n} before",
                   Window(shift(last, grain, -(2 * n - 1)), shift(last, grain, -n), grain), recent),
        Comparison("year_ago", f"Last {noun} vs the same {noun} last year",
                   Window(year_earlier(last, grain), year_earlier(last, grain), grain), latest),
        Comparison("year_ago_range", f"Last {n} {noun}s vs the same {n} last year",
                   Window(year_earlier(recent.first, grain), year_earlier(recent.last, grain), grain), recent),
    ]
    start = period_index(first, grain)
    return [c for c in found if period_index(c.before.first, grain) >= start
            and period_index(c.before.first, grain) <= period_index(c.before.last, grain)]


def periods_of(actuals: Actuals) -> list[str]:
    """Every period from the first to the last one with data, for a custom choice."""
    span = data_span(actuals)
    if span is None:
        return []
    grain = actuals.grain
    first = span[0]
    last = max((_last_label(s.start, s.values, grain) for s in actuals.series
                if s.segment == ALL_SEGMENTS and any(v is not None for v in s.values)),
               key=lambda label: period_index(label, grain))
    count = period_index(last, grain) - period_index(first, grain) + 1
    return [shift(first, grain, i) for i in range(count)]
