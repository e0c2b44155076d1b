"""Reading one declared source into series at the model's grain, in one pass of DuckDB over the file.

The pass groups rows by name, segment and period number (``period_index``) and keeps, per group,
what any of the three aggregations needs (sum and count for sum and mean, the latest day's value
for last) plus a bitmap of the days (or months) seen: fewer distinct days than rows means a
duplicate row, found without a second pass. Dates are numbered in SQL with integer arithmetic;
text periods are read once per distinct value (by DuckDB when all are ISO dates, else in Python
and joined back). Everything after the pass works per distinct name and segment, or on numpy
arrays of numbers: no Python loop runs over the rows. Only when a check fails does a slower pass
with row numbers find the first offending row, so the message can name it.
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
from metricscape.model.periods import MAX_YEAR, MIN_YEAR, Grain, PeriodError, label_of, start_of
from metricscape.model.sources import Aggregation, Source, SourceFormat, SourceShape

from .errors import DataError
from .files import columns, first_line, first_row_number, readable, row_word, scan_sql
from .matching import AmbiguousName, MetricMatcher
from .period_index import date_sql, number_of, number_sql, start_of_number
from .period_reading import read_period

SeriesKey = tuple[str, str]  # (metric id, segment)
SIGNIFICANT_DIGITS = 12  # parallel sums differ in the last bits from run to run: round so a refresh is stable

# An ISO date, with a time of day or not (as ``read_period`` accepts them), for DuckDB's regexp.
_ISO_DATE = r"\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?"
_NUMERIC = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT",
            "FLOAT", "DOUBLE", "DECIMAL")


@dataclass
class SourceRead:
    series: dict[SeriesKey, Series] = field(default_factory=dict)
    matched: dict[str, str] = field(default_factory=dict)       # name or column in the file -> metric id
    unmatched: dict[str, list[str]] = field(default_factory=dict)  # name -> suggested metric ids
    rows: int = 0


@dataclass(frozen=True)
class _Key:
    """One distinct name and segment of the file, as the pass found it."""
    name: str            # '' for an empty cell
    segment: str
    first: int           # its first and last period number
    last: int
    rows: int
    bad: int             # cells that are not numbers
    no_period: int       # groups with an empty period
    duplicated: int | None  # the first period number with two rows for one day
    values: dict[str, np.ndarray]  # per group: "i" its period number, "t" its total, "mean", "last"


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def read_source(source: Source, base: Path, tree: MetricTree, grain: Grain) -> SourceRead:
    path = base / source.path
    with readable(path, source.format, source.sheet) as (file, fmt), connection() as con:
        return read_opened(con, file, fmt, source, base, tree, grain)


def read_opened(con: duckdb.DuckDBPyConnection, file: Path, fmt: SourceFormat, source: Source, base: Path,
                tree: MetricTree, grain: Grain, kinds: dict[str, str] | None = None) -> SourceRead:
    """``read_source`` for a file already made ``readable``, in an open connection, with the column
    types (``kinds``) when already known: an import then opens one connection, sniffs a CSV's types
    and converts an Excel sheet once, not once per step."""
    reader = _Reader(con, str(base / source.path), scan_sql(file, fmt), scan_sql(file, fmt, all_text=True),
                     source.format, source, MetricMatcher(tree, source.names), tree, grain)
    return reader.read(kinds)


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

    def read(self, kinds: dict[str, str] | None = None) -> SourceRead:
        kinds = kinds or dict(columns(self.con, self.scan, self.file))
        result = SourceRead()
        s = self.source
        needed = [s.period_column] + ([s.metric_column, s.value_column, s.segment_column]
                                      if s.shape is SourceShape.LONG else [])
        for column in needed:
            if column and column not in kinds:
                raise DataError(self.file, f"there is no column '{column}' (columns: {', '.join(kinds)})")
        if s.shape is SourceShape.LONG:
            self.value_columns = [s.value_column]
            long, numeric = self._long_select(), kinds[s.value_column].startswith(_NUMERIC)
        else:
            for name in kinds:
                if name != s.period_column:
                    self._match_one(name, result, where=f"column '{name}'")
            self.value_columns = [n for n in kinds if n in result.matched]  # a notes column may hold text
            numeric = all(kinds[n].startswith(_NUMERIC) for n in self.value_columns)
            long = self._wide_select(self.value_columns, numeric)
        keys = self._pass(long, kinds[s.period_column], numeric)
        result.rows = sum(key.rows for key in keys)
        if any(key.no_period for key in keys):
            self._missing_period()
        if any(key.bad for key in keys):
            self._check_values()
        if s.shape is SourceShape.LONG:
            names = {key.name for key in keys}
            if "" in names:
                self._missing_name()
            for name in sorted(names):
                self._match_one(name, result, where=f"column '{s.metric_column}'")
        result.series = self._series(keys, result.matched)
        return result

    # --- the one pass over the file -------------------------------------------------------------

    def _long_select(self) -> str:
        s = self.source
        segment = f"CAST({quote(s.segment_column)} AS VARCHAR)" if s.segment_column else "NULL"
        return (f"SELECT {quote(s.period_column)} AS p, CAST({quote(s.metric_column)} AS VARCHAR) AS m, "
                f"{segment} AS s, {quote(s.value_column)} AS v FROM {self.scan}")

    def _wide_select(self, metric_columns: list[str], numeric: bool) -> str:
        period = quote(self.source.period_column)
        if not metric_columns:
            return f"SELECT {period} AS p, NULL::VARCHAR AS m, NULL AS s, NULL::VARCHAR AS v FROM {self.scan} WHERE false"
        kind = "DOUBLE" if numeric else "VARCHAR"  # one type for all: UNPIVOT puts them in one column
        cast = ", ".join(f"CAST({quote(c)} AS {kind}) AS {quote(c)}" for c in metric_columns)
        on = ", ".join(quote(c) for c in metric_columns)
        return (f"SELECT p, m, NULL AS s, v FROM (UNPIVOT (SELECT {period} AS p, {cast} FROM {self.scan}) "
                f"ON {on} INTO NAME m VALUE v)")

    def _pass(self, long: str, period_kind: str, numeric: bool) -> list[_Key]:
        """The one pass over the file: groups per name, segment and period number, then gathered per
        name and segment (a few hundred rows, each with its periods and values as numpy arrays)."""
        date = date_sql("p", period_kind) if period_kind == "DATE" or period_kind.startswith("TIMESTAMP") else None
        if date is None:
            self.con.execute(f"CREATE TEMP TABLE raw_periods AS SELECT DISTINCT p AS raw FROM ({long}) "
                             "WHERE p IS NOT NULL")
            date = self._dates_in_text() if period_kind == "VARCHAR" else None
        if date is not None:
            number, slot = number_sql("p", self.grain)
            rows = (f"(SELECT m, s, v, {number} AS i, {slot} AS slot, p AS ord "
                    f"FROM (SELECT m, s, v, {date} AS p FROM ({long})))")
        else:
            self._period_map()
            rows = (f"(SELECT l.m, l.s, l.v, pm.i, pm.slot, pm.day AS ord FROM ({long}) l "
                    "LEFT JOIN period_map pm ON l.p = pm.raw)")  # LEFT: an empty period must not vanish
        value = "CAST(v AS DOUBLE)" if numeric else "TRY_CAST(v AS DOUBLE)"
        # Only what is needed is computed per row: 10 million rows make every expression count.
        bad = ("0" if numeric else
               f"count(*) FILTER (WHERE {value} IS NULL AND trim(coalesce(CAST(v AS VARCHAR), '')) <> '')")
        last = "arg_max(x, ord) FILTER (WHERE x IS NOT NULL)" if self._needs(Aggregation.LAST) else "NULL::DOUBLE"
        # BIGINT holds a month's 31 days; a quarter's 92 need HUGEINT (twice the cost per row). An
        # unsigned 1 would turn the shift into HUGEINT arithmetic too.
        bits = "HUGEINT" if self.grain is Grain.QUARTER else "BIGINT"
        nan = "'NaN'::DOUBLE"  # for an empty value: numpy gets plain float arrays
        # Each group's numbers travel in one struct so that the lists taken apart from it stay aligned
        # (separate list() aggregates promise no common order); numpy receives one array per list.
        fields = {"i": "i", "t": f"coalesce(total, {nan})"}
        n_values = "count(x)" if self._needs(Aggregation.MEAN) else "NULL"
        if self._needs(Aggregation.MEAN):
            fields["mean"] = f"coalesce(total / n_values, {nan})"
        if self._needs(Aggregation.LAST):
            fields["last"] = f"coalesce(last_value, {nan})"
        struct = ", ".join(f"'{name}': {sql}" for name, sql in fields.items())
        lists = ", ".join(f"list_transform(g, lambda x: x.{name}) AS list_{name}" for name in fields)
        sql = f"""
            SELECT m, s, first, last, n_rows, n_bad, no_period, n_duplicated, duplicated, {lists} FROM (
                SELECT m, s, coalesce(min(i), 0) AS first, coalesce(max(i), 0) AS last, sum(n_rows) AS n_rows,
                       sum(n_bad) AS n_bad, count(*) - count(i) AS no_period,
                       count(*) FILTER (WHERE n_rows > slots) AS n_duplicated,
                       coalesce(min(i) FILTER (WHERE n_rows > slots), 0) AS duplicated,
                       list({{{struct}}}) FILTER (WHERE i IS NOT NULL) AS g
                FROM (SELECT coalesce(m, '') AS m, coalesce(s, '') AS s, i, sum(x) AS total, {n_values} AS n_values,
                             count(*) AS n_rows, {last} AS last_value,
                             bit_count(bit_or(CAST(1 AS {bits}) << slot)) AS slots, {bad} AS n_bad
                      FROM (SELECT m, s, v, i, slot, ord, {value} AS x FROM {rows})
                      GROUP BY ALL)
                GROUP BY m, s)
            ORDER BY m, s"""
        try:
            found = self.con.execute(sql).fetchnumpy()
        except duckdb.Error as exc:
            self._check_values()  # a value the type sniffer did not expect, deep in the file
            raise DataError(self.file, f"the file could not be read ({first_line(exc)})") from None
        return [_Key(name=str(found["m"][k]), segment=str(found["s"][k]), first=int(found["first"][k]),
                     last=int(found["last"][k]), rows=int(found["n_rows"][k]), bad=int(found["n_bad"][k]),
                     no_period=int(found["no_period"][k]),
                     duplicated=int(found["duplicated"][k]) if found["n_duplicated"][k] else None,
                     values={name: found[f"list_{name}"][k] for name in fields})
                for k in range(len(found["m"]))]

    def _dates_in_text(self) -> str | None:
        """When every distinct text period is an ISO date (with a time or not) in the years a model
        holds, the SQL reading it as a date: DuckDB then parses per row, far faster than a join."""
        years = f"TRY_CAST(left(raw, 4) AS INTEGER) BETWEEN {MIN_YEAR} AND {MAX_YEAR}"
        other, longest = self.con.execute(f"""
            SELECT count(*) FILTER (WHERE NOT (regexp_full_match(raw, '{_ISO_DATE}') AND {years}
                                              AND TRY_CAST(left(raw, 10) AS DATE) IS NOT NULL)),
                   max(length(raw))
            FROM raw_periods""").fetchone() or (1, 0)
        if other or not longest:
            return None
        return "CAST(p AS DATE)" if longest == 10 else "CAST(left(p, 10) AS DATE)"

    def _needs(self, aggregation: Aggregation) -> bool:
        return any(self.tree.actuals.aggregation(m) is aggregation for m in self.tree.metrics)

    def _period_map(self) -> None:
        """Other periods: read each distinct label once in Python, then join (number, slot, day) back."""
        raws, numbers, slots, days = [], [], [], []
        for (raw,) in self.con.execute("SELECT raw FROM raw_periods").fetchall():
            try:
                label, day = read_period(raw, self.grain)
            except PeriodError as exc:
                column = self.source.period_column
                row = self._first_row(f"trim(CAST({quote(column)} AS VARCHAR)) = {text(str(raw).strip())}")
                raise DataError(self.file, str(exc), where=f"{self._row(row)}, column '{column}'") from None
            raws.append(raw)
            numbers.append(number_of(day, self.grain))
            slots.append((day - start_of(label, self.grain)).days)
            days.append(day)
        self.con.execute("CREATE TEMP TABLE period_map AS SELECT unnest($1) AS raw, unnest($2) AS i, "
                         "unnest($3) AS slot, unnest($4) AS day", [raws, numbers, slots, days])

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

    def _out_of_years(self, first: int, last: int) -> None:
        """Refuse periods a model cannot hold (its labels span MIN_YEAR..MAX_YEAR)."""
        years = []
        for number in (first, last):
            try:
                years.append(start_of_number(number, self.grain).year)
            except (ValueError, OverflowError):  # beyond the years Python's dates hold
                years.append(MIN_YEAR - 1 if number < 0 else MAX_YEAR + 1)
        outside = next((y for y in years if not MIN_YEAR <= y <= MAX_YEAR), None)
        if outside is not None:
            raise DataError(self.file, f"a period in the year {outside} lies outside the years {MIN_YEAR} to "
                            f"{MAX_YEAR} that a model holds; leave those rows out",
                            where=f"column '{self.source.period_column}'")

    # --- series ------------------------------------------------------------------------------------

    def _series(self, keys: list[_Key], matched: dict[str, str]) -> dict[SeriesKey, Series]:
        """The series, placed by period number: each group's value lands at its series' offset plus
        its period's distance from the series' first period (numpy, no sort, no loop over rows)."""
        for key in keys:
            if key.duplicated is not None:
                self._duplicate(matched.get(key.name, key.name), _segment(key.segment),
                                start_of_number(key.duplicated, self.grain), [key.name])
        targets: dict[SeriesKey, list[_Key]] = defaultdict(list)
        for key in keys:
            if key.name in matched:
                targets[(matched[key.name], _segment(key.segment))].append(key)
        if not targets:
            return {}
        order = sorted(targets)
        firsts = [min(k.first for k in targets[t]) for t in order]
        lasts = [max(k.last for k in targets[t]) for t in order]
        self._out_of_years(min(firsts), max(lasts))
        offsets = np.cumsum([0] + [b - a + 1 for a, b in zip(firsts, lasts, strict=True)])
        filled = np.full(int(offsets[-1]), np.nan)
        metrics = self.tree.metrics_by_id()
        rule = {Aggregation.SUM: "t", Aggregation.MEAN: "mean", Aggregation.LAST: "last"}
        for n, target in enumerate(order):
            chosen = rule[self.tree.actuals.aggregation(metrics[target[0]])]
            places = [offsets[n] + key.values["i"] - firsts[n] for key in targets[target]]
            for key, place in zip(targets[target], places, strict=True):
                filled[place] = key.values[chosen]
            if len(places) > 1:  # two spellings of one metric: still one value per period
                self._no_clash(target, np.concatenate(places) - offsets[n] + firsts[n], targets[target])
        filled = rounded(filled)
        infinite = np.flatnonzero(np.isinf(filled))
        if len(infinite):  # 'inf' in a cell, or sums beyond the largest double: a model holds neither
            n = int(np.searchsorted(offsets, infinite[0], side="right")) - 1
            self._too_large(order[n], start_of_number(int(firsts[n] + infinite[0] - offsets[n]), self.grain),
                            [key.name for key in targets[order[n]]])
        out = {}
        for n, (metric, segment) in enumerate(order):
            part = filled[offsets[n]:offsets[n + 1]]
            cells = part.tolist()
            if np.isnan(part).any():
                cells = [None if math.isnan(v) else v for v in cells]  # gaps are null in the file
            start = label_of(start_of_number(firsts[n], self.grain), self.grain)
            out[(metric, segment)] = Series(metric=metric, segment=segment, start=start, values=tuple(cells))
        return out

    def _too_large(self, target: SeriesKey, start: Any, names: list[str]) -> None:
        metric, segment = target
        wide = self.source.shape is SourceShape.WIDE
        cells = [f"TRY_CAST({quote(c)} AS DOUBLE)" for c in (names if wide else self.value_columns)]
        condition = "(" + " OR ".join(f"isinf({cell})" for cell in cells) + ")"
        if not wide:  # the metric's own rows
            condition += (f" AND CAST({quote(self.source.metric_column)} AS VARCHAR) IN "
                          f"({', '.join(text(n) for n in names)})")
        row = self._first_row(condition)
        in_segment = f" in segment '{segment}'" if segment else ""
        raise DataError(self.file, f"'{metric}'{in_segment} is infinite or too large to add up for "
                        f"{label_of(start, self.grain)}; write plain numbers below 1e300",
                        where=self._row(row) if row else "")

    def _no_clash(self, target: SeriesKey, numbers: np.ndarray, keys: list[_Key]) -> None:
        ordered = np.sort(numbers)
        repeated = np.flatnonzero(ordered[1:] == ordered[:-1])
        if len(repeated):
            self._duplicate(target[0], target[1], start_of_number(int(ordered[repeated[0]]), self.grain),
                            [key.name for key in keys])

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


def _segment(raw: str | None) -> str:
    """'' and 'all' (and an empty cell) mean the whole population."""
    name = (raw or "").strip()
    return "" if name.lower() == "all" else name


def rounded(values: np.ndarray) -> np.ndarray:
    """To SIGNIFICANT_DIGITS, vectorised; the division by an exact power of ten gives the double nearest
    to the short decimal, so the file shows 1234.5, not 1234.4999999999998. Whole-array operations
    (no masked copies): a million values take about 20 ms."""
    out = np.asarray(values, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        exponent = SIGNIFICANT_DIGITS - 1 - np.floor(np.log10(np.abs(out)))
        usable = np.abs(exponent) <= 22  # powers of ten up to 1e22 are exact; False for 0, inf and NaN
        scale = 10.0 ** np.where(usable, np.abs(exponent), 0)
        up, down = np.round(out * scale) / scale, np.round(out / scale) * scale
    return np.where(usable, np.where(exponent >= 0, up, down), out)
