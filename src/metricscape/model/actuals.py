"""Actuals: what really happened, per metric, segment and period, kept with the model.

A model records where its actuals come from (``sources``, read through DuckDB by the data layer)
and a **snapshot** of the aggregated series, so a teammate who opens the file without the source
data sees the same numbers. A series is compact on disk: its first period and one value per
consecutive period at the model's grain (``None`` where a period has no value).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Annotated

from pydantic import Field, model_validator

from .metric import Frozen, Metric, MetricId
from .periods import Grain, PeriodError, grain_of, label_of, shift, start_of
from .sources import Aggregation, DefinitionChange, MetricSource, Source, default_aggregation

SegmentName = Annotated[str, Field(max_length=100)]
ALL_SEGMENTS = ""  # the whole population; files may also write "all"


@lru_cache(maxsize=1024)
def consecutive_labels(start: str, count: int) -> tuple[str, ...]:
    """``count`` period labels from ``start`` on. Cached: a model's series mostly share their start,
    and the health check and the canvas ask for them after every edit."""
    grain = grain_of(start)
    first = start_of(start, grain)
    if grain is Grain.DAY:
        return tuple(label_of(first + dt.timedelta(days=i), grain) for i in range(count))
    if grain is Grain.WEEK:
        return tuple(label_of(first + dt.timedelta(weeks=i), grain) for i in range(count))
    return tuple(shift(start, grain, i) for i in range(count))


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
        return list(consecutive_labels(self.start, len(self.values)))

    def as_dict(self) -> dict[str, float]:
        """Period label -> value, leaving out missing periods."""
        return {p: v for p, v in zip(self.periods(), self.values, strict=True) if v is not None}


class Actuals(Frozen):
    grain: Grain = Grain.WEEK
    sources: tuple[Source, ...] = ()
    metric_sources: tuple[MetricSource, ...] = ()
    definitions: tuple[DefinitionChange, ...] = ()
    series: tuple[Series, ...] = ()

    @model_validator(mode="after")
    def _check_unique(self) -> Actuals:
        seen: set[tuple[str, str]] = set()
        for i, each in enumerate(self.series):
            if (each.metric, each.segment) in seen:
                segment = f" (segment '{each.segment}')" if each.segment else ""
                raise ValueError(f"series[{i}]: there are two series of '{each.metric}'{segment}; keep one")
            seen.add((each.metric, each.segment))
        tables = [source.table for source in self.sources]
        if len(set(tables)) != len(tables):
            raise ValueError("two sources share a table name; queries could not tell them apart")
        if len({m.metric for m in self.metric_sources}) != len(self.metric_sources):
            raise ValueError("a metric has two entries in metric_sources; keep one")
        for change in self.definitions:
            try:
                start_of(change.since, self.grain)
            except PeriodError as exc:
                raise ValueError(f"definitions: {exc}") from None
        return self

    def find(self, metric_id: str, segment: str = ALL_SEGMENTS) -> Series | None:
        return next((s for s in self.series if s.metric == metric_id and s.segment == segment), None)

    def segments(self) -> list[str]:
        """The named segments (the whole population not included), in first-seen order."""
        return list(dict.fromkeys(s.segment for s in self.series if s.segment != ALL_SEGMENTS))

    def without_metrics(self, metric_ids: set[str]) -> Actuals:
        """These actuals once the metrics are deleted: their series, settings, labels and picks go too."""
        if not any(s.metric in metric_ids for s in self.series) and not any(
                m.metric in metric_ids for m in self.metric_sources) and not any(
                d.metric in metric_ids for d in self.definitions) and not any(
                set(source.names.values()) & metric_ids for source in self.sources):
            return self
        return self.model_copy(update={
            "series": tuple(s for s in self.series if s.metric not in metric_ids),
            "metric_sources": tuple(m for m in self.metric_sources if m.metric not in metric_ids),
            "definitions": tuple(d for d in self.definitions if d.metric not in metric_ids),
            "sources": tuple(source.model_copy(update={"names": {k: v for k, v in source.names.items()
                                                                 if v not in metric_ids}})
                             for source in self.sources)})

    def metric_source(self, metric_id: str) -> MetricSource | None:
        return next((m for m in self.metric_sources if m.metric == metric_id), None)

    def aggregation(self, metric: Metric) -> Aggregation:
        """The metric's chosen aggregation, or the default for its unit and kind."""
        chosen = self.metric_source(metric.id)
        return chosen.aggregation if chosen and chosen.aggregation else default_aggregation(metric)

    def definition_at(self, metric_id: str, period: str) -> str:
        """The label of the definition ``period`` was measured under ("" before any recorded change)."""
        when = start_of(period, self.grain)
        label = ""
        for change in sorted((c for c in self.definitions if c.metric == metric_id),
                             key=lambda c: start_of(c.since, self.grain)):
            if start_of(change.since, self.grain) <= when:
                label = change.label
        return label


__all__ = ["ALL_SEGMENTS", "Actuals", "Aggregation", "DefinitionChange", "MetricSource", "Series", "Source"]
