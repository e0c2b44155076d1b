"""Model-level documentation: the north-star scorecard, its history, the change log, settings."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field, model_validator

from .metric import Frozen, LongText, MetricId, ShortText

SCORECARD_CRITERIA: dict[str, str] = {
    "value": "Measures value delivered, not activity captured",
    "breadth": "Broad: moves when any part of the product gets better or worse",
    "actionability": "Actionable: measurable, decomposable, traceable to product decisions",
    "gaming_resistance": "Resistant to gaming: cannot be inflated without creating real value",
    "decision": "Which decision does it serve?",
    "segment": "Which user segment or cohort matters most?",
    "benchmark": "What baseline or benchmark do we compare against?",
}


class ScorecardEntry(Frozen):
    answer: LongText = ""
    rating: Annotated[int, Field(ge=1, le=5)] | None = Field(default=None, description="1 (poor) to 5 (strong)")
    evidence: LongText = ""

    @property
    def assessed(self) -> bool:
        return bool(self.answer.strip()) and self.rating is not None


class Scorecard(Frozen):
    value: ScorecardEntry = ScorecardEntry()
    breadth: ScorecardEntry = ScorecardEntry()
    actionability: ScorecardEntry = ScorecardEntry()
    gaming_resistance: ScorecardEntry = ScorecardEntry()
    decision: ScorecardEntry = ScorecardEntry()
    segment: ScorecardEntry = ScorecardEntry()
    benchmark: ScorecardEntry = ScorecardEntry()

    def entries(self) -> list[tuple[str, str, ScorecardEntry]]:
        return [(key, question, getattr(self, key)) for key, question in SCORECARD_CRITERIA.items()]


class NorthStarDefinition(Frozen):
    """One past or present definition of the north star: never lose what was computed under it."""

    name: Annotated[str, Field(min_length=1, max_length=200)]
    definition: LongText = ""
    adopted_on: dt.date
    reason: LongText = ""


class ChangeLogEntry(Frozen):
    version: Annotated[int, Field(ge=1)]
    date: dt.date
    author: ShortText = ""
    note: LongText = ""
    summary: tuple[Annotated[str, Field(max_length=1000)], ...] = ()


class Correlation(Frozen):
    """A rank correlation between two uncertain inputs."""

    a: MetricId
    b: MetricId
    rho: Annotated[float, Field(ge=-1, le=1)]

    @model_validator(mode="after")
    def _distinct(self) -> Correlation:
        if self.a == self.b:
            raise ValueError(f"a metric cannot be correlated with itself ('{self.a}')")
        return self


class SimulationSettings(Frozen):
    samples: Annotated[int, Field(ge=100, le=2_000_000)] = 10_000
    seed: Annotated[int, Field(ge=0, le=2**32 - 1)] = 20240601
    tornado_swing_pct: Annotated[float, Field(gt=0, le=100)] = 10.0
    alpha: Annotated[float, Field(gt=0, lt=0.5)] = 0.05
    power: Annotated[float, Field(gt=0.5, lt=1)] = 0.8
    correlations: tuple[Correlation, ...] = ()


UNTITLED = "Untitled model"  # a new model's name until the PM (or its north star's name) gives one


class ModelInfo(Frozen):
    name: Annotated[str, Field(min_length=1, max_length=200)] = UNTITLED
    description: LongText = ""
    authors: tuple[ShortText, ...] = ()
    north_star_review_cadence_days: Annotated[int, Field(ge=1, le=3660)] | None = Field(
        default=None, description="How often the north star's definition may change at most, in days")
    scorecard: Scorecard = Scorecard()
    north_star_history: tuple[NorthStarDefinition, ...] = ()
    changelog: tuple[ChangeLogEntry, ...] = ()

    def with_changes(self, **changes: object) -> ModelInfo:
        data = self.model_dump()
        data.update(changes)
        return ModelInfo.model_validate(data)

