"""``metricscape explain MODEL --from P --to P``: why a metric moved, split down the tree.

Text for people (names, formatted values, a waterfall in words); ``--json`` prints
``Explanation.to_dict()``, a stable contract (keys listed in ``metricscape.sim.explain.result``).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from metricscape.export.explain_words import driver_change, headline, method_sentence, signed_amount
from metricscape.model import MetricTree
from metricscape.model.numbers import format_value
from metricscape.sim.evidence.segments import SegmentError, decompose, denominator_of, top_segments
from metricscape.sim.explain import ExplainError, Explanation, StepKind, WaterfallStep, explain
from metricscape.sim.results import ENGINE_VERSION

from .common import load_or_exit, say

BAR_WIDTH = 24


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "explain", help="why a metric (the north star by default) moved between two periods, driver by driver",
        description="Split the change of a metric between two periods exactly among its drivers, down the tree: "
                    "sums by each term's change, products and ratios by the log-mean Divisia index, other "
                    "formulas by Shapley values, influence links by their elasticity (the rest is shown as not "
                    "explained). Reads the actuals stored in the model.",
        epilog="Periods are written in the model's grain: 2026-03-05 (day), 2026-W14 (week), 2026-03 (month), "
               "2026-Q1 (quarter). A range such as 2026-W10..2026-W13 compares the metric's total over it "
               "(the mean for rates and averages): --from 2026-W10..2026-W13 --to 2026-W14..2026-W17 compares "
               "the last 4 weeks with the 4 before.")
    parser.add_argument("file", metavar="MODEL", help="the model file (.json) with actuals")
    parser.add_argument("--from", dest="period_from", required=True, metavar="P",
                        help="the earlier period or range, e.g. 2026-W10 or 2026-W10..2026-W13")
    parser.add_argument("--to", dest="period_to", required=True, metavar="P",
                        help="the later period or range, e.g. 2026-W14 or 2026-W14..2026-W17")
    parser.add_argument("--metric", metavar="ID", help="the metric to explain (default: the north star)")
    parser.add_argument("--depth", type=int, default=3, metavar="N",
                        help="how many levels of drivers to show in the text (default 3; JSON has all)")
    parser.add_argument("--by", choices=["segment"],
                        help="also split the change by segment: for a rate (conversion, retention…), its rate "
                             "effect and mix effect per segment; for any metric, the segments behind the change")
    parser.add_argument("--json", action="store_true", help="print JSON for tools instead of text")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    tree = load_or_exit(args.file)
    try:
        explanation = explain(tree, args.period_from, args.period_to, args.metric)
        segments = by_segment(tree, explanation.metric, args.period_from, args.period_to) if args.by else None
    except (ExplainError, SegmentError) as exc:
        say(f"metricscape explain: {exc}", stream=sys.stderr)
        return 1
    if args.json:
        data = {**explanation.to_dict(), **(segments or {}), "engine": ENGINE_VERSION}
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n")
        return 0
    lines = explanation_text(explanation, max(args.depth, 0))
    if segments is not None:
        lines += segment_text(segments, explanation.unit)
    say("\n".join(lines))
    return 0


def by_segment(tree: MetricTree, metric: str, period_from: str, period_to: str) -> dict[str, object]:
    """The segment part of the answer: ``rate_effect``, ``mix_effect`` and ``segments`` for a rate
    (weighted by the metric it multiplies in its parent's formula), ``top_segments`` for any metric."""
    if ".." in period_from or ".." in period_to:
        raise SegmentError("--by segment compares two single periods (e.g. --from 2026-W10 --to 2026-W14), "
                           "not ranges")
    if not tree.actuals.segments():
        raise SegmentError("the model's actuals have no segments: import data with a 'segment' column first")
    part: dict[str, object] = {}
    if denominator_of(tree, metric) is not None:
        split = decompose(tree, metric, period_from, period_to).to_dict()
        part = {key: split[key] for key in ("denominator", "rate_effect", "mix_effect", "segments",
                                            "skipped_segments")}
        part["segment_message"] = split["message"]
    part["top_segments"] = top_segments(tree, metric, period_from, period_to)
    return part


def segment_text(part: dict[str, Any], unit: str) -> list[str]:
    lines = ["By segment"]
    if "rate_effect" in part:
        lines.append(f"  Rate effect {signed_amount(part['rate_effect'], unit)}, "
                     f"mix effect {signed_amount(part['mix_effect'], unit)}")
        if part["segment_message"]:
            lines.append(f"  {part['segment_message']}")
    for row in part["top_segments"]:
        lines.append(f"  {row['segment']}: {signed_amount(row['contribution'], unit)}")
    return lines


def explanation_text(explanation: Explanation, depth: int) -> list[str]:
    lines = [f"Why {explanation.name} moved, {explanation.period_from} → {explanation.period_to}", ""]
    lines += _block(explanation, depth, "")
    return lines


def _block(e: Explanation, depth: int, indent: str) -> list[str]:
    lines = [indent + " ".join(p for p in (headline(e), method_sentence(e)) if p)]
    steps = e.waterfall()
    if len(steps) > 2:
        lines += [indent + "  " + row for row in _waterfall_rows(e, steps)]
    lines += [indent + "  Note: " + note for note in e.notes]
    lines.append("")
    if depth > 1:
        for step in steps:
            below = e.drivers.get(step.metric or "")
            if step.kind is StepKind.DRIVER and below is not None:
                lines += _block(below, depth - 1, indent + "    ")
    return lines


def _waterfall_rows(e: Explanation, steps: list[WaterfallStep]) -> list[str]:
    """Label, amount, a bar to scale and the driver's own move: the waterfall, one line per bar."""
    largest = max((abs(s.amount) for s in steps if s.kind not in (StepKind.START, StepKind.END)), default=0.0)
    table = []
    for step in steps:
        label = step.label if len(step.label) <= 40 else step.label[:39] + "…"
        if step.kind in (StepKind.START, StepKind.END):
            table.append((label, format_value(step.amount, e.unit), "", ""))
            continue
        cells = round(BAR_WIDTH * abs(step.amount) / largest) if largest else 0
        bar = ("▇" if step.amount >= 0 else "▁") * max(cells, 1 if step.amount else 0)
        moved = ""
        if step.metric is not None and step.metric in e.driver_values:
            moved = driver_change(*e.driver_values[step.metric], e.units.get(step.metric, ""))
        table.append((label, signed_amount(step.amount, e.unit), bar, moved))
    widths = [max(len(row[i]) for row in table) for i in range(3)]
    return [f"{label.ljust(widths[0])}  {amount.rjust(widths[1])}  {bar.ljust(widths[2])}  {moved}".rstrip()
            for label, amount, bar, moved in table]
