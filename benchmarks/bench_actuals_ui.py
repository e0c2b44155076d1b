"""Speed of the app side of actuals: the import wizard's preview of a big CSV (first rows only), its
whole-file survey (names and matches), and the actuals overlay recomputed after an edit on the
music example. Prints JSON.

    PYTHONPATH=src python benchmarks/bench_actuals_ui.py [--rows 2000000]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from timing import best

from metricscape.derived import ActualsOverlay, DerivedState
from metricscape.io import load
from metricscape.model import Document, Metric, MetricTree
from metricscape.sim.data.importer import describe_source
from metricscape.sim.data.survey import preview_rows, survey

EXAMPLE = Path(__file__).resolve().parents[1] / "src/metricscape/resources/examples/music-streaming.json"



def big_csv(folder: Path, rows: int) -> Path:
    """Daily rows for 20 metrics in 3 segments (one row per day, metric and segment)."""
    import duckdb

    path = folder / "big.csv"
    duckdb.sql(f"""COPY (SELECT DATE '1950-01-01' + CAST(i // 60 AS INTEGER) AS date,
                          'metric_' || (i % 20) AS metric, 'seg_' || (i // 20 % 3) AS segment,
                          (i % 977) * 1.5 AS value FROM range({rows}) t(i))
                   TO '{path}' (HEADER)""")
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2_000_000)
    args = parser.parse_args()
    tree = MetricTree(metrics=tuple(Metric(id=f"metric_{i}", name=f"Metric {i}", baseline=1) for i in range(20)))
    with tempfile.TemporaryDirectory() as folder:
        csv = big_csv(Path(folder), args.rows)
        source = describe_source(csv, Path(folder), tree, {}, "")
        preview = best(lambda: preview_rows(csv, source), 3)
        whole = best(lambda: survey(tree, csv, Path(folder) / "model.json"), 1)
        size_mb = csv.stat().st_size / 1e6
    music = load(EXAMPLE).tree
    state = DerivedState(Document(music))
    state.set_overlay(ActualsOverlay())
    overlay = best(lambda: state.set_overlay(ActualsOverlay()), 5)
    segment = best(lambda: state.set_overlay(ActualsOverlay("ios")), 5)
    print(json.dumps({"csv_rows": args.rows, "csv_mb": round(size_mb, 1),
                      "wizard_preview_first_rows_s": round(preview, 4),
                      "wizard_survey_whole_file_s": round(whole, 3),
                      "music_overlay_all_cards_ms": round(overlay * 1000, 2),
                      "music_overlay_segment_ms": round(segment * 1000, 2)}, indent=2))


if __name__ == "__main__":
    main()
