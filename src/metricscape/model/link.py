"""Links: the edges of a metric tree, always pointing from a child (driver) to its parent."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from .evidence import Evidence
from .metric import Frozen, LongText, MetricId


class LinkKind(StrEnum):
    FORMULA = "formula"      # the parent's formula uses the child: exact
    INFLUENCE = "influence"  # the child drives the parent with an elasticity: fuzzy
    GUARD = "guard"          # a guardrail (source) watches a metric (target) for gaming

    @property
    def computes(self) -> bool:
        return self is not LinkKind.GUARD


class Confidence(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Link(Frozen):
    source: MetricId = Field(description="The child: the driver, or the guardrail for a guard link")
    target: MetricId = Field(description="The parent: the driven metric, or the watched one")
    kind: LinkKind = LinkKind.INFLUENCE
    elasticity: float | None = Field(
        default=None, ge=-100, le=100,
        description="Influence links: a 1 % rise in the source moves the target by this many %")
    elasticity_low: float | None = Field(default=None, ge=-100, le=100)
    elasticity_high: float | None = Field(default=None, ge=-100, le=100)
    confidence: Confidence | None = None
    rationale: LongText = ""
    evidence: Evidence | None = Field(default=None, description="Influence links: the data behind the "
                                      "elasticity, recorded when an estimate was adopted")

    @model_validator(mode="after")
    def _check(self) -> Link:
        if self.source == self.target:
            raise ValueError(f"a metric cannot link to itself ('{self.source}')")
        if self.kind is LinkKind.INFLUENCE and self.elasticity is None:
            raise ValueError("an influence link needs an elasticity")
        if self.kind is not LinkKind.INFLUENCE and (self.elasticity is not None or self.elasticity_low is not None
                                                    or self.elasticity_high is not None):
            raise ValueError(f"a {self.kind.value} link has no elasticity")
        if self.kind is not LinkKind.INFLUENCE and self.evidence is not None:
            raise ValueError(f"a {self.kind.value} link has no elasticity, so no evidence for one")
        lo, hi = self.elasticity_low, self.elasticity_high
        if (lo is None) != (hi is None):
            raise ValueError("give both 'elasticity_low' and 'elasticity_high', or neither")
        if lo is not None and hi is not None and lo > hi:
            raise ValueError("'elasticity_low' must not exceed 'elasticity_high'")
        return self

    @property
    def only_restates_formula(self) -> bool:
        """A formula link with nothing of its own: the formula says all of it (not stored in files)."""
        return self.kind is LinkKind.FORMULA and self.confidence is None and not self.rationale

    @property
    def key(self) -> tuple[str, str]:
        return (self.source, self.target)

    def with_changes(self, **changes: object) -> Link:
        data = self.model_dump()
        data.update(changes)
        return Link.model_validate(data)
