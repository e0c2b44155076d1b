"""Result records of every analysis. ``to_dict()`` gives JSON-ready data whose keys are documented
in docs/simulation.md and stay stable; non-finite numbers become null."""

from __future__ import annotations

import dataclasses
import functools
import math
from dataclasses import dataclass, field
from typing import Any

from metricscape import __version__

# 2: Sobol' replicates, new streams; 3: Sobol' dimensions by importance, precision mode's rounds aimed anew;
# 4: Sobol' points turned along the summarised metric's principal directions, standard errors by sectioning
ENGINE_VERSION = f"metricscape-sim 4 (metricscape {__version__})"


def jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value
    number = float(value)
    return number if math.isfinite(number) else None


class _Record:
    def to_dict(self) -> dict[str, Any]:
        record: dict[str, Any] = jsonable(self)
        return record


@dataclass(frozen=True)
class NonFinite(_Record):
    """A metric whose calculation produced values that are not numbers (a division by zero, the log
    of a negative...). Only the metric where it starts is listed, not everything downstream."""

    metric: str
    name: str
    calculation: str  # e.g. "formula 'a / b'"
    count: int        # how many values (1 for a single evaluation, up to the samples in Monte Carlo)
    of: int
    message: str


@dataclass(frozen=True)
class MetricValue(_Record):
    metric: str
    name: str
    unit: str
    baseline: float
    value: float
    change: float      # value - baseline
    change_pct: float  # relative change in %, NaN (null) when the baseline is 0
    changed_directly: bool = False  # the scenario sets this metric itself


@dataclass(frozen=True)
class Evaluation(_Record):
    """Every metric's value (or those asked for), in file order: the baseline, a what-if or a scenario."""

    label: str
    values: list[MetricValue]
    nonfinite: list[NonFinite]
    engine: str = ENGINE_VERSION

    def value(self, metric_id: str) -> MetricValue:
        return self._by_metric[metric_id]

    def has(self, metric_id: str) -> bool:
        return metric_id in self._by_metric

    @functools.cached_property
    def _by_metric(self) -> dict[str, MetricValue]:
        """Built once: views look up a few metrics many times each, a scan of 5,000 costs ~0.3 ms."""
        return {v.metric: v for v in self.values}


@dataclass(frozen=True)
class Comparison(_Record):
    """Scenarios side by side; ``evaluations[0]`` is the baseline."""

    evaluations: list[Evaluation]
    engine: str = ENGINE_VERSION


@dataclass(frozen=True)
class TornadoBar(_Record):
    input: str
    name: str
    low: float          # the input's low value
    high: float
    source: str         # "P10/P90 of <distribution>" or "±10 % of the baseline"
    target_low: float   # the target metric when the input is at its low
    target_high: float
    swing: float        # |target_high - target_low|
    elasticity: float   # d ln(target) / d ln(input) at the baseline


@dataclass(frozen=True)
class Tornado(_Record):
    target: str
    name: str
    baseline: float
    bars: list[TornadoBar]  # largest swing first
    engine: str = ENGINE_VERSION


@dataclass(frozen=True)
class Histogram(_Record):
    edges: list[float]
    counts: list[int]


@dataclass(frozen=True)
class Summary(_Record):
    metric: str
    name: str
    unit: str
    baseline: float
    mean: float
    sd: float
    p5: float
    p10: float
    p50: float
    p90: float
    p95: float
    target: float | None
    direction: str
    p_meet_target: float | None  # share of the finite samples at or beyond the target, respecting the direction
    histogram: Histogram
    nonfinite: int = 0           # samples left out of the figures because they are not numbers
    nonfinite_share: float = 0.0  # the same, as a share of all samples
    # Standard errors of the figures above, from the spread between independent replicates.
    mean_se: float = 0.0
    sd_se: float = 0.0
    p5_se: float = 0.0
    p10_se: float = 0.0
    p50_se: float = 0.0
    p90_se: float = 0.0
    p95_se: float = 0.0
    p_meet_target_se: float | None = None
    precision: float = 0.0  # reached: the widest 95 % half-width of P10, P50, P90 relative to the figure


@dataclass(frozen=True)
class MonteCarloResult(_Record):
    samples: int                    # samples used (in precision mode: as many as the precision needed)
    seed: int
    summaries: list[Summary]
    nonfinite: list[NonFinite]
    warnings: list[str] = field(default_factory=list)
    label: str = "baseline"
    engine: str = ENGINE_VERSION
    sampler: str = "sobol"          # sobol, lhs or random
    replicates: int = 1             # independent replicates the standard errors come from
    precision: float = 0.0          # reached: the widest of the summaries' precision
    precision_target: float | None = None  # asked for (precision mode), else null
    seconds: float | None = None    # engine time of a precision-mode run (null for a fixed sample count,
                                    # so that its output stays byte-identical from run to run)

    def summary(self, metric_id: str) -> Summary:
        return next(s for s in self.summaries if s.metric == metric_id)


@dataclass(frozen=True)
class SobolIndex(_Record):
    input: str
    name: str
    first: float
    first_ci: float   # half-width of the 95 % confidence interval
    total: float
    total_ci: float


@dataclass(frozen=True)
class SobolResult(_Record):
    target: str
    name: str
    n: int             # base samples; the model ran n * (inputs + 2) times
    seed: int
    indices: list[SobolIndex]  # largest total order first
    warnings: list[str] = field(default_factory=list)
    engine: str = ENGINE_VERSION


@dataclass(frozen=True)
class GoalSeekResult(_Record):
    metric: str
    target: float
    vary: str
    reached: bool
    value: float | None       # the input value that reaches the target, when reached
    result: float             # the metric at that value (or at the best reachable value)
    best_value: float         # the input value that gets closest
    search_low: float
    search_high: float
    baseline: float           # the input's baseline
    message: str
    engine: str = ENGINE_VERSION


@dataclass(frozen=True)
class ExperimentRow(_Record):
    metric: str
    name: str
    kind: str
    baseline: float
    expected: float
    lift_pct: float                # expected relative change, %
    variability: float | None      # coefficient of variation per unit (sd / mean)
    variability_source: str        # "unit_variability", "rate p(1-p)", or "missing"
    sample_size_per_arm: int | None
    note: str


@dataclass(frozen=True)
class ExperimentResult(_Record):
    scenario: str
    alpha: float
    power: float
    rows: list[ExperimentRow]      # north star first, then the easiest to detect
    recommended: str | None
    message: str
    engine: str = ENGINE_VERSION
