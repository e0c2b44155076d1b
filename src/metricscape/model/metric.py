"""Metrics: the nodes of a metric tree, with everything a PM documents about them."""

from __future__ import annotations

import datetime as dt
import keyword
import re
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .distributions import DistributionKind, check_parameters, describe
from .exact import ExactNumber
from .formula import FUNCTIONS

ID_PATTERN = r"^[a-z_][a-z0-9_]{0,63}$"
_ID_RE = re.compile(ID_PATTERN)

MetricId = Annotated[str, Field(pattern=ID_PATTERN, description="Stable slug, e.g. weekly_active_users")]
ShortText = Annotated[str, Field(max_length=500)]
LongText = Annotated[str, Field(max_length=20_000)]


class Frozen(BaseModel):
    """Immutable base: edits replace whole objects, which makes undo trivial.

    Unknown fields are kept (``extra="allow"``) so that a file from a newer minor version of the
    format keeps what this version does not know and writes it back untouched. Files of this
    version are still strict: the reader validates them with ``extra="forbid"``, so a typo such as
    ``"baselin"`` is refused there.
    """

    model_config = ConfigDict(frozen=True, extra="allow", allow_inf_nan=False)


class MetricKind(StrEnum):
    NORTH_STAR = "north_star"
    INPUT = "input"
    PROXY = "proxy"
    GUARDRAIL = "guardrail"

    @property
    def label(self) -> str:
        return {"north_star": "North star", "input": "Input", "proxy": "Proxy", "guardrail": "Guardrail"}[self.value]


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        return {"low": 1, "medium": 2, "high": 3}[self.value]


class Uncertainty(Frozen):
    """How uncertain a metric's value is.

    Parameters by distribution (``mean``/``mode`` default to the metric's baseline):
    normal: mean, sd; lognormal and range: low, high (90 % interval);
    uniform: low, high; triangular and pert: low, mode, high.
    ``floor``/``ceiling`` truncate samples at physical bounds (a rate within 0..1).
    """

    distribution: DistributionKind = DistributionKind.RANGE
    low: float | None = None
    high: float | None = None
    mean: float | None = None
    sd: float | None = Field(default=None, ge=0)
    mode: float | None = None
    floor: float | None = None
    ceiling: float | None = None

    @model_validator(mode="after")
    def _check_parameters(self) -> Uncertainty:
        check_parameters(self.distribution, self.model_dump(exclude={"distribution"}))
        return self

    def describe(self) -> str:
        return describe(self.distribution, self.model_dump(exclude={"distribution"}))


class GamingRisk(Frozen):
    description: LongText
    severity: Severity = Severity.MEDIUM
    detection: LongText = ""
    counter_metric: MetricId | None = Field(default=None, description="Id of the guardrail metric that catches it")
    mitigation: LongText = ""


class Silence(Frozen):
    """A health-check rule switched off for one metric, with the reason why."""

    rule: Annotated[str, Field(max_length=64)]
    reason: ShortText


class Position(Frozen):
    x: float = 0.0
    y: float = 0.0

    @field_validator("x", "y")
    @classmethod
    def _round(cls, v: float) -> float:
        # Rounded so a save after a tiny drag does not churn the file's diff; but a value that would
        # round to 0 (the default, which the writer leaves out) is kept as written: -0.04 stays -0.04.
        return round(v, 1) or v


class Metric(Frozen):
    id: MetricId
    name: Annotated[str, Field(min_length=1, max_length=200)]
    kind: MetricKind = MetricKind.INPUT
    definition: LongText = ""
    unit: Annotated[str, Field(max_length=40)] = ""
    owner: ShortText = ""
    segment: ShortText = ""
    baseline: ExactNumber | None = None
    baseline_source: ShortText = ""
    baseline_as_of: dt.date | None = None
    target: ExactNumber | None = None
    direction: Direction = Direction.HIGHER
    formula: Annotated[str, Field(max_length=1000)] | None = Field(
        default=None, description="How this metric is computed from its inputs, e.g. 'wau * hours_per_user'")
    uncertainty: Uncertainty | None = None
    unit_variability: float | None = Field(
        default=None, ge=0,
        description="Coefficient of variation (sd / mean) of the metric per user, for experiment sizing. "
                    "Rates in 0..1 may leave it empty: their variability follows from the rate.")
    review_cadence_days: int | None = Field(default=None, ge=1, le=3660)
    last_review: dt.date | None = None
    notes: LongText = ""
    rationale: LongText = Field(default="", description="Why this metric drives its parent / the north star")
    gaming_risks: tuple[GamingRisk, ...] = ()
    silenced: tuple[Silence, ...] = ()
    position: Position = Position()
    collapsed: bool = False

    @field_validator("id")
    @classmethod
    def _usable_in_formulas(cls, v: str) -> str:
        if v in _RESERVED:
            raise ValueError(f"the id '{v}' is a reserved word of the formula language; use e.g. '{v}_metric'")
        return v

    @field_validator("formula")
    @classmethod
    def _blank_formula_is_none(cls, v: str | None) -> str | None:
        return v if v and v.strip() else None

    @property
    def is_computed(self) -> bool:
        return self.formula is not None

    def with_changes(self, **changes: object) -> Metric:
        """A validated copy with some fields replaced."""
        data = self.model_dump()
        data.update(changes)
        return Metric.model_validate(data)


def is_valid_id(text: str) -> bool:
    return bool(_ID_RE.fullmatch(text))  # match() would accept a trailing newline


_RESERVED = frozenset(keyword.kwlist) | frozenset(FUNCTIONS) | {"if_"}


def slugify(name: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A readable, unique metric id from a display name: 'D7 retention %' -> 'd7_retention'."""
    slug = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:56] or "metric"
    if slug[0].isdigit():
        slug = "m_" + slug
    if slug in _RESERVED:  # a formula could not refer to 'class', 'min' or 'if_'
        slug += "_metric"
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}_{n}", n + 1
    return candidate
