"""Time every registered export format on a generated 1,000-metric model; prints JSON (target: each
under 2 s). Slide formats write every slide of the split deck (and PNG one file per slide).

    .venv/bin/python benchmarks/bench_export.py [--metrics 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from metricscape.export import ExportOptions, ImageShape, formats
from metricscape.model import (
    Change,
    Link,
    LinkKind,
    Metric,
    MetricKind,
    MetricTree,
    ModelInfo,
    Scenario,
)
from metricscape.ui.export.files import export_file  # registers PNG and PDF too
from metricscape.ui.export.headless import ensure_app


def generated_tree(n: int) -> MetricTree:
    """A north star computed from four drivers, each from four more, with influences at the leaves' level."""
    metrics = [Metric(id="m0", name="North star", kind=MetricKind.NORTH_STAR, unit="h")]
    links: list[Link] = []
    children: dict[int, list[int]] = {}
    for i in range(1, n):
        children.setdefault((i - 1) // 4, []).append(i)
    for i in range(1, n):
        metrics.append(Metric(id=f"m{i}", name=f"Driver metric {i} with a realistic name", baseline=100.0 + i,
                              owner="Growth team", rationale="Drives its parent."))
    formulas = {p: " + ".join(f"m{c}" for c in kids) for p, kids in children.items() if p == 0 or p % 2}
    metrics = [m.with_changes(formula=formulas[int(m.id[1:])], baseline=None) if int(m.id[1:]) in formulas else m
               for m in metrics]
    for parent, kids in children.items():
        if parent not in formulas:
            links += [Link(source=f"m{c}", target=f"m{parent}", kind=LinkKind.INFLUENCE, elasticity=0.2)
                      for c in kids]
    scenario = Scenario(id="push", name="Push", changes=(Change(metric=f"m{n - 1}", value=10),))
    return MetricTree(info=ModelInfo(name=f"{n} metrics"), metrics=tuple(metrics), links=tuple(links),
                      scenarios=(scenario,))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--metrics", type=int, default=1000)
    args = parser.parse_args()
    start = time.perf_counter()
    ensure_app()
    import metricscape.sim  # noqa: F401  (the engine's imports, scipy included, are paid once per process)

    with tempfile.TemporaryDirectory() as folder:  # warm up fonts and caches on a small model
        for ext in [fmt.extension for fmt in formats()]:
            export_file(generated_tree(10), Path(folder) / f"warm{ext}", ExportOptions(scenario="Push"))
    startup = time.perf_counter() - start
    tree = generated_tree(args.metrics)
    seconds: dict[str, float] = {}
    cpu_seconds: dict[str, float] = {}  # every thread of the process: the work, whatever else runs on the machine
    warnings: dict[str, list[str]] = {}
    files: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as folder:
        for ext in [fmt.extension for fmt in formats()]:
            out = Path(folder) / f"tree{ext}"
            start, cpu = time.perf_counter(), time.process_time()
            found = export_file(tree, out, ExportOptions(scenario="Push"))
            seconds[ext.lstrip(".")] = round(time.perf_counter() - start, 3)
            cpu_seconds[ext.lstrip(".")] = round(time.process_time() - cpu, 3)
            files[ext.lstrip(".")] = len(list(Path(folder).glob(f"tree*{ext}")))
        for ext in (".png", ".svg", ".pdf"):  # one picture of the whole tree instead of slides
            out = Path(folder) / f"whole{ext}"
            start, cpu = time.perf_counter(), time.process_time()
            export_file(tree, out, ExportOptions(scenario="Push", image_shape=ImageShape.FIT, scale=1))
            seconds[f"{ext.lstrip('.')} fit content"] = round(time.perf_counter() - start, 3)
            cpu_seconds[f"{ext.lstrip('.')} fit content"] = round(time.process_time() - cpu, 3)
            if found:
                warnings[ext.lstrip(".")] = found
    print(json.dumps({"benchmark": "export", "metrics": args.metrics, "seconds": seconds,
                      "cpu_seconds": cpu_seconds, "files_written": files,
                      "process_startup_seconds": round(startup, 3), "warnings": warnings,
                      "target_seconds": 2.0, "all_under_target": all(s < 2.0 for s in seconds.values())},
                     indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
