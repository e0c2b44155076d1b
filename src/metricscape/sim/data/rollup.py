"""Reading one declared source into series at the model's grain, in DuckDB.

One pass over the file groups rows by their raw period, name and segment (the only pass that
touches every row: 10 million rows in about a second). Everything after works on that small
table: periods and names are read in Python once per distinct value, then a join rolls the days
up with each metric's aggregation. When a check fails, a slower pass with row numbers finds the
first offending row, so the message can name it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from metricscape.model import MetricTree
from metricscape.model.actuals import ALL_SEGMENTS
from metricscape.model.periods import Grain, PeriodError
from metricscape.model.sources import Aggregation, Source, SourceFormat, SourceShape

from .errors import DataError
from .files import columns, first_row_number, readable, row_word, scan_sql
from .matching import AmbiguousName, MetricMatcher
from .period_reading import read_period

SeriesKey = tuple[str, str]  # (metric id, segment)
SIGNIFICANT_DIGITS = 12  # parallel sums differ in the last bits from run to run: round so a refresh is stable


@dataclass
class SourceRead:
    values: dict[SeriesKey, dict[str, float]] = field(default_factory=dict)
    matched: dict[str, str] = field(default_factory=dict)       # name or column in the file -> metric id
    unmatched: dict[str, list[str]] = field(default_factory=dict)  # name -> suggested metric ids
    rows: int = 0


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def read_source(source: Source, base: Path, tree: MetricTree, grain: Grain) -> SourceRead:
    path = base / source.path
    with readable(path, source.format, source.sheet) as (file, fmt), _connection() as con:
        reader = _Reader(con, str(path), scan_sql(file, fmt), scan_sql(file, fmt, all_text=True), fmt,
                         source, MetricMatcher(tree, source.names), tree, grain)
        return reader.read()


@contextmanager
def _connection() -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(":memory:")
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

    def read(self) -> SourceRead:
        available = [name for name, _ in columns(self.con, self.scan, self.file)]
        result = SourceRead()
        if self.source.shape is SourceShape.LONG:
            for column in (self.source.period_column, self.source.metric_column, self.source.value_column,
                           self.source.segment_column):
                if column and column not in available:
                    raise DataError(self.file, f"there is no column '{column}' (columns: {', '.join(available)})")
            long = self._long_select()
        else:
            if self.source.period_column not in available:
                raise DataError(self.file, f"there is no column '{self.source.period_column}' "
                                f"(columns: {', '.join(available)})")
            metric_columns = self._match_columns(available, result)
            long = self._wide_select(metric_columns)
        self._group(long)
        result.rows = self._scalar("SELECT coalesce(sum(n_rows), 0) FROM grouped")
        self._check_values()
        periods = self._read_periods()
        if self.source.shape is SourceShape.LONG:
            self._match_names(result)
        self._check_duplicates(periods, result.matched)
        result.values = self._roll_up(periods, result.matched)
        return result

    # --- the one pass over the file -------------------------------------------------------------

    def _long_select(self) -> str:
        s = self.source
        segment = f"CAST({quote(s.segment_column)} AS VARCHAR)" if s.segment_column else "NULL"
        return (f"SELECT {self._period(s.period_column)} AS p, CAST({quote(s.metric_column)} AS VARCHAR) AS m, "
                f"{segment} AS s, {quote(s.value_column)} AS v FROM {self.scan}")

    def _wide_select(self, metric_columns: list[str]) -> str:
        if not metric_columns:
            return f"SELECT NULL AS p, NULL AS m, NULL AS s, NULL AS v FROM {self.scan} WHERE false"
        cast = ", ".join(f"CAST({quote(c)} AS VARCHAR) AS {quote(c)}" for c in metric_columns)
        on = ", ".join(quote(c) for c in metric_columns)
        return (f"SELECT p, m, NULL AS s, v FROM (UNPIVOT (SELECT {self._period(self.source.period_column)} AS p, "
                f"{cast} FROM {self.scan}) ON {on} INTO NAME m VALUE v)")

    def _period(self, column: str) -> str:
        # Timestamps become days; dates and text labels are read as they are.
        kinds = dict(columns(self.con, self.scan, self.file))
        if kinds.get(column, "").startswith("TIMESTAMP"):
            return f"CAST({quote(column)} AS DATE)"
        return quote(column)

    def _group(self, long: str) -> None:
        number = "TRY_CAST(v AS DOUBLE)"
        blank = "(v IS NULL OR trim(CAST(v AS VARCHAR)) = '')"
        try:
            self.con.execute(f"""
                CREATE TEMP TABLE grouped AS
                SELECT p, trim(m) AS m,
                       CASE WHEN s IS NULL OR lower(trim(s)) IN ('', 'all') THEN '' ELSE trim(s) END AS s,
                       sum({number}) AS v, count({number}) AS n_values, count(*) AS n_rows,
                       count(*) FILTER (WHERE {number} IS NULL AND NOT {blank}) AS n_bad
                FROM ({long}) GROUP BY ALL""")
        except duckdb.Error as exc:
            self._explain_read_failure(exc)

    def _explain_read_failure(self, exc: duckdb.Error) -> None:
        """A value the sniffer did not expect deep in the file: find it with every column as text."""
        self._check_values(text_scan=True)
        raise DataError(self.file, f"the file could not be read ({str(exc).strip().splitlines()[0]})")

    # --- checks ----------------------------------------------------------------------------------

    def _check_values(self, text_scan: bool = False) -> None:
        if not text_scan and not self._scalar("SELECT coalesce(sum(n_bad), 0) FROM grouped"):
            return
        for column in self._value_columns():
            value = f"CAST({quote(column)} AS VARCHAR)"
            found = self._first_row(f"TRY_CAST({value} AS DOUBLE) IS NULL AND trim(coalesce({value}, '')) <> ''",
                                    value, scan=self.scan_text)
            if found:
                row, raw = found
                raise DataError(self.file, f"'{raw}' is not a number: write a plain number such as 1234.5 "
                                "(no units, currency signs or thousands separators; 0.05 for 5 %), or leave "
                                "it empty", where=f"{self._row(row)}, column '{column}'")

    def _value_columns(self) -> list[str]:
        if self.source.shape is SourceShape.LONG:
            return [self.source.value_column]
        return [c for c in self._scalar_list("SELECT DISTINCT m FROM grouped")]

    def _read_periods(self) -> dict[object, tuple[str, object]]:
        periods: dict[object, tuple[str, object]] = {}
        for (raw,) in self.con.execute("SELECT DISTINCT p FROM grouped").fetchall():
            if raw is None:
                row = self._first_row(f"{quote(self.source.period_column)} IS NULL OR "
                                      f"trim(CAST({quote(self.source.period_column)} AS VARCHAR)) = ''", "''")
                raise DataError(self.file, "the period is empty; every row needs a date or a period label",
                                where=f"{self._row(row[0]) if row else 'a row'}, column '{self.source.period_column}'")
            try:
                periods[raw] = read_period(raw, self.grain)
            except PeriodError as exc:
                row = self._first_row(f"trim(CAST({quote(self.source.period_column)} AS VARCHAR)) = "
                                      f"{_text(str(raw).strip())}", "''")
                raise DataError(self.file, str(exc), where=f"{self._row(row[0]) if row else 'a row'}, "
                                f"column '{self.source.period_column}'") from None
        return periods

    def _match_names(self, result: SourceRead) -> None:
        for (name,) in self.con.execute("SELECT DISTINCT m FROM grouped WHERE m IS NOT NULL ORDER BY m").fetchall():
            self._match_one(name, result, where=f"column '{self.source.metric_column}'")

    def _match_columns(self, available: list[str], result: SourceRead) -> list[str]:
        for name in available:
            if name != self.source.period_column:
                self._match_one(name, result, where=f"column '{name}'")
        return [name for name in available if name in result.matched]

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

    def _check_duplicates(self, periods: dict[object, tuple[str, object]], matched: dict[str, str]) -> None:
        keys: dict[tuple[str, str, object], tuple[object, str]] = {}
        for raw_p, name, segment, n_rows in self.con.execute("SELECT p, m, s, n_rows FROM grouped").fetchall():
            metric = matched.get(name)
            if metric is None:
                continue
            key = (metric, segment, periods[raw_p][1])
            if n_rows > 1 or key in keys:
                other = keys.get(key, (raw_p, name))
                self._duplicate(metric, segment, raw_p, name, other[1])
            keys[key] = (raw_p, name)

    def _duplicate(self, metric: str, segment: str, raw_p: object, name: str, other_name: str) -> None:
        s = self.source
        names = ", ".join(_text(n) for n in {name, other_name})
        condition = f"trim({quote(s.metric_column)}) IN ({names})" if s.shape is SourceShape.LONG else "true"
        if s.segment_column:
            column = f"trim(coalesce({quote(s.segment_column)}, ''))"
            condition += f" AND CASE WHEN lower({column}) IN ('', 'all') THEN '' ELSE {column} END = {_text(segment)}"
        rows = self._rows(f"{condition} AND trim(CAST({quote(s.period_column)} AS VARCHAR)) LIKE "
                          f"{_text(str(raw_p).strip() + '%')}")
        offset = first_row_number(self.fmt) - 1
        where = f"{row_word(self.fmt)}s {' and '.join(str(r + offset) for r in rows[:2])}" if len(rows) >= 2 else ""
        in_segment = f" in segment '{segment}'" if segment else ""
        raise DataError(self.file, f"'{metric}'{in_segment} has two values for {raw_p}; keep one row per period, "
                        "metric and segment (or add a segment column that tells them apart)", where=where)

    # --- the roll-up ------------------------------------------------------------------------------

    def _roll_up(self, periods: dict[object, tuple[str, object]], matched: dict[str, str]
                 ) -> dict[SeriesKey, dict[str, float]]:
        if not matched:
            return {}
        raw = list(periods)
        metrics = self.tree.metrics_by_id()
        names = list(matched)
        aggregations = [self.tree.actuals.aggregation(metrics[matched[n]]).value for n in names]
        self.con.execute("CREATE TEMP TABLE period_map AS SELECT unnest($1) AS raw, unnest($2) AS label, "
                         "unnest($3) AS day", [raw, [periods[p][0] for p in raw], [periods[p][1] for p in raw]])
        self.con.execute("CREATE TEMP TABLE name_map AS SELECT unnest($1) AS name, unnest($2) AS metric, "
                         "unnest($3) AS agg", [names, [matched[n] for n in names], aggregations])
        rows = self.con.execute(f"""
            SELECT n.metric, g.s, pm.label,
                   CASE n.agg WHEN '{Aggregation.SUM.value}' THEN sum(g.v)
                              WHEN '{Aggregation.MEAN.value}' THEN avg(g.v)
                              ELSE arg_max(g.v, pm.day) END
            FROM grouped g JOIN period_map pm ON g.p = pm.raw JOIN name_map n ON g.m = n.name
            WHERE g.n_values > 0
            GROUP BY n.metric, n.agg, g.s, pm.label""").fetchall()
        values: dict[SeriesKey, dict[str, float]] = defaultdict(dict)
        for metric, segment, label, value in rows:
            values[(metric, segment or ALL_SEGMENTS)][label] = float(f"{value:.{SIGNIFICANT_DIGITS}g}")
        return dict(values)

    # --- helpers ---------------------------------------------------------------------------------

    def _scalar(self, sql: str) -> int:
        row = self.con.execute(sql).fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def _scalar_list(self, sql: str) -> list[str]:
        return [row[0] for row in self.con.execute(sql).fetchall()]

    def _numbered(self, scan: str | None = None) -> str:
        return f"(SELECT row_number() OVER () AS row_number_, * FROM {scan or self.scan_text})"

    def _first_row(self, condition: str, shown: str, scan: str | None = None) -> tuple[int, str] | None:
        self.con.execute("SET threads = 1")  # scan order = file order, so row numbers are the file's
        row = self.con.execute(f"SELECT row_number_, {shown} FROM {self._numbered(scan)} WHERE {condition} "
                               "ORDER BY row_number_ LIMIT 1").fetchone()
        return (int(row[0]), str(row[1])) if row else None

    def _rows(self, condition: str) -> list[int]:
        self.con.execute("SET threads = 1")
        return [int(r[0]) for r in self.con.execute(
            f"SELECT row_number_ FROM {self._numbered()} WHERE {condition} ORDER BY 1 LIMIT 5").fetchall()]

    def _row(self, number: int) -> str:
        return f"{row_word(self.fmt)} {number + first_row_number(self.fmt) - 1}"


def _text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"
