"""The simulation engine (numpy + scipy, no Qt): what-if, scenarios, tornado, Monte Carlo, Sobol,
goal seek and experiment sizing on a ``MetricTree``. Semantics: docs/simulation.md.

Public API (every result is a frozen dataclass with ``.to_dict()`` for JSON)::

    engine = Engine(tree)                      # compiles the tree once
    engine.baseline()                          -> Evaluation (every metric's value)
    engine.what_if([Change(...)])              -> Evaluation (value, change, change_pct per metric)
    engine.scenario("Launch")                  -> Evaluation
    engine.compare(["Launch", "Cut price"])    -> Comparison (baseline first)
    engine.tornado(metric=None)                -> Tornado (north star by default; bars sorted by swing)
    engine.monte_carlo(samples=None, seed=None, metrics=None, progress=None, scenario=None)
                                               -> MonteCarloResult (keeps the draws)
    engine.what_if_samples([Change(...)])      -> MonteCarloResult on the kept draws (fast)
    engine.sobol(metric=None, n=1024)          -> SobolResult
    engine.goal_seek(metric, target, vary)     -> GoalSeekResult (reached or not, with a message)
    engine.experiment("Launch", alpha, power)  -> ExperimentResult

``progress(fraction) -> bool`` is called during long runs; returning False raises ``Cancelled``.
Problems a user can fix raise ``SimulationError`` (its text is the message to show); values that
are not numbers never raise: they are listed in ``nonfinite`` of the result.
"""

from .engine import Engine
from .errors import Cancelled, SimulationError
from .results import (
                      ENGINE_VERSION,
                      Comparison,
                      Evaluation,
                      ExperimentResult,
                      ExperimentRow,
                      GoalSeekResult,
                      Histogram,
                      MetricValue,
                      MonteCarloResult,
                      NonFinite,
                      SobolIndex,
                      SobolResult,
                      Summary,
                      Tornado,
                      TornadoBar,
)

__all__ = [
    "ENGINE_VERSION", "Cancelled", "Comparison", "Engine", "Evaluation", "ExperimentResult", "ExperimentRow",
    "GoalSeekResult", "Histogram", "MetricValue", "MonteCarloResult", "NonFinite", "SimulationError",
    "SobolIndex", "SobolResult", "Summary", "Tornado", "TornadoBar",
]
