"""Marginal distributions of uncertain inputs, built from a metric's ``Uncertainty``.

Every marginal maps a standard normal draw ``z`` to a value (``from_normal``), which is what the
Gaussian copula in ``sampling`` needs: normal and lognormal in closed form, the others through
their quantile function of Phi(z). ``floor``/``ceiling`` *truncate* (the distribution is
conditioned on the bounds, so no mass piles up at a bound as clipping would do). A rate (unit "%")
with no explicit bounds is truncated to 0..1.

Quantiles and CDFs come from scipy.special (ndtr, ndtri, betainc, betaincinv) rather than frozen
``scipy.stats`` objects, which cost about 2 ms each to create: a 1,000-input model would wait
seconds before its first run. The tests check every family against ``scipy.stats``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from statistics import NormalDist
from typing import Any

import numpy as np

from metricscape.model.distributions import DistributionKind
from metricscape.model.link import Link
from metricscape.model.metric import Metric, Uncertainty

from .errors import SimulationError

Z90 = 1.6448536269514722  # scipy.special.ndtri(0.95): a 90 % interval spans mean ± 1.645 sd
_STANDARD = NormalDist()


def _special() -> Any:
    """scipy.special, imported on first use (~0.15 s the app's first window does not need)."""
    from scipy import special

    return special


class Family(StrEnum):
    NORMAL = "normal"          # params: loc, scale
    LOGNORMAL = "lognormal"    # params: mu, sigma of the log
    UNIFORM = "uniform"        # params: low, high
    TRIANGULAR = "triangular"  # params: low, mode, high
    PERT = "pert"              # params: low, high, alpha, beta (a beta distribution on low..high)


@dataclass(frozen=True)
class Marginal:
    """One input's distribution, optionally truncated (``cdf_bounds`` in probability)."""

    description: str
    family: Family
    params: tuple[float, ...]
    cdf_bounds: tuple[float, float] = (0.0, 1.0)

    @property
    def truncated(self) -> bool:
        return self.cdf_bounds != (0.0, 1.0)

    @property
    def mean(self) -> float:
        """The mean before truncation."""
        p = self.params
        return {Family.NORMAL: lambda: p[0], Family.LOGNORMAL: lambda: math.exp(p[0] + p[1] ** 2 / 2),
                Family.UNIFORM: lambda: (p[0] + p[1]) / 2, Family.TRIANGULAR: lambda: sum(p) / 3,
                Family.PERT: lambda: p[0] + (p[1] - p[0]) * p[2] / (p[2] + p[3])}[self.family]()

    def ppf(self, q: Any) -> Any:
        """The quantile function (of the truncated distribution, when truncated)."""
        q = np.asarray(q, dtype=float)
        if self.truncated:
            lo, hi = self.cdf_bounds
            q = lo + q * (hi - lo)
        return self._ppf(q)

    @property
    def closed_form(self) -> bool:
        """Whether a standard normal draw maps to a value without a quantile function (the cheap case)."""
        return not self.truncated and self.family in (Family.NORMAL, Family.LOGNORMAL)

    def from_normal(self, z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """Values for standard normal draws ``z``: the marginal's ppf of Phi(z)."""
        if self.closed_form:
            return self._from_z(z, out)
        return self._into(self.ppf(_special().ndtr(z)), out)

    def from_uniform(self, u: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """Values for uniform draws ``u`` in (0, 1): the quantile function."""
        return self._into(self.ppf(u), out)

    @staticmethod
    def _into(values: np.ndarray, out: np.ndarray | None) -> np.ndarray:
        if out is None:
            return values
        out[...] = values
        return out

    def percentile(self, p: float) -> float:
        """One quantile (P10 is ``percentile(10)``), with plain floats where possible: tornado asks for thousands."""
        lo, hi = self.cdf_bounds
        q = lo + p / 100.0 * (hi - lo)
        if self.family is Family.NORMAL:
            return self.params[0] + self.params[1] * _STANDARD.inv_cdf(q)
        if self.family is Family.LOGNORMAL:
            return math.exp(self.params[0] + self.params[1] * _STANDARD.inv_cdf(q))
        return float(self._ppf(np.asarray(q)))

    def cdf(self, x: float) -> float:
        """P(value <= x) before truncation."""
        p = self.params
        if self.family is Family.NORMAL:
            return _STANDARD.cdf((x - p[0]) / p[1])
        if self.family is Family.LOGNORMAL:
            return 0.0 if x <= 0 else _STANDARD.cdf((math.log(x) - p[0]) / p[1])
        if self.family is Family.UNIFORM:
            return min(max((x - p[0]) / (p[1] - p[0]), 0.0), 1.0)
        if self.family is Family.TRIANGULAR:
            low, mode, high = p
            if x <= low:
                return 0.0
            if x >= high:
                return 1.0
            if x <= mode:
                return (x - low) ** 2 / ((high - low) * (mode - low))
            return 1 - (high - x) ** 2 / ((high - low) * (high - mode))
        low, high, a, b = p
        return float(_special().betainc(a, b, min(max((x - low) / (high - low), 0.0), 1.0)))

    def _from_z(self, z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        loc, scale = self.params
        if np.ndim(z) == 0:
            x = z * scale + loc
            return x if self.family is Family.NORMAL else np.exp(x)
        out = np.multiply(z, scale, out=out)  # in place from here: draws are the largest arrays of a run
        out += loc
        return out if self.family is Family.NORMAL else np.exp(out, out=out)

    def _ppf(self, q: np.ndarray) -> Any:
        p = self.params
        if self.family in (Family.NORMAL, Family.LOGNORMAL):
            return self._from_z(_special().ndtri(q))
        if self.family is Family.UNIFORM:
            return p[0] + q * (p[1] - p[0])
        if self.family is Family.TRIANGULAR:
            low, mode, high = p
            c = (mode - low) / (high - low)
            with np.errstate(invalid="ignore"):
                left = low + np.sqrt(q * (high - low) * (mode - low))
                right = high - np.sqrt((1 - q) * (high - low) * (high - mode))
            return np.where(q < c, left, right)
        low, high, a, b = p
        return low + (high - low) * _special().betaincinv(a, b, q)


def metric_marginal(metric: Metric) -> Marginal | None:
    """The marginal of a metric's value, or None when the metric has no uncertainty (or a fixed one)."""
    u = metric.uncertainty
    if u is None:
        return None
    where = f"the uncertainty of '{metric.name}'"
    marginal = _untruncated(u, metric.baseline, where)
    if marginal is None:
        return None
    bounds = value_bounds(metric)
    floor, ceiling = (None, None) if bounds is None else bounds
    return _truncate(marginal, floor, ceiling, where)


def value_bounds(metric: Metric) -> tuple[float | None, float | None] | None:
    """The bounds an uncertain input's samples stay within: its floor/ceiling, or 0..1 for a rate (unit "%")
    with neither. Scenario changes of its samples keep to them too."""
    u = metric.uncertainty
    if u is None or u.distribution is DistributionKind.FIXED or metric.formula is not None:
        return None
    if u.floor is None and u.ceiling is None:
        return (0.0, 1.0) if metric.unit.strip() == "%" else None
    return u.floor, u.ceiling


def elasticity_marginal(link: Link) -> Marginal | None:
    """An uncertain elasticity: normal, with elasticity_low..elasticity_high as its 90 % interval."""
    lo, hi = link.elasticity_low, link.elasticity_high
    if lo is None or hi is None or lo == hi:
        return None
    return Marginal(f"elasticity {lo:g} to {hi:g}", Family.NORMAL, ((lo + hi) / 2, (hi - lo) / (2 * Z90)))


Builder = Callable[[Uncertainty, float | None, str], Marginal | None]
SAMPLERS: dict[DistributionKind, Builder] = {}  # every kind of model.distributions.DISTRIBUTIONS has one


def implements(kind: DistributionKind) -> Callable[[Builder], Builder]:
    """Register how a declared distribution kind becomes a marginal (None: nothing uncertain)."""
    def register(build: Builder) -> Builder:
        SAMPLERS[kind] = build
        return build
    return register


def _untruncated(u: Uncertainty, baseline: float | None, where: str) -> Marginal | None:
    marginal = SAMPLERS[u.distribution](u, baseline, where)
    if marginal is None or marginal.family not in (Family.NORMAL, Family.LOGNORMAL):
        return marginal
    centre, scale = marginal.params
    if not (math.isfinite(centre) and math.isfinite(scale)):  # e.g. a range from -1e308 to 1e308
        raise SimulationError(f"{where}: the range {u.describe()} is too wide to simulate; narrow it")
    return marginal if scale > 0 else None  # narrower than a float can tell apart: as good as fixed


@implements(DistributionKind.FIXED)
def _fixed(u: Uncertainty, baseline: float | None, where: str) -> Marginal | None:
    return None


@implements(DistributionKind.NORMAL)
def _normal(u: Uncertainty, baseline: float | None, where: str) -> Marginal | None:
    mean = _default(u.mean, baseline, where, "mean")
    return None if not u.sd else Marginal(u.describe(), Family.NORMAL, (mean, float(u.sd)))


def _ends(u: Uncertainty) -> tuple[float, float] | None:
    assert u.low is not None and u.high is not None  # validated by Uncertainty
    return None if u.low == u.high else (float(u.low), float(u.high))


@implements(DistributionKind.LOGNORMAL)
def _lognormal(u: Uncertainty, baseline: float | None, where: str) -> Marginal | None:
    ends = _ends(u)
    if ends is None:
        return None
    low, high = ends
    mu, sigma = (math.log(low) + math.log(high)) / 2, (math.log(high) - math.log(low)) / (2 * Z90)
    return Marginal(u.describe(), Family.LOGNORMAL, (mu, sigma))


@implements(DistributionKind.RANGE)
def _range(u: Uncertainty, baseline: float | None, where: str) -> Marginal | None:
    ends = _ends(u)
    if ends is None:
        return None
    low, high = ends
    if low > 0:  # as Squiggle and Guesstimate read "a to b"
        return _lognormal(u, baseline, where)
    return Marginal(u.describe(), Family.NORMAL, ((low + high) / 2, (high - low) / (2 * Z90)))


@implements(DistributionKind.UNIFORM)
def _uniform(u: Uncertainty, baseline: float | None, where: str) -> Marginal | None:
    ends = _ends(u)
    return None if ends is None else Marginal(u.describe(), Family.UNIFORM, ends)


def _three_point(u: Uncertainty, baseline: float | None, where: str) -> tuple[float, float, float] | None:
    ends = _ends(u)
    if ends is None:
        return None
    low, high = ends
    mode = _default(u.mode, baseline, where, "mode")
    if not low <= mode <= high:
        raise SimulationError(f"{where}: the baseline {mode:g} lies outside {low:g} to {high:g}; "
                              "set its 'mode' or widen the range")
    return low, mode, high


@implements(DistributionKind.TRIANGULAR)
def _triangular(u: Uncertainty, baseline: float | None, where: str) -> Marginal | None:
    points = _three_point(u, baseline, where)
    return None if points is None else Marginal(u.describe(), Family.TRIANGULAR, points)


@implements(DistributionKind.PERT)
def _pert(u: Uncertainty, baseline: float | None, where: str) -> Marginal | None:
    points = _three_point(u, baseline, where)
    if points is None:
        return None
    low, mode, high = points
    c = (mode - low) / (high - low)  # PERT: mean (low + 4 mode + high) / 6
    return Marginal(u.describe(), Family.PERT, (low, high, 1 + 4 * c, 1 + 4 * (1 - c)))


def _default(value: float | None, baseline: float | None, where: str, name: str) -> float:
    if value is not None:
        return float(value)
    if baseline is None:
        raise SimulationError(f"{where}: give a {name} or a baseline value")
    return float(baseline)


def _truncate(marginal: Marginal, floor: float | None, ceiling: float | None, where: str) -> Marginal:
    lo = 0.0 if floor is None else marginal.cdf(floor)
    hi = 1.0 if ceiling is None else marginal.cdf(ceiling)
    lo, hi = (0.0 if lo < 1e-12 else lo), (1.0 if hi > 1 - 1e-12 else hi)  # bounds that cut nothing
    if (lo, hi) == (0.0, 1.0):
        return marginal
    if hi - lo < 1e-9:
        bounds = f"{'-∞' if floor is None else f'{floor:g}'} to {'∞' if ceiling is None else f'{ceiling:g}'}"
        raise SimulationError(f"{where} ({marginal.description}) lies almost entirely outside its bounds "
                              f"{bounds}; check its range and its floor/ceiling")
    return Marginal(marginal.description, marginal.family, marginal.params, cdf_bounds=(lo, hi))
