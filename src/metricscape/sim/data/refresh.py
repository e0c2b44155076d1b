"""Refresh: re-read every declared source (and every metric's query) and say what changed.

Pure: takes a tree and the model's path, returns the new tree and the periods added or changed;
the app pushes the new actuals as one undoable edit, the command line saves them.
"""

from __future__ import annotations

import math
import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from metricscape.model import MetricTree
from metricscape.model.actuals import ALL_SEGMENTS, Actuals, Series
from metricscape.model.periods import Grain, PeriodError

from .importer import series_from, with_actuals
from .period_reading import read_period
from .query import QueryError, Table, run_query
from .rollup import SIGNIFICANT_DIGITS, SeriesKey, read_source


@dataclass(frozen=True)
class PeriodChange:
    metric: str
    segment: str
    period: str
    old: float | None  # None: the period is new
    new: float | None  # None: the period is gone from the data

    def to_dict(self) -> dict[str, object]:
        return {"metric": self.metric, "segment": self.segment, "period": self.period, "old": self.old,
                "new": self.new}


@dataclass(frozen=True)
class Refreshed:
    tree: MetricTree
    added: tuple[PeriodChange, ...]
    changed: tuple[PeriodChange, ...]


def refresh_actuals(tree: MetricTree, model_path: str | os.PathLike[str]) -> Refreshed:
    base = Path(model_path).resolve().parent
    grain = tree.actuals.grain
    read: dict[SeriesKey, Series] = {}
    for source in tree.actuals.sources:
        read.update(read_source(source, base, tree, grain).series)
    tables = {s.table: Table(base / s.path, s.format, s.sheet) for s in tree.actuals.sources}
    for setting in tree.actuals.metric_sources:
        if setting.query:
            read.update({(s.metric, s.segment): s for s in series_from(
                query_values(setting.metric, setting.query, tables, tree, grain), grain)})
    fresh = tuple(read[key] for key in sorted(read))
    keys = {(s.metric, s.segment) for s in fresh}
    kept = tuple(s for s in tree.actuals.series if (s.metric, s.segment) not in keys)
    actuals = tree.actuals.model_copy(update={"series": tuple(sorted(kept + fresh, key=lambda s: (s.metric, s.segment)))})
    new_tree = with_actuals(tree, actuals)
    added, changed = differences(tree.actuals, new_tree.actuals)
    return Refreshed(new_tree, added, changed)


def query_values(metric: str, sql: str, tables: dict[str, Table], tree: MetricTree, grain: Grain
                 ) -> dict[SeriesKey, dict[str, float]]:
    """A metric's actuals from its query: rows of (period, value) or (period, segment, value)."""
    owner = f"the query of '{metric}'"
    rows = run_query(sql, tables, owner)
    aggregation = tree.actuals.aggregation(tree.metric(metric)).value
    by_period: dict[SeriesKey, dict[str, list[tuple[object, float]]]] = defaultdict(lambda: defaultdict(list))
    for i, row in enumerate(rows, start=1):
        if len(row) not in (2, 3):
            raise QueryError(owner, f"a query returns the columns period, [segment,] value; this one returns "
                             f"{len(row)}")
        period, value = row[0], row[-1]
        segment = str(row[1]).strip() if len(row) == 3 and row[1] is not None else ALL_SEGMENTS
        segment = ALL_SEGMENTS if segment.lower() == "all" else segment
        try:
            label, day = read_period(period, grain)
        except PeriodError as exc:
            raise QueryError(owner, str(exc), where=f"result row {i}") from None
        if value is None:
            continue
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise QueryError(owner, f"'{value}' is not a number", where=f"result row {i}") from None
        by_period[(metric, segment)][label].append((day, number))
    out: dict[SeriesKey, dict[str, float]] = {}
    for key, periods in by_period.items():
        out[key] = {label: _rounded(_aggregate(aggregation, points)) for label, points in periods.items()}
    return out


def _aggregate(aggregation: str, points: list[tuple[object, float]]) -> float:
    numbers = [value for _, value in points]
    if aggregation == "sum":
        return math.fsum(numbers)
    if aggregation == "mean":
        return math.fsum(numbers) / len(numbers)
    return max(points, key=lambda point: str(point[0]))[1]


def _rounded(value: float) -> float:
    return float(f"{value:.{SIGNIFICANT_DIGITS}g}")


def differences(old: Actuals, new: Actuals) -> tuple[tuple[PeriodChange, ...], tuple[PeriodChange, ...]]:
    """Periods that appeared, and periods whose value changed (or disappeared), per series."""
    added: list[PeriodChange] = []
    changed: list[PeriodChange] = []
    for series in new.series:
        before = _values(old.find(series.metric, series.segment))
        for period, value in series.as_dict().items():
            if period not in before:
                added.append(PeriodChange(series.metric, series.segment, period, None, value))
            elif before[period] != value:
                changed.append(PeriodChange(series.metric, series.segment, period, before[period], value))
        for period in sorted(set(before) - set(series.as_dict())):
            changed.append(PeriodChange(series.metric, series.segment, period, before[period], None))
    return tuple(added), tuple(changed)


def _values(series: Series | None) -> dict[str, float]:
    return series.as_dict() if series is not None else {}

