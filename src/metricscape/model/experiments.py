"""The experiment ledger: past A/B tests and the relative lift each measured on each metric.

Lifts are relative changes (0.02 = +2 %) with their standard errors, as an experimentation
platform reports them. A lift may name a metric that is no longer in the model: the ledger is
history, and a metric added back finds its experiments again.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field, model_validator

from .actuals import ALL_SEGMENTS, SegmentName
from .metric import Frozen, LongText, MetricId


class Lift(Frozen):
    metric: MetricId
    lift: float = Field(ge=-100, le=100, description="Relative change of the metric, 0.02 = +2 %")
    se: float = Field(gt=0, le=100, description="Standard error of the lift, in the same unit")


class Experiment(Frozen):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    start: dt.date | None = None
    end: dt.date | None = None
    segment: SegmentName = ALL_SEGMENTS
    lifts: tuple[Lift, ...] = Field(min_length=1)
    notes: LongText = ""

    @model_validator(mode="after")
    def _check(self) -> Experiment:
        if self.start is not None and self.end is not None and self.start > self.end:
            raise ValueError(f"experiment '{self.name}' ends ({self.end}) before it starts ({self.start})")
        seen: set[str] = set()
        for lift in self.lifts:
            if lift.metric in seen:
                raise ValueError(f"experiment '{self.name}' lists the metric '{lift.metric}' twice")
            seen.add(lift.metric)
        return self

    def lift_of(self, metric_id: str) -> Lift | None:
        return next((lift for lift in self.lifts if lift.metric == metric_id), None)


def paired_lifts(experiments: tuple[Experiment, ...] | list[Experiment], x_metric: str, y_metric: str
                 ) -> list[tuple[Experiment, Lift, Lift]]:
    """The experiments that measured both metrics, with both lifts, in ledger order."""
    pairs = []
    for experiment in experiments:
        x, y = experiment.lift_of(x_metric), experiment.lift_of(y_metric)
        if x is not None and y is not None:
            pairs.append((experiment, x, y))
    return pairs
