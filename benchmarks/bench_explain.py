"""Speed of "why it moved" (issue 12), printed as JSON.

A generated 1,000-metric tree and every example model get two years of weekly actuals made up
here (a drifting random walk around each input's baseline; computed metrics report their formula's
value with a little tracking noise, so the reported-vs-formula line has work to do). Each figure
is the best of 15 runs of the whole answer: reading the windows, splitting every metric on the way
down, and the nested result. ``reference_python_loop_ms`` is a fixed loop timed in the same run: on
a shared, busy machine every figure grows with it (the lowest seen while writing this: 56 ms).
Usage: ``python benchmarks/bench_explain.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from timing import best

from metricscape.io import load
from metricscape.model.actuals import Actuals, Series
from metricscape.model.tree import MetricTree
from metricscape.sim import Engine
from metricscape.sim.explain import explain
from metricscape.sim.synthetic import generated_tree

WEEKS = 104
START = "2025-W01"
EXAMPLES = Path(__file__).resolve().parents[1] / "src" / "metricscape" / "resources" / "examples"



def with_generated_actuals(tree: MetricTree, seed: int = 3) -> MetricTree:
    """Inputs drift week by week; computed metrics report their formula (±0.5 % tracking noise)."""
    rng = np.random.default_rng(seed)
    plan = Engine(tree).plan
    sources = {}
    for i, step in enumerate(plan.steps):
        if step.formula is None:
            base = step.base if np.isfinite(step.base) and step.base > 0 else 1.0
            walk = np.exp(np.cumsum(rng.normal(0.002, 0.02, WEEKS)))
            sources[i] = base * walk
    values = plan.evaluate(sources=sources)
    series = []
    for i, step in enumerate(plan.steps):
        column = np.broadcast_to(np.asarray(values[i], dtype=float), (WEEKS,))
        if step.formula is not None:
            column = column * rng.normal(1.0, 0.005, WEEKS)
        series.append(Series(metric=step.metric_id, start=START, values=tuple(float(v) for v in column)))
    return tree.model_copy(update={"actuals": Actuals(series=tuple(series))})


def figures(tree: MetricTree) -> dict[str, float | int | str]:
    week = best(lambda: explain(tree, "2026-W48", "2026-W52"), repeat=15)
    ranges = best(lambda: explain(tree, "2026-W45..2026-W48", "2026-W49..2026-W52"), repeat=15)
    result = explain(tree, "2026-W45..2026-W48", "2026-W49..2026-W52")
    return {"metrics": len(tree.metrics), "week_vs_week_ms": round(week * 1e3, 2),
            "four_weeks_vs_four_before_ms": round(ranges * 1e3, 2), "method": result.method.value,
            "metrics_split": 1 + len(result.contributions_to_root())}


def reference_ms() -> float:
    """A fixed pure-Python loop measured in the same run: on a busy machine every figure grows with it."""
    return round(best(lambda: sum(i * i for i in range(1_000_000)), repeat=3) * 1e3, 1)


def main() -> None:
    report: dict[str, object] = {"reference_python_loop_ms": reference_ms(),
                                 "generated_1000": figures(with_generated_actuals(generated_tree(1000)))}
    report["budget_1000_ms"] = 50
    report["examples"] = {path.stem: figures(with_generated_actuals(load(path).tree))
                          for path in sorted(EXAMPLES.glob("*.json"))}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
