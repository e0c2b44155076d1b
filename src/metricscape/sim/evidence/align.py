"""Series as arrays on one integer time axis, so two metrics line up by period without label parsing.

Labels are parsed once per series (their first period); after that a period is an integer index,
and two series align by slicing. Non-positive values have no logarithm and count as missing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from metricscape.model.actuals import Series
from metricscape.model.periods import Grain, start_of

FloatArray = npt.NDArray[np.float64]

_MONDAY_1970 = dt.date(1970, 1, 5)


def period_index(label: str, grain: Grain) -> int:
    """Consecutive periods get consecutive integers (and index % periods_per_year is the season)."""
    start = start_of(label, grain)
    if grain is Grain.DAY:
        return start.toordinal()
    if grain is Grain.WEEK:
        return (start - _MONDAY_1970).days // 7
    if grain is Grain.MONTH:
        return start.year * 12 + start.month - 1
    return start.year * 4 + (start.month - 1) // 3


def season_of(index: int, grain: Grain) -> int:
    """The position in the seasonal cycle of period ``index``: ISO week - 1 (week 53 joins 52), day of
    the week for days (the weekly cycle), month or quarter of the year."""
    if grain is Grain.WEEK:  # ISO weeks: use the calendar, a year has 52 or 53 of them
        monday = _MONDAY_1970 + dt.timedelta(weeks=index)
        return min(monday.isocalendar()[1], 52) - 1
    if grain is Grain.DAY:
        return dt.date.fromordinal(index).weekday()
    return index % (12 if grain is Grain.MONTH else 4)


@lru_cache(maxsize=4096)
def seasons(first: int, count: int, grain: Grain) -> npt.NDArray[np.int64]:
    """The season of each of ``count`` periods from index ``first`` (cached: models share their calendar)."""
    out = np.array([season_of(first + i, grain) for i in range(count)], dtype=np.int64)
    out.flags.writeable = False
    return out


@dataclass(frozen=True)
class LogSeries:
    """log(value) per period from ``first`` on; NaN where the value is missing or not positive."""

    first: int
    logs: FloatArray
    levels: FloatArray

    @classmethod
    def of(cls, series: Series, grain: Grain) -> LogSeries:
        levels = np.array([np.nan if v is None else v for v in series.values], dtype=np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            logs = np.where(levels > 0, np.log(np.where(levels > 0, levels, 1.0)), np.nan)
        return cls(period_index(series.start, grain), logs, levels)

    @property
    def end(self) -> int:
        return self.first + len(self.logs)


@dataclass(frozen=True)
class Aligned:
    """Two series over the periods both cover: index ``first`` + i is row i."""

    first: int
    x: FloatArray  # logs of the driver
    y: FloatArray  # logs of the target

    @property
    def both(self) -> npt.NDArray[np.bool_]:
        return np.isfinite(self.x) & np.isfinite(self.y)


def align(x: LogSeries, y: LogSeries) -> Aligned:
    first, end = max(x.first, y.first), min(x.end, y.end)
    if end <= first:
        empty = np.empty(0, dtype=np.float64)
        return Aligned(first, empty, empty)
    return Aligned(first, x.logs[first - x.first:end - x.first], y.logs[first - y.first:end - y.first])
