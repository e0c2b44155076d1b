"""A small model for the app's evidence tests: one link the actuals support, one they contradict,
and a ledger of past experiments on the proxy and the north star."""

from __future__ import annotations

import numpy as np
from evidence_trees import series

from metricscape.model import MetricTree
from metricscape.model.actuals import Actuals
from metricscape.model.experiments import Experiment, Lift

TRUE_VISITS, TRUE_SIGNUPS = 0.6, 0.3   # what the series were built with
STATED_VISITS, STATED_SIGNUPS = 0.6, 1.5  # what the model states: right, and far too high
LEDGER_SLOPE = 0.5


def changes(n: int = 104, seed: int = 3) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Log levels of visits, sign-ups and revenue; revenue moves with both drivers' changes."""
    rng = np.random.default_rng(seed)
    dv, ds = rng.normal(0.002, 0.03, n), rng.normal(0.001, 0.03, n)
    dy = TRUE_VISITS * dv + TRUE_SIGNUPS * ds + rng.normal(0.0, 0.01, n)
    return np.cumsum(dv) + 9.0, np.cumsum(ds) + 6.0, np.cumsum(dy) + 11.0


def ledger(n: int = 30, seed: int = 5) -> tuple[Experiment, ...]:
    rng = np.random.default_rng(seed)
    true_proxy = rng.normal(0.0, 0.04, n)
    experiments = []
    for i, effect in enumerate(true_proxy):
        proxy = effect + rng.normal(0.0, 0.005)
        star = LEDGER_SLOPE * effect + rng.normal(0.0, 0.004)
        experiments.append(Experiment(name=f"Test {i + 1}", lifts=(
            Lift(metric="visits", lift=round(proxy, 5), se=0.005), Lift(metric="revenue", lift=round(star, 5), se=0.004))))
    return tuple(experiments)


def evidence_tree(with_ledger: bool = True) -> MetricTree:
    lv, ls, ly = changes()
    return MetricTree.model_validate({
        "metrics": [
            {"id": "revenue", "name": "Revenue", "kind": "north_star", "baseline": 60000, "unit_variability": 80,
             "position": {"x": 300, "y": 0}},
            {"id": "visits", "name": "Visits", "kind": "proxy", "baseline": 8000, "unit_variability": 3,
             "position": {"x": 0, "y": 300}},
            {"id": "signups", "name": "Sign-ups", "kind": "input", "baseline": 400, "position": {"x": 600, "y": 300}},
        ],
        "links": [
            {"source": "visits", "target": "revenue", "elasticity": STATED_VISITS},
            {"source": "signups", "target": "revenue", "elasticity": STATED_SIGNUPS},
        ],
        "actuals": Actuals(series=(series("visits", np.exp(lv)), series("signups", np.exp(ls)),
                                   series("revenue", np.exp(ly)))),
        "experiments": ledger() if with_ledger else (),
    })
