"""Opening a data file in DuckDB: the format from the extension, one SQL table function per format.

Excel goes through python-calamine: DuckDB's own reader needs the ``excel`` extension, which cannot
be downloaded offline or inside the frozen app. The sheet is copied into a temporary CSV (dates
as ISO text) so that every format then takes the same path through DuckDB.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import python_calamine

from metricscape.model.sources import SourceFormat

from .errors import DataError

_EXTENSIONS = {".csv": SourceFormat.CSV, ".tsv": SourceFormat.TSV, ".tab": SourceFormat.TSV,
               ".parquet": SourceFormat.PARQUET, ".pq": SourceFormat.PARQUET, ".json": SourceFormat.JSON,
               ".ndjson": SourceFormat.NDJSON, ".jsonl": SourceFormat.NDJSON, ".xlsx": SourceFormat.XLSX}


def format_of(path: Path) -> SourceFormat:
    fmt = _EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(_EXTENSIONS))
        raise DataError(str(path), f"Metricscape reads {known} files; save the data in one of these formats")
    return fmt


def row_word(fmt: SourceFormat) -> str:
    """What a user calls a row of this format (line numbers count the header as row 1)."""
    return "record" if fmt in (SourceFormat.JSON, SourceFormat.NDJSON, SourceFormat.PARQUET) else "row"


def first_row_number(fmt: SourceFormat) -> int:
    """The user-visible number of the first data row: the header is row 1 in CSV and Excel."""
    return 1 if fmt in (SourceFormat.JSON, SourceFormat.NDJSON, SourceFormat.PARQUET) else 2


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def scan_sql(path: Path, fmt: SourceFormat, *, all_text: bool = False) -> str:
    """A table function reading the file (for CSV-like files, every column as text when ``all_text``)."""
    name = _sql_text(str(path))
    text = ", all_varchar = true" if all_text else ""
    if fmt == SourceFormat.CSV:
        return f"read_csv({name}, header = true{text})"
    if fmt == SourceFormat.TSV:
        return f"read_csv({name}, header = true, delim = '\\t'{text})"
    if fmt == SourceFormat.PARQUET:
        return f"read_parquet({name})"
    if fmt == SourceFormat.JSON:
        return f"read_json({name}, format = 'auto')"
    if fmt == SourceFormat.NDJSON:
        return f"read_json({name}, format = 'newline_delimited')"
    raise ValueError(f"{fmt} is read through a temporary CSV")


@contextmanager
def readable(path: Path, fmt: SourceFormat, sheet: str = "") -> Iterator[tuple[Path, SourceFormat]]:
    """The file as DuckDB can read it: itself, or for Excel a temporary CSV copy of the sheet."""
    if not path.is_file():
        raise DataError(str(path), "there is no such file — check the name and the folder")
    if fmt != SourceFormat.XLSX:
        yield path, fmt
        return
    with tempfile.TemporaryDirectory(prefix="metricscape-xlsx-") as folder:
        copy = Path(folder) / "sheet.csv"
        _sheet_to_csv(path, sheet, copy)
        yield copy, SourceFormat.CSV


def _sheet_to_csv(path: Path, sheet: str, out: Path) -> None:
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        names = workbook.sheet_names
        if sheet and sheet not in names:
            raise DataError(str(path), f"there is no sheet '{sheet}' (sheets: {', '.join(names)})")
        rows = workbook.get_sheet_by_name(sheet or names[0]).to_python(skip_empty_area=True)
    except DataError:
        raise
    except python_calamine.PasswordError:
        raise DataError(str(path), "this Excel file is protected by a password; save a copy without one") from None
    except (python_calamine.CalamineError, python_calamine.ZipError, python_calamine.XmlError, OSError,
            ValueError) as exc:
        raise DataError(str(path), f"this Excel file could not be read ({exc}); save it again as .xlsx") from None
    with open(out, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        for row in rows:
            writer.writerow([_cell(value) for value in row])


def _cell(value: object) -> object:
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def columns(con: duckdb.DuckDBPyConnection, scan: str, file: str) -> list[tuple[str, str]]:
    """(name, DuckDB type) of each column, or a DataError saying why the file cannot be read."""
    try:
        return [(row[0], row[1]) for row in con.execute(f"DESCRIBE SELECT * FROM {scan}").fetchall()]
    except duckdb.Error as exc:
        raise DataError(file, f"the file could not be read as its extension says ({first_line(exc)})") from None


def first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
