"""Reporting periods: a grain (day, ISO week, month, quarter) and the labels files use for them.

Labels are the stable, human-readable keys of the actuals snapshot: ``2026-03-05`` (day),
``2026-W14`` (ISO week), ``2026-03`` (month), ``2026-Q1`` (quarter). Hand-written because the
standard library has the calendar arithmetic and no library adds labels we would want in files.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum

# Years outside this range are refused: far dates would overflow date arithmetic downstream.
MIN_YEAR, MAX_YEAR = 1900, 2200


class Grain(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"

    @property
    def periods_per_year(self) -> int:
        return {"day": 365, "week": 52, "month": 12, "quarter": 4}[self.value]


class PeriodError(ValueError):
    """A period label or date that cannot be read; the message says what a valid one looks like."""


_PATTERNS: dict[Grain, re.Pattern[str]] = {
    Grain.DAY: re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"),
    Grain.WEEK: re.compile(r"^(\d{4})-W(\d{2})$"),
    Grain.MONTH: re.compile(r"^(\d{4})-(\d{2})$"),
    Grain.QUARTER: re.compile(r"^(\d{4})-Q([1-4])$"),
}


def grain_of(label: str) -> Grain:
    """The grain a label is written in (raises PeriodError)."""
    for grain, pattern in _PATTERNS.items():
        if pattern.match(label):
            start_of(label, grain)  # validates the numbers too
            return grain
    raise PeriodError(f"'{label}' is not a period: write 2026-03-05 (day), 2026-W14 (week), "
                      "2026-03 (month) or 2026-Q1 (quarter)")


def start_of(label: str, grain: Grain) -> dt.date:
    """The first day of the period a label names."""
    match = _PATTERNS[grain].match(label)
    if not match:
        raise PeriodError(f"'{label}' is not a {grain.value} label")
    year, part = int(match.group(1)), int(match.group(2))
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(f"'{label}': the year must lie between {MIN_YEAR} and {MAX_YEAR}")
    try:
        if grain is Grain.DAY:
            return dt.date(year, part, int(match.group(3)))
        if grain is Grain.WEEK:
            return dt.date.fromisocalendar(year, part, 1)
        if grain is Grain.MONTH:
            return dt.date(year, part, 1)
        return dt.date(year, 3 * (part - 1) + 1, 1)
    except ValueError:
        raise PeriodError(f"'{label}' names no real {grain.value}") from None


def label_of(day: dt.date, grain: Grain) -> str:
    """The label of the period of ``grain`` that contains ``day``."""
    if grain is Grain.DAY:
        return day.isoformat()
    if grain is Grain.WEEK:
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if grain is Grain.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"


def shift(label: str, grain: Grain, steps: int) -> str:
    """The label ``steps`` periods later (earlier when negative)."""
    start = start_of(label, grain)
    if grain is Grain.DAY:
        return label_of(start + dt.timedelta(days=steps), grain)
    if grain is Grain.WEEK:
        return label_of(start + dt.timedelta(weeks=steps), grain)
    months = 3 if grain is Grain.QUARTER else 1
    index = start.year * 12 + start.month - 1 + steps * months
    return label_of(dt.date(index // 12, index % 12 + 1, 1), grain)


def periods_between(first: str, last: str, grain: Grain) -> list[str]:
    """Every label from ``first`` to ``last`` inclusive, in order."""
    out, label, end = [], first, start_of(last, grain)
    while start_of(label, grain) <= end:
        out.append(label)
        label = shift(label, grain, 1)
    return out


def year_earlier(label: str, grain: Grain) -> str:
    """The same period a year before (ISO week 53 maps to week 52)."""
    if grain is Grain.WEEK:
        start = start_of(label, grain)
        year, week, _ = start.isocalendar()
        return f"{year - 1:04d}-W{min(week, 52):02d}"
    return shift(label, grain, -grain.periods_per_year)
