"""Actuals from data files, read through an embedded DuckDB (no server; works in the frozen app).

``import_actuals(tree, data, model_path)`` reads a CSV/TSV, Parquet, JSON/NDJSON or Excel file in
long or wide shape, matches its names to metrics, rolls dates up to the model's grain and returns
the new tree (one edit) with what matched and what did not; ``refresh_actuals`` re-reads every
declared source and lists the periods added or changed; ``run_query`` runs an analyst's SQL in a
locked-down connection. Every problem is a ``DataError`` naming the file, the row or column, and
what to fix; nothing is half-imported.
"""

from .errors import DataError
from .importer import ImportResult, Matched, Unmatched, import_actuals
from .query import QueryError, run_query
from .refresh import PeriodChange, Refreshed, refresh_actuals

__all__ = ["DataError", "ImportResult", "Matched", "PeriodChange", "QueryError", "Refreshed", "Unmatched",
           "import_actuals", "refresh_actuals", "run_query"]
