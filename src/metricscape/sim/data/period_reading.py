"""Reading the period column: dates (rolled up to the model's grain) or labels taken as they are."""

from __future__ import annotations

import datetime as dt
import re

from metricscape.model.periods import Grain, PeriodError, grain_of, label_of, start_of

_DATE_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
# Which label grains roll up exactly into which: days into anything, months into quarters.
_NESTS = {Grain.DAY: set(Grain), Grain.WEEK: {Grain.WEEK}, Grain.MONTH: {Grain.MONTH, Grain.QUARTER},
          Grain.QUARTER: {Grain.QUARTER}}


def read_period(raw: object, grain: Grain) -> tuple[str, dt.date]:
    """The label at ``grain`` of the period ``raw`` names, and the day it starts (for 'last').

    Raises PeriodError with a message that says what a valid period looks like."""
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    if isinstance(raw, dt.date):
        return label_of(raw, grain), raw
    text = str(raw).strip()
    match = _DATE_TIME.match(text)
    if match:
        text = match.group(1)
    own = grain_of(text)
    day = start_of(text, own)
    if grain not in _NESTS[own]:
        if own is Grain.WEEK:
            raise PeriodError(f"'{text}' is a week, and weeks do not fit into {grain.value}s; "
                              "give dates, or choose the week grain")
        raise PeriodError(f"'{text}' is a {own.value}, longer than a {grain.value}; give dates, "
                          f"or choose the {own.value} grain")
    return label_of(day, grain), day


def guess_grain(samples: list[object]) -> Grain:
    """The grain of the labels in a file (week for dates): what an import uses when none is chosen."""
    for raw in samples:
        if isinstance(raw, (dt.date, dt.datetime)):
            return Grain.WEEK
        text = str(raw).strip()
        try:
            own = grain_of(text)
        except PeriodError:
            continue
        return Grain.WEEK if own is Grain.DAY else own
    return Grain.WEEK
