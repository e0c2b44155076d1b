"""Time of "evidence for every link" on a 1,000-metric model with 104 weekly periods per metric.

Target: the whole model (999 influence links) in at most 2 s. Each metric is a random walk in logs;
each link's target moves with its driver (elasticity 0.5), so every regression has real work.
Each run starts from a fresh model (no cache carries over). Reports wall time and the process's CPU
time: on a loaded machine the wall time mostly measures the wait for a core. The BLAS thread
setting is reported because large SVDs under a busy multi-threaded BLAS once cost 30x more
(series.py now keeps statsmodels' regressions small for that reason). Prints JSON.
"""

from __future__ import annotations

import json
import os
import statistics
import time

import numpy as np

from metricscape.model import MetricTree
from metricscape.model.actuals import Actuals, Series
from metricscape.sim.evidence.links import all_evidence

TARGET_S = 2.0
SIZE, PERIODS = 1000, 104


def generated_tree(size: int = SIZE, periods: int = PERIODS, seed: int = 1) -> MetricTree:
    """A random tree of influence links (each metric drives one earlier metric), with actuals for all."""
    rng = np.random.default_rng(seed)
    parents = [int(rng.integers(0, i)) for i in range(1, size)]
    changes = rng.normal(0.002, 0.03, (size, periods))
    for child in range(size - 1, 0, -1):  # a parent's changes follow its children's
        changes[parents[child - 1]] += 0.5 * changes[child]
    levels = np.exp(8 + np.cumsum(changes, axis=1))
    metrics = [{"id": f"m{i}", "name": f"Metric {i}", "kind": "north_star" if i == 0 else "input"}
               for i in range(size)]
    links = [{"source": f"m{child}", "target": f"m{parent}", "elasticity": 0.5}
             for child, parent in enumerate(parents, start=1)]
    series = tuple(Series(metric=f"m{i}", start="2024-W01", values=tuple(float(v) for v in levels[i]))
                   for i in range(size))
    return MetricTree.model_validate({"metrics": metrics, "links": links, "actuals": Actuals(series=series)})


def main() -> None:
    runs, cpu, verdicts = [], [], {}
    for _ in range(3):
        tree = generated_tree()
        start, start_cpu = time.perf_counter(), time.process_time()
        found = all_evidence(tree)
        runs.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        verdicts = {v: sum(e.verdict.value == v for e in found) for v in ("supports", "contradicts",
                                                                          "inconclusive", "no_data")}
    median = statistics.median(runs)
    print(json.dumps({"metrics": SIZE, "periods": PERIODS, "links": len(found), "runs_s": [round(r, 3) for r in runs],
                      "median_s": round(median, 3), "cpu_s": [round(c, 3) for c in cpu],
                      "per_link_ms": round(median / len(found) * 1000, 3),
                      "blas_threads": os.environ.get("OPENBLAS_NUM_THREADS", "default"),
                      "load_average": [round(v, 2) for v in os.getloadavg()],
                      "target_s": TARGET_S, "within_target": median <= TARGET_S, "verdicts": verdicts}, indent=2))


if __name__ == "__main__":
    main()
