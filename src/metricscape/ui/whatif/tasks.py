"""The analyses the worker runs, as plain functions of an immutable tree (no Qt).

Each task builds what it needs from the tree snapshot it was given, so the GUI thread can keep
editing the document meanwhile. Monte Carlo draws are kept per tree, sample count and seed: moving
a slider again only recomputes the dependents of that input on the kept draws.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from metricscape.model import MetricTree
from metricscape.model.scenario import Change
from metricscape.sim import Engine, MonteCarloResult, SobolResult, Tornado
from metricscape.sim.memory import available_threads

Progress = Callable[[float], bool]
OUTLOOK_PRECISION = 0.005  # P10, P50 and P90 within ±0.5 % (95 % sure)


@dataclass(frozen=True)
class Distribution:
    """The uncertain outlook: the baseline's and, when there are changes, the what-if's."""

    baseline: MonteCarloResult
    what_if: MonteCarloResult | None
    label: str  # what the what-if is: a scenario's name or "What-if"


class SampleCache:
    """The last Monte Carlo run, reused while the tree, samples and seed stay the same."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: object = None
        self._engine: Engine | None = None
        self._baseline_metrics: tuple[str, ...] = ()
        self._baseline: MonteCarloResult | None = None

    def distribution(self, tree: MetricTree, key: object, changes: Sequence[Change], metrics: Sequence[str],
                     label: str, progress: Progress) -> Distribution:
        """``key``: what the numbers depend on (``live.numbers_key``); the draws are reused while it holds."""
        seed = tree.simulation.seed
        with self._lock:
            if self._key != key or self._engine is None:
                engine = Engine(tree)
                # Precision mode: as many samples as the outlook's figures need, not the file's sample count
                # (opening a file never allocates more than that); one core is left to the window.
                baseline = engine.monte_carlo(seed=seed, metrics=metrics, progress=progress,
                                              precision=OUTLOOK_PRECISION, threads=max(1, available_threads() - 1))
                self._key, self._engine = key, engine
                self._baseline, self._baseline_metrics = baseline, tuple(metrics)
            engine = self._engine
            if tuple(metrics) != self._baseline_metrics or self._baseline is None:
                self._baseline = engine.what_if_samples([], metrics, label="baseline")
                self._baseline_metrics = tuple(metrics)
            baseline = self._baseline
            what_if = engine.what_if_samples(list(changes), metrics, label=label) if changes else None
        return Distribution(baseline=baseline, what_if=what_if, label=label)


def tornado(tree: MetricTree, metric: str | None, progress: Progress) -> Tornado:
    progress(0.0)
    result = Engine(tree).tornado(metric)
    progress(1.0)
    return result


def sobol(tree: MetricTree, metric: str | None, n: int, progress: Progress) -> SobolResult:
    return Engine(tree).sobol(metric, n=n, progress=progress)
