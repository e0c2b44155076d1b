"""Where a model's actuals come from: declared source files and per-metric settings.

Stored in the model file so that "Refresh" can re-read the same data the same way. Paths are
relative to the model file (forward slashes), so a model and its data folder move together.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated

from pydantic import Field, field_validator

from .metric import Frozen, Metric, MetricId
from .numbers import is_rate

TableName = Annotated[str, Field(pattern=r"^[a-z_][a-z0-9_]{0,63}$",
                                 description="The name SQL queries use for this source's rows")]
ColumnName = Annotated[str, Field(max_length=200)]


class Aggregation(StrEnum):
    """How daily rows roll up to the model's grain."""

    SUM = "sum"    # counts and amounts
    MEAN = "mean"  # rates and averages
    LAST = "last"  # stocks (subscribers at the end of the period)


class SourceFormat(StrEnum):
    CSV = "csv"
    TSV = "tsv"
    PARQUET = "parquet"
    JSON = "json"
    NDJSON = "ndjson"
    XLSX = "xlsx"


class SourceShape(StrEnum):
    LONG = "long"  # one row per period, metric (and segment): period, metric, segment, value
    WIDE = "wide"  # one row per period, one column per metric


class Source(Frozen):
    path: Annotated[str, Field(min_length=1, max_length=1000, description="Relative to the model file")]
    format: SourceFormat
    shape: SourceShape
    table: TableName
    period_column: ColumnName
    metric_column: ColumnName = ""
    segment_column: ColumnName = ""
    value_column: ColumnName = ""
    sheet: ColumnName = Field(default="", description="Excel: the sheet to read (the first when empty)")
    names: dict[Annotated[str, Field(max_length=200)], MetricId] = Field(
        default_factory=dict, description="Names or columns in the file picked by hand for a metric")

    @field_validator("path")
    @classmethod
    def _relative(cls, v: str) -> str:
        if v.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", v):
            raise ValueError(f"'{v}' is an absolute path; a source path is relative to the model file")
        return v.replace("\\", "/")

    @field_validator("names")
    @classmethod
    def _sorted(cls, v: dict[str, str]) -> dict[str, str]:
        return dict(sorted(v.items()))  # a stable order on disk


class MetricSource(Frozen):
    """Per-metric settings: how its rows roll up, or the SQL query its actuals come from."""

    metric: MetricId
    aggregation: Aggregation | None = Field(default=None, description="Empty: chosen from the unit and kind")
    query: Annotated[str, Field(max_length=20_000)] | None = Field(
        default=None, description="A single SELECT over the sources' tables giving period, [segment,] value")


class DefinitionChange(Frozen):
    """From ``since`` on, a metric's actuals are measured under the definition ``label``; earlier
    periods keep the label of the change before (so a comparison across it can say so)."""

    metric: MetricId
    since: Annotated[str, Field(description="The first period measured under the new definition")]
    label: Annotated[str, Field(min_length=1, max_length=200)]


_STOCK_WORDS = ("subscriber", "customer", "account", "member", "seat", "active", "balance", "headcount")
_AVERAGE_WORDS = ("rate", "ratio", "share", "average", "avg", "mean", "per ", "score", "nps", "retention")


def default_aggregation(metric: Metric) -> Aggregation:
    """Rates and averages take the mean, stocks the last value, everything else (counts, amounts) the sum."""
    unit, name = metric.unit.lower(), f"{metric.name.lower()} "
    if is_rate(metric.unit) or "/" in unit or " per " in f" {unit} " or any(w in name for w in _AVERAGE_WORDS):
        return Aggregation.MEAN
    if any(word in f"{unit} {name}" for word in _STOCK_WORDS):
        return Aggregation.LAST
    return Aggregation.SUM
