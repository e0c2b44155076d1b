"""Time of the health check and of the semantic diff on generated models of growing size.

The health panel re-checks after every edit, so a check should stay well under a frame budget
for real models (target: 30 ms at 200 metrics) and bearable at the largest (target: 1 s at 5,000).
Prints JSON.
"""

from __future__ import annotations

import json
import statistics
import time

from metricscape.model import Metric, MetricTree
from metricscape.model.diff import diff
from metricscape.model.rules import check

TARGETS_S = {200: 0.03, 5000: 1.0}


def generated_tree(size: int, fanout: int = 4) -> MetricTree:
    """A balanced tree where each parent sums its children, with units, as real models have."""
    children: dict[int, list[int]] = {}
    for child in range(1, size):
        children.setdefault((child - 1) // fanout, []).append(child)
    metrics = []
    for i in range(size):
        kids = children.get(i, [])
        metrics.append(Metric(id=f"m{i}", name=f"Metric {i}", kind="north_star" if i == 0 else "input",
                              unit="users", baseline=None if kids else 100.0, target=None if kids else 110.0,
                              formula=" + ".join(f"m{k}" for k in kids) or None,
                              review_cadence_days=30, rationale="" if i % 3 else "Because."))
    return MetricTree(metrics=tuple(metrics))


def timed(fn, repeat: int = 5) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    results = {}
    for size in (30, 200, 1000, 5000):
        tree = generated_tree(size)
        moved = MetricTree.model_validate({**tree.model_dump(), "metrics": [
            {**m.model_dump(), "target": (m.target or 0) + 1} for m in tree.metrics]})
        repeat = 3 if size >= 1000 else 7
        check_s = timed(lambda tree=tree: check(tree), repeat)
        diff_s = timed(lambda tree=tree, moved=moved: diff(tree, moved), repeat)
        results[str(size)] = {"check_s": round(check_s, 4), "findings": len(check(tree).findings),
                              "diff_s": round(diff_s, 4),
                              **({"target_check_s": TARGETS_S[size], "meets_target": check_s <= TARGETS_S[size]}
                                 if size in TARGETS_S else {})}
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
