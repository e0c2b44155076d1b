"""What the evidence statistics return: plain frozen records that a badge, a scatter chart, the
CLI's JSON and the exports read directly."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from metricscape.model.evidence import Evidence, EvidenceSource


class Verdict(StrEnum):
    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    INCONCLUSIVE = "inconclusive"
    NO_DATA = "no_data"

    @property
    def label(self) -> str:
        return {"supports": "Supported", "contradicts": "Contradicted", "inconclusive": "Inconclusive",
                "no_data": "Not enough data"}[self.value]


@dataclass(frozen=True)
class Scatter:
    """The changes behind an estimate, for the inspector's chart: one point per period, and the line."""

    driver_changes: tuple[float, ...]  # Δlog of the driver over the lags used, per period
    target_changes: tuple[float, ...]  # Δlog of the target in the same period
    intercept: float
    slope: float


@dataclass(frozen=True)
class LinkEvidence:
    """The series' verdict on one influence link, or on a proxy's path to the north star (``path``)."""

    source: str
    target: str
    stated: float | None            # the link's elasticity (for a path: the model's, through the tree)
    stated_low: float | None
    stated_high: float | None
    estimate: float | None          # elasticity estimated from the changes (sum over the lags)
    low: float | None               # 90 % interval (Newey–West)
    high: float | None
    periods: int                    # periods in which both metrics have a value
    lag: int | None                 # the longest lag used (0: same period)
    method: str
    granger_p: float | None
    level_correlation: float | None  # correlation of the levels: shown, never used as evidence
    change_correlation: float | None
    verdict: Verdict
    message: str                    # the verdict in words, for a tooltip or a report
    periods_needed: int = 0         # no_data: how many more periods are needed
    path: bool = False
    scatter: Scatter | None = None
    segment: str = ""

    def to_dict(self) -> dict[str, object]:
        """The stable JSON of ``metricscape evidence`` (scatter points left out)."""
        return {"source": self.source, "target": self.target, "stated": self.stated,
                "estimate": self.estimate, "low": self.low, "high": self.high, "periods": self.periods,
                "lag": self.lag, "method": self.method, "granger_p": self.granger_p,
                "level_correlation": self.level_correlation, "verdict": self.verdict.value,
                "path": self.path, "segment": self.segment, "periods_needed": self.periods_needed,
                "message": self.message}

    def as_evidence(self, today: dt.date) -> Evidence:
        """What adopting this estimate records on the link."""
        if self.estimate is None or self.low is None or self.high is None:
            raise ValueError("there is no estimate to adopt: " + self.message)
        return Evidence(source=EvidenceSource.SERIES, method=self.method, estimate=round(self.estimate, 4),
                        low=round(self.low, 4), high=round(self.high, 4), periods=self.periods, recorded_on=today)


@dataclass(frozen=True)
class LedgerPoint:
    experiment: str
    proxy_lift: float
    proxy_se: float
    star_lift: float
    star_se: float


@dataclass(frozen=True)
class LedgerEvidence:
    """Past experiments' lifts on a proxy against their lifts on the north star."""

    proxy: str
    north_star: str
    experiments: int
    ledger_slope: float | None       # corrected for the noise in both lifts (errors in variables)
    ledger_low: float | None         # 90 % interval (bootstrap over experiments)
    ledger_high: float | None
    naive_slope: float | None        # ordinary least squares, noise ignored: biased towards 0
    sign_agreement: float | None     # share of experiments where both moved the good way together
    agreeing: int
    true_correlation: float | None   # correlation of the true effects (noise removed), within -1..1
    message: str
    points: tuple[LedgerPoint, ...] = field(default=())

    @property
    def validated(self) -> bool:
        """Enough experiments, and a corrected slope whose interval excludes 0."""
        return (self.experiments >= MIN_VALIDATING_EXPERIMENTS and self.ledger_low is not None
                and self.ledger_high is not None and (self.ledger_low > 0 or self.ledger_high < 0))

    def to_dict(self) -> dict[str, object]:
        return {"proxy": self.proxy, "north_star": self.north_star, "ledger_slope": self.ledger_slope,
                "ledger_low": self.ledger_low, "ledger_high": self.ledger_high, "naive_slope": self.naive_slope,
                "sign_agreement": self.sign_agreement, "experiments": self.experiments,
                "true_correlation": self.true_correlation, "validated": self.validated,
                "message": self.message}


MIN_VALIDATING_EXPERIMENTS = 5  # fewer past experiments cannot validate a proxy, whatever their slope
