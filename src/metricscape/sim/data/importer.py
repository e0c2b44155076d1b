"""Import a data file into a model: declare it as a source, read it, and put its series in the tree.

The result is a whole new tree (one edit for the app, one save for the command line) or a
DataError: nothing is half-imported.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
from pydantic import ValidationError

from metricscape.model import MetricTree
from metricscape.model.actuals import Actuals, Series
from metricscape.model.periods import Grain, periods_between
from metricscape.model.sources import Source, SourceShape

from .errors import DataError
from .files import columns, format_of, readable, scan_sql
from .matching import MetricMatcher
from .period_reading import guess_grain
from .rollup import SeriesKey, SourceRead, connection, read_opened

PERIOD_COLUMNS = ("period", "date", "day", "week", "month", "quarter")


@dataclass(frozen=True)
class Matched:
    name: str    # as written in the file (a metric name, or a column of a wide file)
    metric: str  # the metric id it feeds


@dataclass(frozen=True)
class Unmatched:
    name: str
    suggestions: tuple[str, ...]  # metric ids with similar names, best first


@dataclass(frozen=True)
class ImportResult:
    tree: MetricTree
    source: Source
    matched: tuple[Matched, ...]
    unmatched: tuple[Unmatched, ...]
    series: tuple[Series, ...]  # the series this file gave (whole population and segments)
    rows: int

    def to_dict(self) -> dict[str, object]:
        return {"source": self.source.path, "format": self.source.format.value, "shape": self.source.shape.value,
                "grain": self.tree.actuals.grain.value, "rows": self.rows,
                "matched": [{"name": m.name, "metric": m.metric} for m in self.matched],
                "unmatched": [{"name": u.name, "suggestions": list(u.suggestions)} for u in self.unmatched],
                "series": [{"metric": s.metric, "segment": s.segment, "first": s.start,
                            "last": s.periods()[-1] if s.values else s.start, "periods": len(s.values)}
                           for s in self.series]}


def import_actuals(tree: MetricTree, data: str | os.PathLike[str], model_path: str | os.PathLike[str], *,
                   grain: Grain | None = None, names: dict[str, str] | None = None, sheet: str = "") -> ImportResult:
    """Read ``data`` into ``tree``'s actuals: its series replace earlier ones of the same metric and
    segment, and the file becomes a declared source (path relative to the model's folder)."""
    data_path, base = Path(data), Path(model_path).resolve().parent
    ids = tree.metrics_by_id()
    for name, metric in (names or {}).items():
        if metric not in ids:
            close = MetricMatcher(tree, {}).suggestions(metric)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise DataError(str(data_path), f"'{name}' is to feed '{metric}', which is not a metric id of the "
                            f"model{hint}")
    fmt = format_of(data_path)
    relative = _relative(data_path, base)
    with readable(data_path, fmt, sheet) as (file, read_fmt), connection() as con:
        scan = scan_sql(file, read_fmt)
        kinds = dict(columns(con, scan, str(data_path)))
        source = _source_for(data_path, relative, tree, names or {}, sheet, list(kinds))
        if grain is None:
            grain = tree.actuals.grain if tree.actuals.series else _guess(con, scan, source, kinds)
        if tree.actuals.series and grain is not tree.actuals.grain:
            raise DataError(str(data_path), f"the model's actuals are by {tree.actuals.grain.value}; importing by "
                            f"{grain.value} would mix grains (import by {tree.actuals.grain.value}, or start a "
                            "new model)")
        read = read_opened(con, file, read_fmt, source, base, tree, grain, kinds)
    if not read.matched:
        raise DataError(str(data_path), "no name in the file matches a metric of the model"
                        + _unmatched_hint(read))
    series = tuple(read.series[key] for key in sorted(read.series))
    actuals = merge(tree.actuals.model_copy(update={"grain": grain}), source, series)
    return ImportResult(
        tree=with_actuals(tree, actuals),
        source=source, rows=read.rows, series=series,
        matched=tuple(Matched(n, m) for n, m in sorted(read.matched.items())),
        unmatched=tuple(Unmatched(n, tuple(s)) for n, s in sorted(read.unmatched.items())))


def with_actuals(tree: MetricTree, actuals: Actuals) -> MetricTree:
    """The tree with new actuals, checked as a whole (metric references, grains); the series are
    already validated objects, so their values are not checked a second time."""
    fields = {name: getattr(tree, name) for name in MetricTree.model_fields}
    try:
        return MetricTree(**(fields | {"actuals": actuals}))
    except ValidationError as exc:  # checked before; a safety net so no import ends in a traceback
        problem = exc.errors()[0]["msg"].removeprefix("Value error, ")
        raise DataError("the model", f"the actuals would not fit the model: {problem}") from None


def describe_source(data_path: Path, base: Path, tree: MetricTree, names: dict[str, str], sheet: str) -> Source:
    """The source declaration for a file: format from the extension, shape and columns from its header."""
    fmt = format_of(data_path)
    relative = _relative(data_path, base)
    with readable(data_path, fmt, sheet) as (file, read_fmt), connection() as con:
        available = [name for name, _ in columns(con, scan_sql(file, read_fmt), str(data_path))]
    return _source_for(data_path, relative, tree, names, sheet, available)


def _relative(data_path: Path, base: Path) -> str:
    try:
        return Path(os.path.relpath(data_path.resolve(), base)).as_posix()
    except ValueError:  # another drive on Windows: no relative path exists
        raise DataError(str(data_path), "the data file must be on the same drive as the model") from None


def _source_for(data_path: Path, relative: str, tree: MetricTree, names: dict[str, str], sheet: str,
                available: list[str]) -> Source:
    fmt = format_of(data_path)
    lower = {name.strip().lower(): name for name in available}
    period = next((lower[c] for c in PERIOD_COLUMNS if c in lower), None)
    if period is None:
        raise DataError(str(data_path), "there is no period column: name the column with the dates or "
                        "periods 'period' or 'date'", where=f"columns {', '.join(available)}")
    existing = {s.table for s in tree.actuals.sources if s.path != relative}
    common = {"path": relative, "format": fmt, "table": _table_name(data_path, existing), "period_column": period,
              "sheet": sheet, "names": {**_previous_names(tree, relative), **names}}
    if "metric" in lower and "value" in lower:
        return Source(shape=SourceShape.LONG, metric_column=lower["metric"], value_column=lower["value"],
                      segment_column=lower.get("segment", ""), **common)  # type: ignore[arg-type]
    if "metric" in lower or "value" in lower:
        missing = "value" if "metric" in lower else "metric"
        raise DataError(str(data_path), f"a long file needs the columns period (or date), metric, value and "
                        f"optionally segment; the column '{missing}' is missing")
    return Source(shape=SourceShape.WIDE, **common)  # type: ignore[arg-type]


def series_from(values: dict[SeriesKey, dict[str, float]], grain: Grain) -> tuple[Series, ...]:
    """Compact series: first period, then one value per consecutive period (None for gaps)."""
    out = []
    for (metric, segment), by_period in sorted(values.items()):
        labels = sorted(by_period, key=lambda label: label)  # labels of one grain sort as they follow
        span = periods_between(labels[0], labels[-1], grain)
        out.append(Series(metric=metric, segment=segment, start=span[0],
                          values=tuple(by_period.get(label) for label in span)))
    return tuple(out)


def merge(actuals: Actuals, source: Source, series: tuple[Series, ...]) -> Actuals:
    """``series`` replace those of the same metric and segment; the source replaces one of the same path."""
    fresh = {(s.metric, s.segment) for s in series}
    kept = tuple(s for s in actuals.series if (s.metric, s.segment) not in fresh)
    sources = tuple(s for s in actuals.sources if s.path != source.path) + (source,)
    return actuals.model_copy(update={"series": tuple(sorted(kept + series, key=lambda s: (s.metric, s.segment))),
                                      "sources": sources})


def _grain_in(data_path: Path, source: Source) -> Grain:
    with readable(data_path, source.format, source.sheet) as (file, fmt), connection() as con:
        scan = scan_sql(file, fmt)
        return _guess(con, scan, source, dict(columns(con, scan, str(data_path))))


def _guess(con: duckdb.DuckDBPyConnection, scan: str, source: Source, kinds: dict[str, str]) -> Grain:
    """The grain the file's periods suggest: week for dates, else the grain of the first labels."""
    kind = kinds.get(source.period_column, "")
    if kind == "DATE" or kind.startswith("TIMESTAMP"):
        return guess_grain([dt.date.min])  # typed dates: no need to read any row
    try:  # the first rows are enough to tell dates from labels
        rows = con.execute(f"SELECT {_quote(source.period_column)} FROM {scan} LIMIT 20").fetchall()
    except duckdb.Error:
        rows = []
    return guess_grain([row[0] for row in rows if row[0] is not None])


def _previous_names(tree: MetricTree, relative: str) -> dict[str, str]:
    previous = next((s for s in tree.actuals.sources if s.path == relative), None)
    return dict(previous.names) if previous else {}


def _table_name(data_path: Path, taken: set[str]) -> str:
    stem = re.sub(r"[^a-z0-9_]+", "_", data_path.stem.lower()).strip("_")[:56] or "data"
    stem = stem if not stem[0].isdigit() else f"t_{stem}"
    name, n = stem, 2
    while name in taken:
        name, n = f"{stem}_{n}", n + 1
    return name


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _unmatched_hint(read: SourceRead) -> str:
    if not read.unmatched:
        return "; the file has no rows"
    parts = []
    for name, suggestions in sorted(read.unmatched.items())[:8]:
        hint = f" (did you mean {', '.join(suggestions)}?)" if suggestions else ""
        parts.append(f"'{name}'{hint}")
    return ": " + "; ".join(parts) + ". Rename them to metric ids or names, or pick the metric for each name"
