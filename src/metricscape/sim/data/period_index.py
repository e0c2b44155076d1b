"""Periods as consecutive integers: the SQL that numbers a date's period (and the day's slot in it),
and the same numbering in Python for labels and for turning numbers back into dates.

Numbers instead of dates keep the per-row work of a 10-million-row roll-up to integer arithmetic
and let numpy place each period's value in a series by subtraction, with no sort. Day 0 is
0001-01-01, a Monday, so day // 7 counts ISO weeks; months count year * 12 + month - 1.
"""

from __future__ import annotations

import datetime as dt

from metricscape.model.periods import Grain

_DAY0 = "DATE '0001-01-01'"
# DuckDB's '//' and '%' truncate toward zero; this multiple of 7 lifts every DuckDB day number
# (|days| < 2^31) above zero first, so they floor, as calendar arithmetic needs.
_LIFT = 7 * 2**29
_US_PER_DAY = 86_400_000_000
_UNIX_DAY0 = dt.date(1970, 1, 1).toordinal() - 1  # 1970-01-01 as a day number


def date_sql(column: str, kind: str) -> str:
    """A DATE expression for a period column of DuckDB type ``kind`` (DATE or a TIMESTAMP)."""
    if kind == "DATE":
        return column
    if kind == "TIMESTAMP WITH TIME ZONE":
        # The instant's day in UTC, from the stored microseconds: the same day on every machine (the
        # session time zone would move midnight UTC to the day before west of Greenwich), and a
        # tenth of the cost of a time-zone cast per row.
        return (f"({_DAY0} + CAST(({_floor_div(f'epoch_us({column})', _US_PER_DAY)}) + {_UNIX_DAY0} "
                "AS INTEGER))")
    return f"CAST({column} AS DATE)"


def number_sql(date: str, grain: Grain) -> tuple[str, str]:
    """(period number, slot of the day within its period) for the DATE expression ``date``."""
    day = f"({date} - {_DAY0})"
    if grain is Grain.DAY:
        return day, "0"
    if grain is Grain.WEEK:
        return f"(({day} + {_LIFT}) // 7 - {_LIFT // 7})", f"(({day} + {_LIFT}) % 7)"
    if grain is Grain.MONTH:
        return f"(year({date}) * 12 + month({date}) - 1)", f"(day({date}) - 1)"
    return (f"(year({date}) * 4 + (month({date}) - 1) // 3)",
            f"CAST({date} - CAST(date_trunc('quarter', {date}) AS DATE) AS INTEGER)")


def number_of(day: dt.date, grain: Grain) -> int:
    """The period number of the period of ``grain`` holding ``day`` (as ``number_sql`` counts)."""
    if grain is Grain.DAY:
        return day.toordinal() - 1
    if grain is Grain.WEEK:
        return (day.toordinal() - 1) // 7
    if grain is Grain.MONTH:
        return day.year * 12 + day.month - 1
    return day.year * 4 + (day.month - 1) // 3


def start_of_number(number: int, grain: Grain) -> dt.date:
    """The first day of period ``number`` (ValueError outside the years Python's dates hold)."""
    if grain is Grain.DAY:
        return dt.date.fromordinal(number + 1)
    if grain is Grain.WEEK:
        return dt.date.fromordinal(number * 7 + 1)
    if grain is Grain.MONTH:
        return dt.date(number // 12, number % 12 + 1, 1)
    return dt.date(number // 4, number % 4 * 3 + 1, 1)


def _floor_div(value: str, divisor: int) -> str:
    return f"(({value}) - ((({value}) % {divisor}) + {divisor}) % {divisor}) // {divisor}"
