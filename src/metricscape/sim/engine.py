"""``Engine``: one compiled model and every analysis on it (see the package docstring)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cached_property

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
from .factors import Factor, uncertain_factors
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
from .whatif import change_overrides, evaluation

MIN_SAMPLES = 16
MAX_SAMPLE_BYTES = 4e9  # every metric's samples are kept (what-ifs on kept draws need them)


class Engine:
    """A compiled model. Build a new one after every edit of the tree (it is cheap: about 25 ms for
    1,000 metrics); the distributions are only built when an analysis under uncertainty needs them.
    The last Monte Carlo run is kept for ``what_if_samples``: use one Engine per worker thread."""

    def __init__(self, tree: MetricTree) -> None:
        self.tree = tree
        self.plan = build_plan(tree)
        self.names = {m.id: m.name for m in tree.metrics}
        self._last_run: _montecarlo.SampleRun | None = None

    # --- deterministic ------------------------------------------------------------------------

    def baseline(self) -> Evaluation:
        return evaluation(self.tree, self.plan, self.plan.baseline, "baseline")

    def what_if(self, changes: Sequence[Change], label: str = "what-if") -> Evaluation:
        """Every metric after ``changes``; only the dependents of the changed metrics are recomputed."""
        overrides = change_overrides(self.plan, self.plan.baseline, changes)
        values = self.plan.update(self.plan.baseline, overrides, overrides=overrides)
        return evaluation(self.tree, self.plan, values, label, changed=[c.metric for c in changes])

    def scenario(self, name: str) -> Evaluation:
        scenario = self._scenario(name)
        return self.what_if(scenario.changes, label=scenario.name)

    def compare(self, names: Iterable[str]) -> Comparison:
        return Comparison([self.baseline(), *(self.scenario(n) for n in names)])

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
                    progress: Progress | None = None, scenario: str | None = None) -> MonteCarloResult:
        """Summaries of the north star and ``metrics``; the draws are kept for ``what_if_samples``."""
        settings = self.tree.simulation
        samples = settings.samples if samples is None else samples
        self._check_size(samples, len(self.plan), "samples")
        spearman, warnings = self._correlation
        self._last_run = None  # let the previous run's arrays go before allocating the new ones
        run = _montecarlo.run(self.plan, self.factors, samples, settings.seed if seed is None else seed, spearman,
                              warnings, progress)
        self._last_run = run
        if scenario is not None:
            chosen = self._scenario(scenario)
            return self.what_if_samples(chosen.changes, metrics, label=chosen.name)
        return _montecarlo.summarise(self.tree, self.plan, run, run.values, self._shown(metrics))

    def what_if_samples(self, changes: Sequence[Change], metrics: Sequence[str] | None = None,
                        label: str = "what-if") -> MonteCarloResult:
        """A what-if on the last Monte Carlo run's draws: only dependents of the changes are recomputed."""
        if self._last_run is None:
            raise SimulationError("run a Monte Carlo simulation first")
        values = _montecarlo.what_if(self.plan, self._last_run, changes)
        return _montecarlo.summarise(self.tree, self.plan, self._last_run, values, self._shown(metrics), label=label)

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
