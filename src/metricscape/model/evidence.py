"""Evidence recorded on an influence link: what the data said about its elasticity, and when.

Pure data, written when a PM adopts an estimate (from the actuals or from the experiment
ledger), so that teammates see why the link's elasticity is what it is, and the health check
can tell when that evidence is older than the metric's review cadence.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field, model_validator

from .metric import Frozen, ShortText


class EvidenceSource(StrEnum):
    SERIES = "series"            # the metrics' own time series (actuals)
    EXPERIMENTS = "experiments"  # the ledger of past experiments


class Evidence(Frozen):
    source: EvidenceSource = EvidenceSource.SERIES
    method: ShortText = Field(description="How it was estimated, in words, e.g. 'weekly changes of logs, "
                                          "lags 0-1, Newey-West 90 % interval'")
    estimate: float
    low: float = Field(description="Lower end of the 90 % interval")
    high: float = Field(description="Upper end of the 90 % interval")
    periods: int = Field(ge=0, description="Periods (series) or experiments the estimate rests on")
    recorded_on: dt.date

    @model_validator(mode="after")
    def _check_interval(self) -> Evidence:
        if not self.low <= self.estimate <= self.high:
            raise ValueError(f"the estimate ({self.estimate:g}) must lie between 'low' ({self.low:g}) "
                             f"and 'high' ({self.high:g})")
        return self

    def contains(self, low: float, high: float) -> bool:
        """Whether the stated range [low, high] meets this interval."""
        return low <= self.high and high >= self.low
