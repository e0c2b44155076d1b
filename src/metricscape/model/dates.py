"""Date arithmetic that stays inside the calendar: a file may hold any date from 0001-01-01 to
9999-12-31, and adding a review cadence to the last one must not crash (``date + timedelta``
raises OverflowError past the year 9999)."""

from __future__ import annotations

import datetime as dt


def add_days(day: dt.date, days: int) -> dt.date | None:
    """``day`` plus ``days``, or None when that falls outside the calendar (before year 1, after 9999)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return None
