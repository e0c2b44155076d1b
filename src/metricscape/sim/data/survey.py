"""A first look at a data file for the import wizard: its first rows, the shape and columns found,
the grain it suggests, and which names in it match which metrics (with suggestions for the rest).

The preview reads only the rows it shows (``LIMIT``: DuckDB stops there, so a large CSV previews
as fast as a small one); the names come from the one aggregated pass the import itself makes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

from metricscape.model import MetricTree
from metricscape.model.periods import Grain
from metricscape.model.sources import Source

from .errors import DataError
from .files import first_line, readable, scan_sql
from .importer import _grain_in, describe_source
from .rollup import connection, read_source

PREVIEW_ROWS = 12


@dataclass(frozen=True)
class Survey:
    source: Source                      # how the file would be declared (shape, columns, path)
    grain: Grain                        # the model's grain, or the one the file's periods suggest
    columns: tuple[str, ...]
    preview: tuple[tuple[str, ...], ...]  # the first rows, as text
    matched: dict[str, str]             # name or column in the file -> metric id
    unmatched: dict[str, list[str]]     # name -> suggested metric ids, best first
    rows: int


def preview_rows(data: Path, source: Source, limit: int = PREVIEW_ROWS) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """The column names and the first ``limit`` rows as text."""
    with readable(data, source.format, source.sheet) as (file, fmt), connection() as con:
        try:
            cursor = con.execute(f"SELECT * FROM {scan_sql(file, fmt, all_text=True)} LIMIT {int(limit)}")
            names = tuple(d[0] for d in cursor.description or ())
            rows = tuple(tuple("" if v is None else str(v) for v in row) for row in cursor.fetchall())
        except duckdb.Error as exc:
            raise DataError(str(data), f"the file could not be read ({first_line(exc)})") from None
    return names, rows


def survey(tree: MetricTree, data: str | os.PathLike[str], model_path: str | os.PathLike[str], *,
           names: dict[str, str] | None = None, sheet: str = "") -> Survey:
    """What importing ``data`` into ``tree`` would match (raises DataError for an unreadable file)."""
    data_path, base = Path(data), Path(model_path).resolve().parent
    source = describe_source(data_path, base, tree, names or {}, sheet)
    grain = tree.actuals.grain if tree.actuals.series else _grain_in(data_path, source)
    columns, rows = preview_rows(data_path, source)
    read = read_source(source, base, tree, grain)
    return Survey(source=source, grain=grain, columns=columns, preview=rows, matched=dict(read.matched),
                  unmatched={k: list(v) for k, v in read.unmatched.items()}, rows=read.rows)
