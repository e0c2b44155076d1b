"""Actuals import and model-open speed (targets: 10M-row CSV to weekly <= 2 s and >= 5x pandas; Parquet
<= 0.5 s; a 30-metric x 104-week snapshot adds <= 50 ms to opening a model).

Prints JSON. The data (daily rows, 50 metrics, 4 segments, about 360 MB) is generated once into
/tmp/metricscape-bench-actuals/. ``duckdb_alone_*`` is a bare DuckDB weekly sum of the same file in
the same run, run to completion inside DuckDB (its 1.4 million result rows fetched into Python as
tuples would add about 0.5 s of object building that is no part of a roll-up), and ``pandas_*``
the same roll-up in pandas (pandas is used here only), imported before the clock starts and timed
best of ``--repeat`` like the others. ``parquet_<type>_*`` import the same rows with the period
column typed as warehouse exports type it (pandas/pyarrow: timestamp[ns]; Spark: a timestamp with
time zone; text dates). Each figure has a wall (best of N) and a CPU (best of N, all threads)
time: on a busy shared machine the CPU times and the ratios say more than the seconds.

    python benchmarks/bench_actuals.py [--rows 10000000] [--repeat 3] [--skip-pandas]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import duckdb

from metricscape.io import dumps, load
from metricscape.model import Metric, MetricTree
from metricscape.model.actuals import Actuals, Series
from metricscape.model.periods import Grain, label_of, shift
from metricscape.sim.data import import_actuals

FOLDER = Path(tempfile.gettempdir()) / "metricscape-bench-actuals"
METRICS, SEGMENTS = 50, 4
TARGETS = {"csv_s": 2.0, "csv_speedup_vs_pandas_s": 5.0, "parquet_s": 0.5, "open_snapshot_ms": 50.0}
AT_LEAST = {"csv_speedup_vs_pandas_s"}  # the other targets are upper bounds
# The period column as other writers type it (SQL over the benchmark's DATE column ``date``).
FLAVOURS = {"timestamp_ns": "CAST(date AS TIMESTAMP_NS)", "timestamptz": "CAST(date AS TIMESTAMPTZ)",
            "text_date": "CAST(date AS VARCHAR)"}


def generate(rows: int) -> tuple[Path, Path]:
    """Daily rows: date, metric (an id), segment, value; and the same as Parquet."""
    FOLDER.mkdir(exist_ok=True)
    csv, parquet = FOLDER / f"long-{rows}.csv", FOLDER / f"long-{rows}.parquet"
    if not csv.exists() or not parquet.exists():
        per_day = METRICS * SEGMENTS
        con = duckdb.connect()
        con.execute("SET enable_progress_bar = false")
        con.execute(f"""COPY (SELECT DATE '1900-01-01' + CAST(i // {per_day} AS INTEGER) AS date,
                                     'metric_' || lpad(CAST((i % {per_day}) // {SEGMENTS} AS VARCHAR), 2, '0') AS metric,
                                     'seg_' || CAST(i % {SEGMENTS} AS VARCHAR) AS segment,
                                     round((hash(i) % 100000000) / 1000.0, 3) AS value
                              FROM range({rows}) t(i)) TO '{csv}' (HEADER)""")
        con.execute(f"COPY (SELECT * FROM read_csv('{csv}')) TO '{parquet}' (FORMAT parquet)")
        con.close()
    return csv, parquet


def flavour(parquet: Path, name: str) -> Path:
    out = parquet.with_name(f"{parquet.stem}-{name}.parquet")
    if not out.exists():
        con = duckdb.connect()
        con.execute("SET enable_progress_bar = false")
        con.execute(f"COPY (SELECT * REPLACE ({FLAVOURS[name]} AS date) FROM read_parquet('{parquet}')) TO '{out}' "
                    "(FORMAT parquet)")
        con.close()
    return out


def timed(fn: Callable[[], object], repeat: int) -> float:
    return measured(fn, repeat)[0]


def measured(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Best wall time and best CPU time (all threads of this process) over ``repeat`` runs: on a
    shared machine the CPU time shows the work done, the wall time also the waiting for a core."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def model_tree() -> MetricTree:
    return MetricTree(metrics=tuple(Metric(id=f"metric_{i:02d}", name=f"Metric {i}", unit="orders")
                                    for i in range(METRICS)))


def duckdb_alone(scan: str) -> None:
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    con.execute(f"CREATE TEMP TABLE weekly AS SELECT date_trunc('week', date) AS week, metric, segment, "
                f"sum(value) AS value FROM {scan} GROUP BY ALL")
    con.close()


def pandas_rollup(csv: Path) -> None:
    import pandas as pd  # imported before timing (main), so this costs nothing here

    frame = pd.read_csv(csv, parse_dates=["date"], dtype={"metric": "category", "segment": "category"})
    frame["week"] = frame["date"] - pd.to_timedelta(frame["date"].dt.day_of_week, unit="D")
    frame.groupby(["metric", "segment", "week"], observed=True)["value"].sum()


def snapshot_tree(metrics: int = 30, weeks: int = 104) -> MetricTree:
    tree = MetricTree(metrics=tuple(Metric(id=f"m{i:02d}", name=f"Metric {i}", unit="users",
                                           baseline=1000.0 + i) for i in range(metrics)))
    start = shift(label_of(dt.date(2026, 11, 23), Grain.WEEK), Grain.WEEK, -(weeks - 1))
    series = tuple(Series(metric=m.id, start=start, values=tuple(round(1000 + i * 7.3 + w * 1.91, 2)
                                                                  for w in range(weeks)))
                   for i, m in enumerate(tree.metrics))
    return tree.model_copy(update={"actuals": Actuals(series=series)})


def open_cost(repeat: int) -> dict[str, float]:
    with_actuals = snapshot_tree()
    without = with_actuals.model_copy(update={"actuals": Actuals()})
    folder = Path(tempfile.mkdtemp(prefix="metricscape-bench-open-"))
    paths = {}
    for name, tree in (("with", with_actuals), ("without", without)):
        paths[name] = folder / f"{name}.json"
        paths[name].write_text(dumps(tree), encoding="utf-8")
    runs = {name: [timed(lambda p=path: load(p), 1) for _ in range(max(repeat, 20))] for name, path in paths.items()}
    return {"open_without_actuals_ms": statistics.median(runs["without"]) * 1000,
            "open_with_snapshot_ms": statistics.median(runs["with"]) * 1000,
            "open_snapshot_ms": (statistics.median(runs["with"]) - statistics.median(runs["without"])) * 1000,
            "snapshot_file_kb": paths["with"].stat().st_size / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-pandas", action="store_true")
    args = parser.parse_args()
    csv, parquet = generate(args.rows)
    tree, model = model_tree(), FOLDER / "model.json"
    result = import_actuals(tree, csv, model)
    figures: dict[str, object] = {
        "rows": args.rows, "csv_mb": round(csv.stat().st_size / 1e6, 1),
        "series": len(result.series), "weeks_per_series": len(result.series[0].values)}
    runs = {"csv": lambda: import_actuals(tree, csv, model),
            "duckdb_alone_csv": lambda: duckdb_alone(f"read_csv('{csv}')"),
            "parquet": lambda: import_actuals(tree, parquet, model),
            "duckdb_alone_parquet": lambda: duckdb_alone(f"read_parquet('{parquet}')")}
    for name in FLAVOURS:
        runs[f"parquet_{name}"] = partial(import_actuals, tree, flavour(parquet, name), model)
    if not args.skip_pandas:
        import pandas  # noqa: F401  (loaded once, as DuckDB already is: the import is no part of a roll-up)

        runs["pandas_csv"] = lambda: pandas_rollup(csv)
    for name, run in runs.items():
        figures[f"{name}_s"], figures[f"{name}_cpu_s"] = measured(run, args.repeat)
    if not args.skip_pandas:
        for kind in ("s", "cpu_s"):
            figures[f"csv_speedup_vs_pandas_{kind}"] = figures[f"pandas_csv_{kind}"] / figures[f"csv_{kind}"]  # type: ignore[operator]
            figures[f"duckdb_alone_speedup_vs_pandas_{kind}"] = (
                figures[f"pandas_csv_{kind}"] / figures[f"duckdb_alone_csv_{kind}"])  # type: ignore[operator]
    figures |= open_cost(args.repeat)
    figures = {k: round(v, 3) if isinstance(v, float) else v for k, v in figures.items()}
    meets = {name: (figures[name] >= target if name in AT_LEAST else figures[name] <= target)  # type: ignore[operator]
             for name, target in TARGETS.items() if name in figures}
    print(json.dumps({"figures": figures, "targets": TARGETS, "meets": meets}, indent=2))


if __name__ == "__main__":
    main()
