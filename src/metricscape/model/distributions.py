"""Every distribution an uncertain input may take, declared once: its parameters, their labels and
checks, and how it reads. The model validates with it, the inspector builds its fields from it, the
schema takes its names, and ``sim.distributions`` registers one sampler per kind (a test checks that
every kind declared here has one). Adding a distribution: docs/extending.md, "Distribution".

Pure data, no numpy: the model layer stays importable without it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class DistributionKind(StrEnum):
    FIXED = "fixed"
    NORMAL = "normal"
    LOGNORMAL = "lognormal"
    UNIFORM = "uniform"
    TRIANGULAR = "triangular"
    PERT = "pert"
    RANGE = "range"  # a 90 % interval: lognormal when both ends are positive, normal otherwise


@dataclass(frozen=True)
class Parameter:
    name: str                          # the field of ``Uncertainty``
    label: str                         # what the inspector shows
    tip: str
    baseline_default: bool = False     # left empty, it takes the metric's baseline


LOW = Parameter("low", "Low", "The low end of the range")
HIGH = Parameter("high", "High", "The high end of the range")
MEAN = Parameter("mean", "Mean", "The centre; empty means the baseline", baseline_default=True)
SD = Parameter("sd", "Spread (sd)", "One standard deviation: about 2 in 3 values fall within mean ± spread")
MODE = Parameter("mode", "Most likely", "The most likely value; empty means the baseline", baseline_default=True)
FLOOR = Parameter("floor", "Never below", "A hard lower limit, e.g. 0 for a count (optional)")
CEILING = Parameter("ceiling", "Never above", "A hard upper limit, e.g. 100 % for a rate (optional)")
BOUNDS = (FLOOR, CEILING)  # every distribution but 'fixed' may be truncated by them


@dataclass(frozen=True)
class Distribution:
    kind: DistributionKind
    label: str                         # the inspector's choice
    tip: str
    parameters: tuple[Parameter, ...]
    reads: str                         # how it is described, e.g. "normal({mean}, sd {sd})"
    positive_low: bool = False         # 'low' must be above 0 (a lognormal)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.parameters if not p.baseline_default)

    @property
    def truncatable(self) -> bool:
        return bool(self.parameters)


DISTRIBUTIONS: dict[DistributionKind, Distribution] = {d.kind: d for d in (
    Distribution(DistributionKind.RANGE, "Range (90 % sure)",
                 "The value is 90 % likely to lie between low and high. The easiest to estimate",
                 (LOW, HIGH), "{low} to {high}"),
    Distribution(DistributionKind.NORMAL, "Normal (mean ± spread)",
                 "Symmetric around the mean; the spread is one standard deviation",
                 (MEAN, SD), "normal({mean}, sd {sd})"),
    Distribution(DistributionKind.LOGNORMAL, "Lognormal (skewed range)",
                 "A 90 % range for positive values with a long upper tail",
                 (LOW, HIGH), "{low} to {high} (lognormal)", positive_low=True),
    Distribution(DistributionKind.UNIFORM, "Uniform (any value in range)",
                 "Every value between low and high equally likely", (LOW, HIGH), "uniform({low}, {high})"),
    Distribution(DistributionKind.TRIANGULAR, "Triangular (low, likely, high)",
                 "Three-point estimate, straight-sided", (LOW, MODE, HIGH), "triangular({low}, {mode}, {high})"),
    Distribution(DistributionKind.PERT, "PERT (low, likely, high)",
                 "Three-point estimate, smooth; less weight on the extremes", (LOW, MODE, HIGH),
                 "pert({low}, {mode}, {high})"),
    Distribution(DistributionKind.FIXED, "Fixed", "Explicitly certain: the baseline is used as is", (), "fixed"),
)}


def check_parameters(kind: DistributionKind, values: dict[str, float | None]) -> None:
    """Raise ValueError (the message a PM reads) when ``values`` do not make a ``kind`` distribution."""
    d = DISTRIBUTIONS[kind]
    missing = [name for name in d.required if values.get(name) is None]
    if missing:
        raise ValueError(f"a {kind.value} distribution needs " + " and ".join(f"'{name}'" for name in d.required))
    low, high, mode = values.get("low"), values.get("high"), values.get("mode")
    if low is not None and high is not None and low > high:
        raise ValueError(f"'low' ({low:g}) must not exceed 'high' ({high:g})")
    if d.positive_low and low is not None and low <= 0:
        raise ValueError(f"a {kind.value} distribution needs a positive 'low'")
    if "mode" in (p.name for p in d.parameters) and mode is not None and low is not None and high is not None \
            and not low <= mode <= high:
        raise ValueError("'mode' must lie between 'low' and 'high'")
    floor, ceiling = values.get("floor"), values.get("ceiling")
    if floor is not None and ceiling is not None and floor > ceiling:
        raise ValueError("'floor' must not exceed 'ceiling'")


def describe(kind: DistributionKind, values: dict[str, float | None]) -> str:
    d = DISTRIBUTIONS[kind]
    shown = {p.name: "baseline" if values.get(p.name) is None else f"{values[p.name]:g}" for p in d.parameters}
    return d.reads.format(**shown)
