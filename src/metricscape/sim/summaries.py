"""One metric's summary from its samples, with the standard error of every figure.

The samples come as independent replicates (``sampling``): each figure is computed on all samples
pooled, and its standard error by *sectioning* (Nakayama et al., "Confidence intervals for quantiles
with randomized quasi-Monte Carlo", 2020): the root mean square of the replicates' figures around the
pooled one, over sqrt(replicates). Around the pooled figure rather than around their own mean, so the
error of a percentile taken from fewer samples counts too. It matters where the points are stratified
in one dimension (one uncertain input, or a product of lognormals once ``rotation`` has turned it):
there the pooled percentile varies twice as much as the replicates' percentiles did around their mean,
and the old spread claimed half the error it made. ``benchmarks/bench_precision.py`` checks the
errors against the spread observed over 100 seeds, and the suite on such a product.

Samples that are not numbers are left out of every figure, the chance of meeting the target included,
and counted (``nonfinite``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from metricscape.model.metric import Direction, Metric

from .results import Histogram, Summary

HISTOGRAM_BINS = 40
QUANTILES = (0.05, 0.10, 0.50, 0.90, 0.95)
Z95 = 1.959963984540054  # precision is the half-width of a 95 % interval, relative to the figure
PRECISION_FIGURES = ("p10", "p50", "p90")  # the figures the app shows; precision mode aims at these
_PRECISION_QS = (0.10, 0.50, 0.90)


@dataclass(frozen=True)
class Figures:
    """The figures of one set of finite samples: mean, sd, the QUANTILES, and the share meeting the target."""

    values: tuple[float, ...]  # mean, sd, p5, p10, p50, p90, p95, p_meet

    @staticmethod
    def of(finite: np.ndarray, metric: Metric) -> Figures:
        nan = math.nan
        if finite.size == 0:
            return Figures((nan,) * 8)
        mean = float(finite.mean())
        sd = float(finite.std(ddof=1)) if finite.size > 1 else 0.0
        p_meet = nan
        if metric.target is not None:
            meets = finite >= metric.target if metric.direction is Direction.HIGHER else finite <= metric.target
            p_meet = float(np.count_nonzero(meets)) / finite.size
        return Figures((mean, sd, *quantiles(finite, QUANTILES), p_meet))


def quantiles(data: np.ndarray, qs: Sequence[float]) -> list[float]:
    """``numpy.quantile(data, qs, method="linear")`` by selection, not a full sort."""
    position = np.asarray(qs) * (data.size - 1)
    low = np.floor(position).astype(int)
    high = np.minimum(low + 1, data.size - 1)
    chosen = np.array(data, dtype=float)  # selected in place: a copy, the caller's order stays
    _select(chosen, 0, chosen.size, sorted({*low.tolist(), *high.tolist()}))
    return [float(v) for v in chosen[low] + (chosen[high] - chosen[low]) * (position - low)]


def _select(data: np.ndarray, start: int, stop: int, ranks: list[int]) -> None:
    """Put the order statistics ``ranks`` (sorted, within start..stop) in their places: the middle one
    first, then each side on its own part. Each step asks ``partition`` for one rank only, which
    numpy does with SIMD selection; asked for several at once it falls back to a path measured 6x
    slower than a full sort (0.6 M samples: 16 ms; one rank at a time here: under 2 ms)."""
    if not ranks:
        return
    middle = len(ranks) // 2
    rank = ranks[middle]
    data[start:stop].partition(rank - start)
    _select(data, start, rank, ranks[:middle])
    _select(data, rank + 1, stop, ranks[middle + 1:])


def histogram(data: np.ndarray, bins: int) -> tuple[np.ndarray, np.ndarray]:
    """Equal bins from min to max (a certain value gets one unit-wide range around it)."""
    low, high = float(data.min()), float(data.max())
    if low == high:
        low, high = low - 0.5, high + 0.5
    counts, edges = np.histogram(data, bins=bins, range=(low, high))
    return edges, counts


def summary(metric: Metric, baseline: float, value: Any, segments: Sequence[tuple[int, int]]) -> Summary:
    """The summary of ``value``: samples laid out in ``segments`` of (replicate, length), or a single
    number for a metric nothing uncertain feeds."""
    samples = sum(length for _, length in segments)
    x = np.broadcast_to(np.asarray(value, dtype=float), (samples,))
    finite = x[np.isfinite(x)]
    pooled = Figures.of(finite, metric)
    replicates = by_replicate(x, segments) if np.ndim(value) else []
    errors = _errors(pooled.values, replicates, lambda part: Figures.of(part, metric).values)
    mean, sd, p5, p10, p50, p90, p95, p_meet = pooled.values
    mean_se, sd_se, p5_se, p10_se, p50_se, p90_se, p95_se, p_meet_se = errors
    if finite.size:
        edges, counts = histogram(finite, HISTOGRAM_BINS)
    else:
        edges, counts = np.zeros(0), np.zeros(0, dtype=int)
    has_target = metric.target is not None
    return Summary(
        metric=metric.id, name=metric.name, unit=metric.unit, baseline=baseline, mean=mean, sd=sd,
        p5=p5, p10=p10, p50=p50, p90=p90, p95=p95, target=metric.target, direction=metric.direction.value,
        p_meet_target=p_meet if has_target else None,
        histogram=Histogram(edges=edges.tolist(), counts=counts.tolist()),
        nonfinite=int(samples - finite.size),
        nonfinite_share=(samples - finite.size) / samples if samples else 0.0,
        mean_se=mean_se, sd_se=sd_se, p5_se=p5_se, p10_se=p10_se, p50_se=p50_se, p90_se=p90_se, p95_se=p95_se,
        p_meet_target_se=p_meet_se if has_target else None,
        precision=precision_of(((p10, p10_se), (p50, p50_se), (p90, p90_se))))


def percentile_precision(value: Any, segments: Sequence[tuple[int, int]]) -> float:
    """``summary(...).precision`` alone (P10, P50 and P90 and their errors): what precision mode checks
    after each round, without the other figures and the histogram."""
    if not np.ndim(value):
        return 0.0 if math.isfinite(float(value)) else math.inf
    x = np.asarray(value, dtype=float)

    def percentiles(finite: np.ndarray) -> Sequence[float]:
        return quantiles(finite, _PRECISION_QS) if finite.size else [math.nan] * len(_PRECISION_QS)

    pooled = percentiles(x[np.isfinite(x)])
    errors = _errors(pooled, by_replicate(x, segments), percentiles)
    return precision_of(list(zip(pooled, errors, strict=True)))


def _errors(pooled: Sequence[float], replicates: Sequence[np.ndarray],
            figures_of: Callable[[np.ndarray], Sequence[float]]) -> list[float]:
    """The standard errors of the ``pooled`` figures by sectioning, ``figures_of`` giving each
    replicate's own from its finite samples; none (0, or NaN for a figure that is not a number)
    without two replicates."""
    if len(replicates) < 2:
        return [0.0 if math.isfinite(v) else math.nan for v in pooled]
    per_replicate = np.array([figures_of(part[np.isfinite(part)]) for part in replicates])
    with np.errstate(invalid="ignore"):
        deviations = per_replicate - np.asarray(pooled, dtype=float)
        spread = np.sqrt((deviations ** 2).sum(axis=0) / (len(replicates) - 1))
    errors: list[float] = (spread / math.sqrt(len(replicates))).tolist()
    return errors


def precision_of(figures: Sequence[tuple[float, float]]) -> float:
    """The largest relative half-width of a 95 % interval among ``(figure, standard error)`` pairs:
    0.001 means every figure is within ±0.1 % (95 % sure). Infinite when a figure is 0 or not a number
    but uncertain."""
    worst = 0.0
    for figure, se in figures:
        if se == 0:
            continue
        if not (math.isfinite(figure) and math.isfinite(se)) or figure == 0:
            return math.inf
        worst = max(worst, Z95 * se / abs(figure))
    return worst


def by_replicate(x: np.ndarray, segments: Sequence[tuple[int, int]]) -> list[np.ndarray]:
    """Each replicate's samples (views when a replicate is one stretch, as in a fixed-size run)."""
    pieces: dict[int, list[np.ndarray]] = {}
    start = 0
    for replicate, length in segments:
        pieces.setdefault(replicate, []).append(x[start:start + length])
        start += length
    return [p[0] if len(p) == 1 else np.concatenate(p) for _, p in sorted(pieces.items())]
