"""Reading one declared source into series at the model's grain, in one pass of DuckDB over the file.

The pass groups rows by name, segment and target period and keeps, per group, what any of the
three aggregations needs (sum and count for sum and mean, the latest day's value for last) plus a
bitmap of the days (or months) seen: fewer distinct days than rows means a duplicate row, found
without a second pass. Dates are truncated in SQL; text labels are read once per distinct value in
Python and joined back. Only when a check fails does a slower pass with row numbers find the first
offending row, so the message can name it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import numpy as np

from metricscape.model import MetricTree
from metricscape.model.actuals import Series
from metricscape.model.periods import Grain, PeriodError, label_of, start_of
from metricscape.model.sources import Aggregation, Source, SourceFormat, SourceShape

from .errors import DataError
from .files import columns, first_line, first_row_number, readable, row_word, scan_sql
from .matching import AmbiguousName, MetricMatcher
from .period_reading import read_period

SeriesKey = tuple[str, str]  # (metric id, segment)
SIGNIFICANT_DIGITS = 12  # parallel sums differ in the last bits from run to run: round so a refresh is stable

# Per grain: the SQL for a date's period start and its slot (day or month index) within the period.
_START = {Grain.DAY: "p", Grain.WEEK: "CAST(date_trunc('week', p) AS DATE)",
          Grain.MONTH: "CAST(date_trunc('month', p) AS DATE)", Grain.QUARTER: "CAST(date_trunc('quarter', p) AS DATE)"}
_SLOT = {Grain.DAY: "0", Grain.WEEK: "isodow(p) - 1", Grain.MONTH: "day(p) - 1",
         Grain.QUARTER: "CAST(p - CAST(date_trunc('quarter', p) AS DATE) AS INTEGER)"}
_NUMERIC = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT",
            "FLOAT", "DOUBLE", "DECIMAL")


@dataclass
class SourceRead:
    series: dict[SeriesKey, Series] = field(default_factory=dict)
    matched: dict[str, str] = field(default_factory=dict)       # name or column in the file -> metric id
    unmatched: dict[str, list[str]] = field(default_factory=dict)  # name -> suggested metric ids
    rows: int = 0


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def read_source(source: Source, base: Path, tree: MetricTree, grain: Grain) -> SourceRead:
    path = base / source.path
    with readable(path, source.format, source.sheet) as (file, fmt), connection() as con:
        reader = _Reader(con, str(path), scan_sql(file, fmt), scan_sql(file, fmt, all_text=True), source.format,
                         source, MetricMatcher(tree, source.names), tree, grain)
        return reader.read()


@contextmanager
def connection() -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False})
    con.execute("SET enable_progress_bar = false")  # it would draw on the terminal of the command line
    try:
        yield con
    finally:
        con.close()


@dataclass
class _Reader:
    con: duckdb.DuckDBPyConnection
    file: str
    scan: str
    scan_text: str  # every column as text, for finding the row a problem is in
    fmt: SourceFormat
    source: Source
    matcher: MetricMatcher
    tree: MetricTree
    grain: Grain
    value_columns: list[str] = field(default_factory=list)  # the columns whose cells must be numbers

    def read(self) -> SourceRead:
        kinds = dict(columns(self.con, self.scan, self.file))
        result = SourceRead()
        s = self.source
        needed = [s.period_column] + ([s.metric_column, s.value_column, s.segment_column]
                                      if s.shape is SourceShape.LONG else [])
        for column in needed:
            if column and column not in kinds:
                raise DataError(self.file, f"there is no column '{column}' (columns: {', '.join(kinds)})")
        if s.shape is SourceShape.LONG:
            self.value_columns = [s.value_column]
            long, numeric = self._long_select(kinds), kinds[s.value_column].startswith(_NUMERIC)
        else:
            for name in kinds:
                if name != s.period_column:
                    self._match_one(name, result, where=f"column '{name}'")
            self.value_columns = [n for n in kinds if n in result.matched]  # a notes column may hold text
            long, numeric = self._wide_select(self.value_columns), False
        groups, keys = self._aggregate(long, kinds[s.period_column], numeric)
        result.rows = int(groups["n_rows"].sum())
        if int(groups["n_bad"].sum()):
            self._check_values()
        if s.shape is SourceShape.LONG:
            names = {name for name, _ in keys.values()}
            if "" in names:
                self._missing_name()
            for name in sorted(names):
                self._match_one(name, result, where=f"column '{s.metric_column}'")
        result.series = self._series(groups, keys, result.matched)
        return result

    # --- the one pass over the file -------------------------------------------------------------

    def _long_select(self, kinds: dict[str, str]) -> str:
        s = self.source
        segment = f"CAST({quote(s.segment_column)} AS VARCHAR)" if s.segment_column else "NULL"
        return (f"SELECT {self._period(s.period_column, kinds)} AS p, CAST({quote(s.metric_column)} AS VARCHAR) "
                f"AS m, {segment} AS s, {quote(s.value_column)} AS v FROM {self.scan}")

    def _wide_select(self, metric_columns: list[str]) -> str:
        kinds = dict(columns(self.con, self.scan, self.file))
        period = self._period(self.source.period_column, kinds)
        if not metric_columns:
            return f"SELECT {period} AS p, NULL::VARCHAR AS m, NULL AS s, NULL::VARCHAR AS v FROM {self.scan} WHERE false"
        cast = ", ".join(f"CAST({quote(c)} AS VARCHAR) AS {quote(c)}" for c in metric_columns)
        on = ", ".join(quote(c) for c in metric_columns)
        return (f"SELECT p, m, NULL AS s, v FROM (UNPIVOT (SELECT {period} AS p, {cast} FROM {self.scan}) "
                f"ON {on} INTO NAME m VALUE v)")

    @staticmethod
    def _period(column: str, kinds: dict[str, str]) -> str:
        return f"CAST({quote(column)} AS DATE)" if kinds[column].startswith("TIMESTAMP") else quote(column)

    def _aggregate(self, long: str, period_kind: str, numeric: bool
                   ) -> tuple[dict[str, np.ndarray], dict[int, tuple[str, str]]]:
        if period_kind in ("DATE",) or period_kind.startswith("TIMESTAMP"):
            start, slot, order, source = _START[self.grain], _SLOT[self.grain], "p", f"({long})"
        else:
            self._period_map(long)
            start, slot, order = "pm.start", "pm.slot", "pm.day"
            source = f"(SELECT l.* , pm.start, pm.slot, pm.day FROM ({long}) l JOIN period_map pm ON l.p = pm.raw)"
        value = "CAST(v AS DOUBLE)" if numeric else "TRY_CAST(v AS DOUBLE)"
        # Only what is needed is computed per row: 10 million rows make every expression count.
        bad = ("0" if numeric else
               f"count(*) FILTER (WHERE {value} IS NULL AND trim(coalesce(CAST(v AS VARCHAR), '')) <> '')")
        last = "arg_max(x, ord) FILTER (WHERE x IS NOT NULL)" if self._needs_last() else "NULL::DOUBLE"
        bits = "HUGEINT" if self.grain is Grain.QUARTER else "UBIGINT"  # up to 92 days in a quarter
        # The groups stay in DuckDB; numpy gets numbers only (1.4 million rows of text would cost more
        # than the roll-up) and a small table maps each series' key back to its name and segment.
        sql = f"""
            CREATE TEMP TABLE groups AS SELECT *, hash(m, s) AS series_key FROM (
                SELECT coalesce(m, '') AS m, coalesce(s, '') AS s, period_start, sum(x) AS total,
                       count(x) AS n_values, count(*) AS n_rows, {last} AS last_value,
                       bit_count(bit_or(CAST(1 AS {bits}) << slot)) AS slots, {bad} AS n_bad
                FROM (SELECT m, s, v, {start} AS period_start, {slot} AS slot, {order} AS ord, {value} AS x
                      FROM {source} pm)
                GROUP BY ALL)"""
        try:
            self.con.execute(sql)
        except duckdb.Error as exc:
            self._check_values()  # a value the type sniffer did not expect, deep in the file
            raise DataError(self.file, f"the file could not be read ({first_line(exc)})") from None
        groups = {name: _filled(column) for name, column in self.con.execute(
            "SELECT series_key, period_start, total, n_values, n_rows, last_value, slots, n_bad FROM groups"
        ).fetchnumpy().items()}
        keys = {int(key): (m, s) for key, m, s in self.con.execute(
            "SELECT DISTINCT series_key, m, s FROM groups").fetchall()}
        if len(keys) != len(set(keys.values())):
            raise DataError(self.file, "two names share a hash; rename one of them")  # 2^-64: never seen
        if not len(groups["series_key"]):
            return groups, keys
        starts = groups["period_start"]
        if starts.dtype.kind != "M" or bool(np.any(np.isnat(starts))):
            self._missing_period()
        by_series = np.lexsort((starts.astype("datetime64[D]").astype(np.int64), groups["series_key"]))
        return {name: column[by_series] for name, column in groups.items()}, keys

    def _needs_last(self) -> bool:
        return any(self.tree.actuals.aggregation(m) is Aggregation.LAST for m in self.tree.metrics)

    def _period_map(self, long: str) -> None:
        """Text periods: read each distinct label once, then join (start, slot, day) back."""
        raws, starts, slots, days = [], [], [], []
        for (raw,) in self.con.execute(f"SELECT DISTINCT p FROM ({long}) WHERE p IS NOT NULL").fetchall():
            try:
                label, day = read_period(raw, self.grain)
            except PeriodError as exc:
                column = self.source.period_column
                row = self._first_row(f"trim(CAST({quote(column)} AS VARCHAR)) = {text(str(raw).strip())}")
                raise DataError(self.file, str(exc), where=f"{self._row(row)}, column '{column}'") from None
            start = start_of(label, self.grain)
            raws.append(raw)
            starts.append(start)
            days.append(day)
            slots.append((day - start).days)  # distinct raw periods start on distinct days
        self.con.execute("CREATE TEMP TABLE period_map AS SELECT unnest($1) AS raw, unnest($2) AS start, "
                         "unnest($3) AS slot, unnest($4) AS day", [raws, starts, slots, days])

    # --- matching and checks ---------------------------------------------------------------------

    def _match_one(self, name: str, result: SourceRead, where: str) -> None:
        try:
            metric = self.matcher.match(name)
        except AmbiguousName as exc:
            raise DataError(self.file, f"'{name}' matches {len(exc.metrics)} metrics "
                            f"({', '.join(exc.metrics)}); rename it in the file to one metric's id",
                            where=where) from None
        if metric is None:
            result.unmatched[name] = self.matcher.suggestions(name)
        else:
            result.matched[name] = metric

    def _check_values(self) -> None:
        for column in self.value_columns:
            value = f"CAST({quote(column)} AS VARCHAR)"
            row = self._first_row(f"TRY_CAST({value} AS DOUBLE) IS NULL AND trim(coalesce({value}, '')) <> ''",
                                  shown=value)
            if row is not None:
                number, raw = row
                raise DataError(self.file, f"'{raw}' is not a number: write a plain number such as 1234.5 "
                                "(no units, currency signs or thousands separators; 0.05 for 5 %), or leave "
                                "it empty", where=f"{self._row((number, raw))}, column '{column}'")

    def _missing_period(self) -> None:
        column = self.source.period_column
        row = self._first_row(f"trim(coalesce(CAST({quote(column)} AS VARCHAR), '')) = ''")
        raise DataError(self.file, "the period is empty; every row needs a date or a period label",
                        where=f"{self._row(row)}, column '{column}'")

    def _missing_name(self) -> None:
        column = self.source.metric_column
        row = self._first_row(f"trim(coalesce(CAST({quote(column)} AS VARCHAR), '')) = ''")
        raise DataError(self.file, "the metric is empty; every row names the metric it measures",
                        where=f"{self._row(row)}, column '{column}'")

    def _duplicate(self, metric: str, segment: str, start: Any, names: list[str]) -> None:
        s = self.source
        label = label_of(start, self.grain)
        condition = "true"
        if s.shape is SourceShape.LONG:
            condition = f"CAST({quote(s.metric_column)} AS VARCHAR) IN ({', '.join(text(n) for n in names)})"
            if s.segment_column:
                column = f"trim(coalesce({quote(s.segment_column)}, ''))"
                condition += f" AND CASE WHEN lower({column}) IN ('', 'all') THEN '' ELSE {column} END = {text(segment)}"
        rows, when = self._rows(condition, label)
        where = f"{row_word(self.fmt)}s {' and '.join(str(r) for r in rows)}" if rows else ""
        in_segment = f" in segment '{segment}'" if segment else ""
        raise DataError(self.file, f"'{metric}'{in_segment} has two values for {when or label}; keep one row per "
                        "period, metric and segment (or add a segment column that tells them apart)", where=where)

    # --- series ------------------------------------------------------------------------------------

    def _series(self, groups: dict[str, np.ndarray], keys: dict[int, tuple[str, str]], matched: dict[str, str]
                ) -> dict[SeriesKey, Series]:
        series_keys = groups["series_key"]
        if not len(series_keys):
            return {}
        starts = groups["period_start"].astype("datetime64[D]")
        duplicates = np.nonzero(groups["n_rows"] > groups["slots"])[0]
        if len(duplicates):
            i = int(duplicates[0])
            name, segment = keys[int(series_keys[i])]
            self._duplicate(matched.get(name, name), _segment(segment), starts[i].item(), [name])
        metrics = self.tree.metrics_by_id()
        parts: dict[SeriesKey, list[tuple[np.ndarray, np.ndarray, str]]] = defaultdict(list)
        bounds = np.flatnonzero(series_keys[1:] != series_keys[:-1]) + 1
        for a, b in zip(np.r_[0, bounds], np.r_[bounds, len(series_keys)], strict=True):
            name, segment = keys[int(series_keys[a])]
            metric = matched.get(name)
            if metric is None:
                continue
            aggregation = self.tree.actuals.aggregation(metrics[metric])
            with np.errstate(invalid="ignore", divide="ignore"):
                values = {Aggregation.SUM: groups["total"][a:b],
                          Aggregation.MEAN: groups["total"][a:b] / groups["n_values"][a:b],
                          Aggregation.LAST: groups["last_value"][a:b]}[aggregation]
            values = np.where(groups["n_values"][a:b] > 0, np.asarray(values, dtype=float), np.nan)
            parts[(metric, _segment(segment))].append((starts[a:b], values, name))
        out = {}
        for (metric, segment), pieces in sorted(parts.items()):
            days = np.concatenate([p[0] for p in pieces])
            if len(pieces) > 1 and len(np.unique(days)) < len(days):  # two spellings of one metric
                repeated = days[np.argsort(days)][np.flatnonzero(np.diff(np.sort(days).astype(int)) == 0)[0]]
                self._duplicate(metric, segment, repeated.item(), [p[2] for p in pieces])
            values = np.concatenate([p[1] for p in pieces])
            out[(metric, segment)] = self._one_series(metric, segment, days, values)
        return out

    def _one_series(self, metric: str, segment: str, days: np.ndarray, values: np.ndarray) -> Series:
        index = _period_index(days, self.grain)
        first = int(index.min())
        filled = np.full(int(index.max()) - first + 1, np.nan)
        filled[index - first] = rounded(values)
        start = days[int(np.argmin(index))].item()
        cells: list[float | None] = filled.tolist()
        if np.isnan(filled).any():
            cells = [None if v is None or math.isnan(v) else v for v in cells]  # gaps are null in the file
        return Series(metric=metric, segment=segment, start=label_of(start, self.grain), values=tuple(cells))

    # --- finding rows ------------------------------------------------------------------------------

    def _numbered(self) -> str:
        return f"(SELECT row_number() OVER () AS row_number_, * FROM {self.scan_text})"

    def _first_row(self, condition: str, shown: str = "''") -> tuple[int, str] | None:
        self.con.execute("SET threads = 1")  # scan order = file order, so row numbers are the file's
        row = self.con.execute(f"SELECT row_number_, {shown} FROM {self._numbered()} WHERE {condition} "
                               "ORDER BY row_number_ LIMIT 1").fetchone()
        return (int(row[0]), str(row[1])) if row else None

    def _rows(self, condition: str, label: str) -> tuple[list[int], str]:
        """The first two rows matching ``condition`` on the same day (or period) within ``label``,
        numbered as the user sees them."""
        self.con.execute("SET threads = 1")  # scan order = file order
        column = quote(self.source.period_column)
        offset = first_row_number(self.fmt) - 1
        seen: dict[object, int] = {}
        for number, raw in self.con.execute(f"SELECT row_number_, {column} FROM {self._numbered()} WHERE {condition} "
                                            "ORDER BY 1").fetchall():
            try:
                own_label, day = read_period(raw, self.grain) if raw is not None else ("", None)
            except PeriodError:
                continue
            if own_label != label:
                continue
            if day in seen:
                return [seen[day], int(number) + offset], str(raw).strip()
            seen[day] = int(number) + offset
        return [], ""

    def _row(self, found: tuple[int, str] | None) -> str:
        if found is None:
            return "a row"
        return f"{row_word(self.fmt)} {found[0] + first_row_number(self.fmt) - 1}"


def _filled(column: np.ndarray) -> np.ndarray:
    """DuckDB hands columns with NULLs over as masked arrays: fill them (NaN, NaT, 0) for plain numpy."""
    if not isinstance(column, np.ma.MaskedArray):
        return column
    if column.dtype.kind == "f":
        return column.filled(np.nan)
    if column.dtype.kind == "M":
        return column.filled(np.datetime64("NaT"))
    if column.dtype.kind in "iu":
        return column.filled(0)
    return column.filled("")


def _segment(raw: str | None) -> str:
    """'' and 'all' (and an empty cell) mean the whole population."""
    name = (raw or "").strip()
    return "" if name.lower() == "all" else name


def _period_index(days: np.ndarray, grain: Grain) -> np.ndarray:
    """Consecutive period numbers of period starts: what places each value in a compact series."""
    if grain is Grain.DAY:
        return days.astype("datetime64[D]").astype(np.int64)
    if grain is Grain.WEEK:
        return days.astype("datetime64[D]").astype(np.int64) // 7
    months = days.astype("datetime64[M]").astype(np.int64)
    return months if grain is Grain.MONTH else months // 3


def rounded(values: np.ndarray) -> np.ndarray:
    """To SIGNIFICANT_DIGITS, vectorised; the division by an exact power of ten gives the double nearest
    to the short decimal, so the file shows 1234.5, not 1234.4999999999998."""
    out = np.array(values, dtype=float)
    finite = np.isfinite(out) & (out != 0)
    exponent = np.zeros(out.shape, dtype=np.int64)
    exponent[finite] = SIGNIFICANT_DIGITS - 1 - np.floor(np.log10(np.abs(out[finite]))).astype(np.int64)
    up = finite & (exponent >= 0) & (exponent <= 22)
    down = finite & (exponent < 0) & (exponent >= -22)
    out[up] = np.round(out[up] * 10.0 ** exponent[up]) / 10.0 ** exponent[up]
    out[down] = np.round(out[down] / 10.0 ** -exponent[down]) * 10.0 ** -exponent[down]
    return out
