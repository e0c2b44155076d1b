"""Monte Carlo: draw every uncertain factor, run the plan on the sample arrays, summarise only the
metrics asked for (percentiles of every node would cost more than the simulation itself).

The run's draws and values are kept (``SampleRun``) so a what-if on samples recomputes only what
depends on the changed metric.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from metricscape.model.metric import Direction, Metric
from metricscape.model.scenario import Change
from metricscape.model.tree import MetricTree

from .factors import Factor, split
from .nonfinite import nonfinite_origins
from .plan import Plan
from .progress import Progress, report
from .results import Histogram, MonteCarloResult, Summary
from .sampling import draw
from .whatif import change_overrides

HISTOGRAM_BINS = 40
_QUANTILES = (0.05, 0.10, 0.50, 0.90, 0.95)


@dataclass
class SampleRun:
    """The draws and every metric's samples of one run (scalars for metrics nothing uncertain feeds)."""

    samples: int
    seed: int
    factors: list[Factor]
    sources: dict[int, Any]
    elasticities: dict[int, Any]
    values: list[Any]
    warnings: list[str]


def run(plan: Plan, factors: list[Factor], samples: int, seed: int, spearman: np.ndarray | None,
        warnings: list[str], progress: Progress | None = None) -> SampleRun:
    report(progress, 0.0)
    draws = draw(factors, samples, seed, spearman)
    report(progress, 0.3)
    sources, elasticities = split(factors, list(draws))
    every = max(1, len(plan) // 50)

    def on_step(i: int) -> None:
        if i % every == 0:
            report(progress, 0.3 + 0.7 * i / len(plan))

    values = plan.evaluate(sources=sources, elasticities=elasticities, on_step=on_step if progress else None)
    report(progress, 1.0)
    return SampleRun(samples, seed, factors, sources, elasticities, values, warnings)


def what_if(plan: Plan, sample_run: SampleRun, changes: Iterable[Change]) -> list[Any]:
    """The run's samples with ``changes`` applied (to the sampled values), recomputing only dependents."""
    overrides = change_overrides(plan, sample_run.values, changes)
    return plan.update(sample_run.values, overrides, sources=sample_run.sources, overrides=overrides,
                       elasticities=sample_run.elasticities)


def summarise(tree: MetricTree, plan: Plan, sample_run: SampleRun, values: Sequence[Any], metrics: Iterable[str],
              label: str = "baseline") -> MonteCarloResult:
    by_id = tree.metrics_by_id()
    positions = [plan.index(m) for m in metrics]
    summaries = [_summary(by_id[plan.ids[i]], plan.baseline[i], values[i], sample_run.samples) for i in positions]
    bad = [i for i, s in zip(positions, summaries, strict=True) if s.nonfinite]
    names = {m.id: m.name for m in tree.metrics}
    nonfinite = nonfinite_origins(plan, values, check=bad, names=names) if bad else []
    return MonteCarloResult(samples=sample_run.samples, seed=sample_run.seed, summaries=summaries,
                            nonfinite=nonfinite, warnings=list(sample_run.warnings), label=label)


def _summary(metric: Metric, baseline: float, value: Any, samples: int) -> Summary:
    x = np.broadcast_to(np.asarray(value, dtype=float), (samples,))
    ordered = np.sort(x[np.isfinite(x)])  # one sort serves every percentile and the histogram
    nan = float("nan")
    if ordered.size:
        p5, p10, p50, p90, p95 = quantiles(ordered, _QUANTILES)
        edges, counts = histogram(ordered, HISTOGRAM_BINS)
        mean, sd = float(ordered.mean()), float(ordered.std(ddof=1)) if ordered.size > 1 else 0.0
    else:
        p5 = p10 = p50 = p90 = p95 = mean = sd = nan
        counts, edges = np.zeros(0, dtype=int), np.zeros(0)
    p_meet = None
    if metric.target is not None:
        side = "left" if metric.direction is Direction.HIGHER else "right"
        below = int(np.searchsorted(ordered, metric.target, side=side))  # type: ignore[call-overload]  # side is "left" or "right"  # values < target (<= for lower)
        p_meet = (ordered.size - below if metric.direction is Direction.HIGHER else below) / samples
    return Summary(metric=metric.id, name=metric.name, unit=metric.unit, baseline=baseline, mean=mean, sd=sd,
                   p5=float(p5), p10=float(p10), p50=float(p50), p90=float(p90), p95=float(p95),
                   target=metric.target, direction=metric.direction.value, p_meet_target=p_meet,
                   histogram=Histogram(edges=edges.tolist(), counts=counts.tolist()),
                   nonfinite=int(samples - ordered.size))


def quantiles(ordered: np.ndarray, qs: Sequence[float]) -> list[float]:
    """``numpy.quantile(..., method="linear")`` of already sorted data (sorting once is faster
    than numpy's partition per call)."""
    position = np.asarray(qs) * (ordered.size - 1)
    low = np.floor(position).astype(int)
    high = np.minimum(low + 1, ordered.size - 1)
    result: list[float] = (ordered[low] + (ordered[high] - ordered[low]) * (position - low)).tolist()
    return result


def histogram(ordered: np.ndarray, bins: int) -> tuple[np.ndarray, np.ndarray]:
    """``numpy.histogram(..., bins)`` of already sorted data: equal bins from min to max, each
    half-open except the last."""
    low, high = float(ordered[0]), float(ordered[-1])
    if low == high:
        low, high = low - 0.5, high + 0.5
    edges = np.linspace(low, high, bins + 1)
    index = np.searchsorted(ordered, edges, side="left")
    index[-1] = ordered.size
    return edges, np.diff(index)
