"""Actuals: what really happened, per metric, segment and period, kept with the model.

A model records where its actuals come from (``sources``, read through DuckDB by the data layer)
and a **snapshot** of the aggregated series, so a teammate who opens the file without the source
data sees the same numbers. A series is compact on disk: its first period and one value per
consecutive period at the model's grain (``None`` where a period has no value).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from .metric import Frozen, MetricId
from .periods import Grain, PeriodError, grain_of, shift

SegmentName = Annotated[str, Field(max_length=100)]
ALL_SEGMENTS = ""  # the whole population; files may also write "all"


class Aggregation(StrEnum):
    """How daily rows roll up to the model's grain."""

    SUM = "sum"    # counts and amounts
    MEAN = "mean"  # rates and averages
    LAST = "last"  # stocks (subscribers at the end of the period)


class Series(Frozen):
    metric: MetricId
    segment: SegmentName = ALL_SEGMENTS
    start: str = Field(description="The first period's label, e.g. 2026-W01")
    values: tuple[float | None, ...] = Field(description="One value per consecutive period from 'start'")

    @model_validator(mode="after")
    def _check_start(self) -> Series:
        try:
            grain_of(self.start)
        except PeriodError as exc:
            raise ValueError(str(exc)) from None
        return self

    @property
    def grain(self) -> Grain:
        return grain_of(self.start)

    def periods(self) -> list[str]:
        return [shift(self.start, self.grain, i) for i in range(len(self.values))]

    def as_dict(self) -> dict[str, float]:
        """Period label -> value, leaving out missing periods."""
        return {p: v for p, v in zip(self.periods(), self.values, strict=True) if v is not None}


class Actuals(Frozen):
    grain: Grain = Grain.WEEK
    series: tuple[Series, ...] = ()

    def find(self, metric_id: str, segment: str = ALL_SEGMENTS) -> Series | None:
        return next((s for s in self.series if s.metric == metric_id and s.segment == segment), None)

    def segments(self) -> list[str]:
        """The named segments (the whole population not included), in first-seen order."""
        return list(dict.fromkeys(s.segment for s in self.series if s.segment != ALL_SEGMENTS))
