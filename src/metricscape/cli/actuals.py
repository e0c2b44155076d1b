"""``metricscape actuals MODEL [--import DATA] [--grain G] [--refresh] [--json]``.

Without ``--import``/``--refresh`` it lists the series: metric, periods, the latest value, and its
change against the previous period and against the same period a year earlier. The ``--json``
keys are a stable contract.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from metricscape.io import LoadError, SaveError, load, save
from metricscape.model import MetricTree
from metricscape.model.numbers import format_value
from metricscape.model.periods import Grain, shift, year_earlier

from .common import say


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "actuals", help="import actuals from a data file, refresh them, or list them",
        description="Without options: list the model's actuals. --import reads a CSV/TSV, Parquet, JSON/NDJSON "
                    "or Excel file (long: period or date, metric, [segment,] value; or wide: a period column and "
                    "one column per metric) and saves the model (keeping MODEL.bak).")
    parser.add_argument("model", metavar="MODEL")
    parser.add_argument("--import", dest="data", metavar="DATA", help="the data file to import")
    parser.add_argument("--grain", choices=[g.value for g in Grain], help="roll dates up to this period (week)")
    parser.add_argument("--map", action="append", default=[], metavar="NAME=METRIC_ID",
                        help="use NAME in the file for the metric METRIC_ID (repeatable)")
    parser.add_argument("--sheet", default="", help="Excel: the sheet to read (the first by default)")
    parser.add_argument("--refresh", action="store_true", help="re-read every declared source and save")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(handler=run_actuals)


def run_actuals(args: argparse.Namespace) -> int:
    from metricscape.sim.data import DataError  # lazy: duckdb only for this command

    try:
        loaded = load(args.model)
        if args.data or args.refresh:
            return _change(args, loaded.tree, loaded)
        _print_listing(args, loaded.tree)
        return 0
    except (LoadError, SaveError, DataError) as exc:
        say(str(exc), stream=sys.stderr)
        return 1


def _change(args: argparse.Namespace, tree: MetricTree, loaded: Any) -> int:
    from metricscape.sim.data import DataError, import_actuals, refresh_actuals

    if args.data and args.refresh:
        raise DataError(args.model, "use --import or --refresh, not both")
    if args.refresh:
        refreshed = refresh_actuals(tree, args.model)
        save(refreshed.tree, args.model, expected_fingerprint=loaded.fingerprint)
        if args.json:
            say(json.dumps({"model": args.model, "added": [c.to_dict() for c in refreshed.added],
                            "changed": [c.to_dict() for c in refreshed.changed]}, indent=2, ensure_ascii=False))
        else:
            say(f"{args.model}: refreshed; {len(refreshed.added)} period values added, "
                f"{len(refreshed.changed)} changed")
        return 0
    names = dict(_pair(text) for text in args.map)
    result = import_actuals(tree, args.data, args.model, grain=Grain(args.grain) if args.grain else None,
                            names=names, sheet=args.sheet)
    save(result.tree, args.model, expected_fingerprint=loaded.fingerprint)
    if args.json:
        say(json.dumps({"model": args.model, **result.to_dict()}, indent=2, ensure_ascii=False))
        return 0
    say(f"{args.model}: imported {result.rows:,} rows from {result.source.path} "
        f"({result.source.shape.value} {result.source.format.value}, by {result.tree.actuals.grain.value}); "
        f"the previous file is kept as {args.model}.bak")
    for match in result.matched:
        say(f"  ✓ {match.name} → {match.metric}")
    for miss in result.unmatched:
        hint = f" (did you mean {', '.join(miss.suggestions)}? use --map \"{miss.name}=ID\")" if miss.suggestions else ""
        say(f"  ✗ {miss.name}: no metric{hint}")
    return 0


def _pair(text: str) -> tuple[str, str]:
    from metricscape.sim.data import DataError

    name, sep, metric = text.rpartition("=")
    if not sep or not name or not metric:
        raise DataError("--map", f"'{text}' should read NAME=METRIC_ID")
    return name, metric.strip()


def listing(tree: MetricTree) -> list[dict[str, Any]]:
    """One entry per series: the contract of ``actuals MODEL --json``."""
    grain = tree.actuals.grain
    metrics = tree.metrics_by_id()
    out = []
    for series in tree.actuals.series:
        values = series.as_dict()
        latest = max(values, default=None)
        entry: dict[str, Any] = {
            "metric": series.metric, "name": metrics[series.metric].name, "segment": series.segment,
            "periods": len(values), "first": min(values, default=None), "last": latest,
            "latest": values.get(latest) if latest else None}
        previous = shift(latest, grain, -1) if latest else None
        earlier = year_earlier(latest, grain) if latest else None
        entry |= _change_fields("previous", previous, values, entry["latest"])
        entry |= _change_fields("year_earlier", earlier, values, entry["latest"])
        out.append(entry)
    return out


def _change_fields(key: str, period: str | None, values: dict[str, float], latest: float | None) -> dict[str, Any]:
    before = values.get(period) if period else None
    change = latest - before if latest is not None and before is not None else None
    pct = change / abs(before) * 100 if change is not None and before else None
    return {f"{key}_period": period, key: before, f"change_vs_{key}": change, f"change_vs_{key}_pct": pct}


def _print_listing(args: argparse.Namespace, tree: MetricTree) -> None:
    rows = listing(tree)
    if args.json:
        say(json.dumps({"model": args.model, "grain": tree.actuals.grain.value,
                        "sources": [s.path for s in tree.actuals.sources], "series": rows}, indent=2,
                       ensure_ascii=False))
        return
    if not rows:
        say(f"{args.model}: no actuals yet; import them with: metricscape actuals {args.model} --import DATA")
        return
    say(f"{args.model}: actuals by {tree.actuals.grain.value}")
    metrics = tree.metrics_by_id()
    for row in rows:
        unit = metrics[row["metric"]].unit
        segment = f" [{row['segment']}]" if row["segment"] else ""
        latest = format_value(row["latest"], unit) if row["latest"] is not None else "–"
        say(f"  {row['name']}{segment}: {row['periods']} periods, latest {row['last']} {latest}"
            f"{_pct(' vs previous', row['change_vs_previous_pct'])}"
            f"{_pct(' vs a year earlier', row['change_vs_year_earlier_pct'])}")


def _pct(label: str, pct: float | None) -> str:
    return f", {pct:+.1f} %{label}" if pct is not None else ""
