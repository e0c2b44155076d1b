"""Scenarios: named sets of changes to metrics, compared with the baseline and each other."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from .metric import Frozen, LongText, MetricId


class ChangeMode(StrEnum):
    SET = "set"            # the metric takes this value
    RELATIVE = "relative"  # value in percent: 8 means +8 %
    POINTS = "points"      # value in percentage points, for rates stored as fractions: 2 means +0.02

    def apply(self, base: float, value: float) -> float:
        if self is ChangeMode.SET:
            return value
        if self is ChangeMode.RELATIVE:
            return base * (1 + value / 100)
        return base + value / 100

    def describe(self, value: float) -> str:
        if self is ChangeMode.SET:
            return f"= {value:g}"
        if self is ChangeMode.RELATIVE:
            return f"{value:+g} %"
        return f"{value:+g} pp"


class Change(Frozen):
    metric: MetricId
    mode: ChangeMode = ChangeMode.RELATIVE
    value: float


class Scenario(Frozen):
    id: Annotated[str, Field(pattern=r"^[a-z_][a-z0-9_]{0,63}$")]
    name: Annotated[str, Field(min_length=1, max_length=200)]
    description: LongText = ""
    changes: tuple[Change, ...] = ()

    @model_validator(mode="after")
    def _one_change_per_metric(self) -> Scenario:
        seen: set[str] = set()
        for change in self.changes:
            if change.metric in seen:
                raise ValueError(f"scenario '{self.name}' changes '{change.metric}' twice")
            seen.add(change.metric)
        return self

    def with_changes(self, **changes: object) -> Scenario:
        data = self.model_dump()
        data.update(changes)
        return Scenario.model_validate(data)
