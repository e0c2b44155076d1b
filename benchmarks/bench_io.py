"""Load and save time of a generated 5,000-metric model (targets: load 0.3 s, save 0.2 s).

Prints JSON. ``reference_*`` figures are plain ``json.loads``/``json.dumps`` of the same text in the
same run, so results from different machines can be compared; ``*_cpu_s`` are CPU times of this
process, steadier than wall time when other jobs share the machine. ``--profile`` adds the top of a
cProfile of one load, to show whether parsing, validation or the tree checks dominate.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

from metricscape.io import dumps, load, save
from metricscape.model import Link, Metric, MetricTree, Uncertainty
from metricscape.model.tree import parsed_formula

TARGET_LOAD_S = 0.3
TARGET_SAVE_S = 0.2


def generated_tree(size: int = 5000, fanout: int = 4) -> MetricTree:
    """A balanced tree: every parent sums its children (formula links); each leaf also gets an
    influence link from its neighbour, and documentation text, as real models have."""
    metrics, links = [], []
    parents = {i: (i - 1) // fanout for i in range(1, size)}
    children: dict[int, list[int]] = {}
    for child, parent in parents.items():
        children.setdefault(parent, []).append(child)
    for i in range(size):
        kids = children.get(i, [])
        metrics.append(Metric(
            id=f"m{i}", name=f"Metric number {i}", kind="north_star" if i == 0 else "input",
            definition="Counted weekly from the events table, deduplicated per user.",
            unit="users", owner="Growth", baseline=None if kids else 1000.0 + i, target=None if kids else 1100.0 + i,
            formula=" + ".join(f"m{k}" for k in kids) if kids else None,
            uncertainty=None if kids else Uncertainty(low=900.0 + i, high=1100.0 + i),
            rationale="Feeds its parent directly.", position={"x": (i % 100) * 180.0, "y": (i // 100) * 120.0}))
    for i in range(1, size):
        if i not in children and i + 1 < size and (i + 1) not in children and parents[i] != parents[i + 1]:
            links.append(Link(source=f"m{i + 1}", target=f"m{i}", kind="influence", elasticity=0.2))
    return MetricTree(metrics=tuple(metrics), links=tuple(links))


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def median_cpu(fn, runs: int) -> float:
    """CPU time of this process: steadier than wall time on a machine shared with other jobs."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--metrics", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    tree = generated_tree(args.metrics)
    text = dumps(tree)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.json"
        save(tree, path)
        assert load(path).tree == tree
        result = {
            "metrics": len(tree.metrics), "links": len(tree.links), "file_bytes": len(text.encode()),
            "runs": args.runs,
            # cold: as when a user opens the file, before the formula cache has seen its formulas
            "load_cold_s": median_time(lambda: (parsed_formula.cache_clear(), load(path)), args.runs),
            "load_warm_s": median_time(lambda: load(path), args.runs),
            "save_s": median_time(lambda: save(tree, path), args.runs),
            "dumps_s": median_time(lambda: dumps(tree), args.runs),
            "validate_s": median_time(lambda: MetricTree.model_validate(json.loads(text)["model"]), args.runs),
            "reference_json_loads_s": median_time(lambda: json.loads(text), args.runs),
            "reference_json_dumps_s": median_time(lambda: json.dumps(json.loads(text), indent=2), args.runs),
            "load_cold_cpu_s": median_cpu(lambda: (parsed_formula.cache_clear(), load(path)), args.runs),
            "save_cpu_s": median_cpu(lambda: save(tree, path), args.runs),
            "target_load_s": TARGET_LOAD_S, "target_save_s": TARGET_SAVE_S,
        }
        result["load_ok"] = result["load_cold_s"] < TARGET_LOAD_S
        result["save_ok"] = result["save_s"] < TARGET_SAVE_S
        if args.profile:
            profiler = cProfile.Profile()
            parsed_formula.cache_clear()
            profiler.runcall(load, path)
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(10)
            result["profile"] = [line for line in out.getvalue().splitlines() if line.strip()][-11:]
    json.dump({k: round(v, 4) if isinstance(v, float) else v for k, v in result.items()}, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
