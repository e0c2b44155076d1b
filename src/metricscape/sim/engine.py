"""``Engine``: one compiled model and every analysis on it (see the package docstring)."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import Any

import numpy as np

from metricscape.model.scenario import Change, Scenario
from metricscape.model.tree import MetricTree

from . import experiment as _experiment
from . import goalseek as _goalseek
from . import montecarlo as _montecarlo
from . import sobol as _sobol
from . import tornado as _tornado
from .correlation import correlation_matrix
from .errors import SimulationError
from .factors import Factor, FactorKind, uncertain_factors
from .memory import BLOCK_BYTES, MAX_SAMPLE_BYTES, available_threads, sample_budget
from .plan import build_plan
from .progress import Progress
from .results import (
    Comparison,
    Evaluation,
    ExperimentResult,
    GoalSeekResult,
    MonteCarloResult,
    SobolResult,
    Tornado,
)
from .sampling import DEFAULT_SAMPLER, Sampler
from .summaries import percentile_precision
from .whatif import change_overrides, evaluation

MIN_SAMPLES = 16
MAX_PRECISION_SECONDS = 10.0  # precision mode stops here and says so


class Engine:
    """A compiled model. Build a new one after every edit of the tree (it is cheap: about 25 ms for
    1,000 metrics); the distributions are only built when an analysis under uncertainty needs them.
    The last Monte Carlo run is kept for ``what_if_samples``: use one Engine per worker thread."""

    def __init__(self, tree: MetricTree) -> None:
        self.tree = tree
        self.plan = build_plan(tree)
        self.names = {m.id: m.name for m in tree.metrics}
        self._last_run: _montecarlo.SampleRun | None = None
        self._layouts: dict[str, dict[str, Any]] = {}  # how Sobol' dimensions are handed out, per summarised metric

    # --- deterministic ------------------------------------------------------------------------

    def baseline(self, metrics: Sequence[str] | None = None) -> Evaluation:
        return evaluation(self.tree, self.plan, self.plan.baseline, "baseline", metrics=metrics)

    def what_if(self, changes: Sequence[Change], label: str = "what-if",
                metrics: Sequence[str] | None = None) -> Evaluation:
        """Every metric (or only ``metrics``) after ``changes``; only the dependents of the changed
        metrics are recomputed."""
        overrides = change_overrides(self.plan, self.plan.baseline, changes)
        values = self.plan.update(self.plan.baseline, overrides, overrides=overrides)
        return evaluation(self.tree, self.plan, values, label, changed=[c.metric for c in changes], metrics=metrics)

    def scenario(self, name: str, metrics: Sequence[str] | None = None) -> Evaluation:
        scenario = self._scenario(name)
        return self.what_if(scenario.changes, label=scenario.name, metrics=metrics)

    def compare(self, names: Iterable[str], metrics: Sequence[str] | None = None) -> Comparison:
        """The baseline and each scenario, with every metric or only ``metrics`` (a view that shows
        three metrics of 5,000 builds three rows per scenario, not 5,000)."""
        return Comparison([self.baseline(metrics), *(self.scenario(n, metrics) for n in names)])

    def tornado(self, metric: str | None = None, swing_pct: float | None = None) -> Tornado:
        swing = self.tree.simulation.tornado_swing_pct if swing_pct is None else swing_pct
        return _tornado.tornado(self.tree, self.plan, self.factors, self._target(metric), swing)

    def goal_seek(self, metric: str, target: float, vary: str,
                  bounds: tuple[float, float] | None = None) -> GoalSeekResult:
        return _goalseek.goal_seek(self.tree, self.plan, self.factors, metric, target, vary, bounds)

    def experiment(self, scenario: str, alpha: float | None = None, power: float | None = None) -> ExperimentResult:
        chosen = self._scenario(scenario)
        overrides = change_overrides(self.plan, self.plan.baseline, chosen.changes)
        values = self.plan.update(self.plan.baseline, overrides, overrides=overrides)
        settings = self.tree.simulation
        return _experiment.experiment(self.tree, self.plan, chosen, values, settings.alpha if alpha is None else alpha,
                                      settings.power if power is None else power)

    # --- under uncertainty --------------------------------------------------------------------

    @cached_property
    def factors(self) -> list[Factor]:
        return uncertain_factors(self.tree, self.plan)

    @cached_property
    def _correlation(self) -> tuple[np.ndarray | None, list[str]]:
        return correlation_matrix(self.factors, self.tree.simulation.correlations, self.names)

    def monte_carlo(self, samples: int | None = None, seed: int | None = None, metrics: Sequence[str] | None = None,
                    progress: Progress | None = None, scenario: str | None = None, *,
                    precision: float | None = None, sampler: Sampler | str = DEFAULT_SAMPLER,
                    threads: int | None = None, max_seconds: float = MAX_PRECISION_SECONDS) -> MonteCarloResult:
        """Summaries of the north star and ``metrics``; the draws are kept for ``what_if_samples``.

        ``precision`` (e.g. 0.001 for ±0.1 %) switches to precision mode: ``samples`` is then ignored and
        as many are drawn as P10, P50 and P90 of the summarised metrics need. ``threads`` (default: every
        core this process may use) never changes the numbers; the app passes fewer to keep its window
        responsive."""
        settings = self.tree.simulation
        seed = settings.seed if seed is None else seed
        shown = self._shown(metrics)
        spearman, warnings = self._correlation
        threads = available_threads() if threads is None else max(1, threads)
        self._last_run = None  # let the previous run's arrays go before allocating the new ones
        if precision is None:
            samples = settings.samples if samples is None else samples
            self._check_size(samples, 0, "samples")  # memory: see _run_options
            options = self._run_options(samples, shown, Sampler(sampler), threads)
            run = _montecarlo.run(self.plan, self.factors, samples, seed, spearman, warnings, options, progress)
        else:
            run = self._precise(precision, shown, seed, spearman, warnings, Sampler(sampler), threads, max_seconds,
                                progress)
        self._last_run = run
        if scenario is not None:
            chosen = self._scenario(scenario)
            return self.what_if_samples(chosen.changes, metrics, label=chosen.name)
        return _montecarlo.summarise(self.tree, self.plan, run, run.values, shown)

    def what_if_samples(self, changes: Sequence[Change], metrics: Sequence[str] | None = None,
                        label: str = "what-if") -> MonteCarloResult:
        """A what-if on the last Monte Carlo run's draws: only dependents of the changes are recomputed
        (a run too large to keep every metric's samples is run again, block by block, with the changes)."""
        last = self._last_run
        if last is None:
            raise SimulationError("run a Monte Carlo simulation first")
        shown = self._shown(metrics)
        if last.lean:
            spearman, warnings = self._correlation
            keep = frozenset(self.plan.index(m) for m in shown)
            options = dataclasses.replace(last.options, keep=keep)
            rerun = _montecarlo.run(self.plan, self.factors, last.samples, last.seed, spearman, warnings, options,
                                    changes=changes)
            return _montecarlo.summarise(self.tree, self.plan, rerun, rerun.values, shown, label=label)
        values = _montecarlo.what_if(self.plan, last, changes)
        return _montecarlo.summarise(self.tree, self.plan, last, values, shown, label=label)

    def _run_options(self, samples: int, shown: list[str], sampler: Sampler, threads: int) -> _montecarlo.RunOptions:
        """Keep every metric's samples when they fit in memory; otherwise keep only the summarised metrics
        and work in blocks. Refuse (before allocating) when even that does not fit."""
        budget = sample_budget()
        rows = len(self.plan) + len(self.factors)
        if samples * rows * 8 * 2 <= budget:  # x2: the blocks and the merged arrays, for a moment
            return _montecarlo.RunOptions(sampler, _montecarlo.REPLICATES, threads, **self._layout(shown[0], sampler))
        lean = samples * len(shown) * 8 * 2
        if lean + threads * BLOCK_BYTES > budget:
            raise SimulationError(f"{samples:,} samples need about {lean / 1e9:.1f} GB of memory, more than the "
                                  f"{budget / 1e9:.1f} GB this computer can spare now; use fewer samples")
        block = max(MIN_SAMPLES, int(BLOCK_BYTES / (rows * 8 * 2)))
        return _montecarlo.RunOptions(sampler, _montecarlo.REPLICATES, threads,
                                      keep=frozenset(self.plan.index(m) for m in shown), block=block,
                                      **self._layout(shown[0], sampler))

    def _precise(self, precision: float, shown: list[str], seed: int, spearman: np.ndarray | None,
                 warnings: list[str], sampler: Sampler, threads: int, max_seconds: float,
                 progress: Progress | None) -> _montecarlo.SampleRun:
        if not 0 < precision < 1:
            raise SimulationError(f"a precision of {precision:g} cannot be reached: ask for e.g. 0.001 (±0.1 %)")
        positions = [self.plan.index(m) for m in shown]
        rows = len(self.plan) + len(self.factors)
        max_samples = max(MIN_SAMPLES, int(sample_budget() / (rows * 8 * 2)))

        def reached(blocks: _montecarlo._Blocks) -> float:
            return max(percentile_precision(blocks.value(i), blocks.segments) for i in positions)

        options = _montecarlo.RunOptions(sampler, _montecarlo.REPLICATES, threads, **self._layout(shown[0], sampler))
        return _montecarlo.precise(self.plan, self.factors, precision, seed, spearman, warnings, options,
                                   frozenset(positions), reached, max_samples, max_seconds, progress)

    def _layout(self, metric: str, sampler: Sampler) -> dict[str, Any]:
        """How a Sobol' run hands out its dimensions for ``metric`` (``RunOptions.rotation`` or ``order``):
        scrambled Sobol' points are spread most evenly in their first dimensions. Other samplers have
        no first dimensions: nothing is spent on them."""
        if sampler is not Sampler.SOBOL:
            return {}
        if metric not in self._layouts:
            spearman, _ = self._correlation
            turn = _montecarlo.principal_turn(self.plan, self.factors, spearman, self.plan.index(metric))
            self._layouts[metric] = {"rotation": turn} if turn is not None else {"order": self._order(metric)}
        return self._layouts[metric]

    def _order(self, metric: str) -> tuple[int, ...] | None:
        """The factors by how far each swings ``metric`` (tornado), largest first, for models with too many
        inputs to turn (``rotation``). On the benchmark tree (benchmarks/bench_precision.py) this made the
        errors of P10 and P90 about 8 % smaller than file order, and file order reversed made them up to
        1.6 times larger. Uncertain elasticities, which the tornado does not swing, come last in their
        own order."""
        try:
            with np.errstate(all="ignore"):  # a swing that overflows only ranks last
                swings = {bar.input: bar.swing for bar in self.tornado(metric).bars}
        except SimulationError:
            swings = {}

        def rank(j: int) -> tuple[float, int]:
            swing = swings.get(self.factors[j].key, math.nan) if self.factors[j].kind is FactorKind.METRIC else math.nan
            return (-swing if math.isfinite(swing) else math.inf, j)

        order = tuple(sorted(range(len(self.factors)), key=rank))
        return None if order == tuple(range(len(self.factors))) else order

    def sobol(self, metric: str | None = None, n: int = 1024, seed: int | None = None,
              progress: Progress | None = None) -> SobolResult:
        self._check_size(n * (len(self.factors) + 2), len(self.plan), "Sobol base samples", shown=n)
        _, warnings = self._correlation
        return _sobol.sobol(self.tree, self.plan, self.factors, self._target(metric), n,
                            self.tree.simulation.seed if seed is None else seed, warnings, progress)

    # --- helpers ------------------------------------------------------------------------------

    @staticmethod
    def _check_size(columns: int, metrics: int, what: str, shown: int | None = None) -> None:
        """Refuse runs that cannot fit in memory before allocating, with a plain message."""
        shown = columns if shown is None else shown
        if shown < MIN_SAMPLES:
            raise SimulationError(f"{shown:,} {what} are too few: use at least {MIN_SAMPLES}")
        if columns * metrics * 8 > MAX_SAMPLE_BYTES:
            raise SimulationError(f"{shown:,} {what} for {metrics:,} metrics need about "
                                  f"{columns * metrics * 8 / 1e9:.0f} GB of memory; use fewer {what}")

    def _target(self, metric: str | None) -> str:
        if metric is not None:
            self.plan.index(metric)
            return metric
        star = self.tree.north_star
        if star is None:
            raise SimulationError("this model has no north star: choose the metric to analyse")
        return star.id

    def _shown(self, metrics: Sequence[str] | None) -> list[str]:
        star = self.tree.north_star
        shown = [star.id] if star is not None else []
        for metric in metrics or ():
            self.plan.index(metric)
            if metric not in shown:
                shown.append(metric)
        if not shown:
            raise SimulationError("this model has no north star: choose the metrics to summarise")
        return shown

    def _scenario(self, name: str) -> Scenario:
        try:
            return self.tree.scenario(name)
        except KeyError as exc:
            raise SimulationError(exc.args[0]) from None
