"""Analysts' SQL over the model's declared sources, run as untrusted input.

A query in a shared model file may read only the sources the model declares: never another
file, never write, attach, install or load an extension, never reach the network. Defence in
layers: DuckDB's own parser admits a single SELECT (``extract_statements`` and the statement
type, not pattern matching); the sources are copied into tables of an in-memory database first,
then the connection is locked (``enable_external_access = false``, ``lock_configuration = true``)
with a memory limit, and a timer interrupts a query that runs too long.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from metricscape.model.sources import SourceFormat

from .errors import DataError
from .files import first_line, readable, scan_sql
from .rollup import quote

TIME_LIMIT_S = 10.0
MEMORY_LIMIT = "1GB"
MAX_ROWS = 1_000_000


class QueryError(DataError):
    """A query that is refused or fails; ``file`` names the metric whose query it is."""


@dataclass(frozen=True)
class Table:
    path: Path
    format: SourceFormat
    sheet: str = ""


def check_statement(sql: str, owner: str) -> None:
    """Refuse anything but one SELECT (WITH ... SELECT included), before any data is loaded."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryError(owner, f"the query is not valid SQL ({first_line(exc)})") from None
    if len(statements) != 1:
        raise QueryError(owner, f"a query must be a single SELECT; this text holds {len(statements)} statements")
    kind = statements[0].type
    if kind is not duckdb.StatementType.SELECT:
        raise QueryError(owner, f"only SELECT queries are allowed, and this is {kind.name}: a query may read "
                         "the model's sources, never change files, settings or extensions")


def run_query(sql: str, tables: Mapping[str, Table], owner: str = "query", *,
              time_limit_s: float = TIME_LIMIT_S, memory_limit: str = MEMORY_LIMIT) -> list[tuple[Any, ...]]:
    """The rows ``sql`` returns over ``tables`` (name -> declared source file)."""
    check_statement(sql, owner)
    con = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False,
                                             "autoload_known_extensions": False})
    try:
        for name, table in tables.items():
            _load(con, name, table)
        con.execute(f"SET memory_limit = '{memory_limit}'")
        con.execute("SET temp_directory = ''")  # nothing spills to disk
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
        return _run_with_timer(con, sql, owner, time_limit_s, sorted(tables))
    finally:
        con.close()


def _load(con: duckdb.DuckDBPyConnection, name: str, table: Table) -> None:
    with readable(table.path, table.format, table.sheet) as (file, fmt):
        try:
            con.execute(f"CREATE TABLE {quote(name)} AS SELECT * FROM {scan_sql(file, fmt)}")
        except duckdb.Error as exc:
            raise DataError(str(table.path), f"the file could not be read ({first_line(exc)})") from None


def _run_with_timer(con: duckdb.DuckDBPyConnection, sql: str, owner: str, limit: float,
                    names: list[str]) -> list[tuple[Any, ...]]:
    timer = threading.Timer(limit, con.interrupt)
    timer.start()
    try:
        cursor = con.execute(sql)
        rows = cursor.fetchmany(MAX_ROWS + 1)
    except duckdb.InterruptException:
        raise QueryError(owner, f"the query ran longer than {limit:g} s and was stopped; aggregate earlier "
                         "or filter the rows (a join without a condition multiplies them)") from None
    except duckdb.OutOfMemoryException:
        raise QueryError(owner, "the query needs more memory than it may use; aggregate earlier or filter "
                         "the rows (a join without a condition multiplies them)") from None
    except duckdb.PermissionException:
        raise QueryError(owner, "a query may read only the model's sources (tables: "
                         f"{', '.join(names) or 'none'}), never other files, the network or settings") from None
    except duckdb.Error as exc:
        message = first_line(exc)
        if "disabled by configuration" in message or "lock_configuration" in message:
            raise QueryError(owner, "a query may read only the model's sources (tables: "
                             f"{', '.join(names) or 'none'}), never other files or settings") from None
        raise QueryError(owner, f"the query failed: {message}") from None
    finally:
        timer.cancel()
    if len(rows) > MAX_ROWS:
        raise QueryError(owner, f"the query returns more than {MAX_ROWS:,} rows; group them by period")
    return rows
