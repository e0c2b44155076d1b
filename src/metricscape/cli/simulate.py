"""Simulation commands: ``simulate``, ``sensitivity``, ``goal-seek`` and ``experiment``.

Tables for people by default; ``--json`` prints the results' ``to_dict()`` (keys documented in
docs/simulation.md). Problems the user can fix print a plain message and exit with code 1.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable, Sequence
from typing import Any

from metricscape.model.numbers import format_change, format_value
from metricscape.sim import Engine, SimulationError, Summary
from metricscape.sim.results import ENGINE_VERSION

from .common import load_or_exit, say


def register(subparsers: argparse._SubParsersAction) -> None:
    simulate = subparsers.add_parser(
        "simulate", help="baseline, scenarios side by side, and a Monte Carlo run of the uncertain inputs")
    simulate.add_argument("file", metavar="FILE")
    simulate.add_argument("--scenario", action="append", default=[], metavar="NAME",
                          help="a scenario to compare with the baseline (repeat for several)")
    simulate.add_argument("--samples", type=_positive_int, metavar="N",
                          help="Monte Carlo samples (default: the model's setting, usually 10,000)")
    simulate.add_argument("--seed", type=_seed, metavar="S", help="random seed (default: the model's)")
    simulate.add_argument("--metric", action="append", default=[], metavar="ID",
                          help="also summarise this metric's uncertainty (the north star always is)")
    simulate.add_argument("--precision", type=_precision, metavar="P",
                          help="draw as many samples as needed for P10, P50 and P90 to be known within ±P "
                               "(relative, 95 %% sure; e.g. 0.001 for ±0.1 %%); --samples is then ignored")
    simulate.add_argument("--sampler", choices=("sobol", "lhs", "random"), default="sobol",
                          help="how samples are drawn: scrambled Sobol' points (default, the most precise), "
                               "Latin hypercube, or plain random draws")
    simulate.add_argument("--threads", type=_positive_int, metavar="N",
                          help="threads drawing samples (default: every core; the numbers do not change)")
    simulate.add_argument("--json", action="store_true", help="print JSON for tools instead of tables")
    simulate.set_defaults(handler=_guarded(run_simulate))

    sensitivity = subparsers.add_parser("sensitivity", help="which inputs move a metric most (tornado or Sobol)")
    sensitivity.add_argument("file", metavar="FILE")
    sensitivity.add_argument("--metric", metavar="ID", help="the metric to explain (default: the north star)")
    sensitivity.add_argument("--method", choices=("tornado", "sobol"), default="tornado")
    sensitivity.add_argument("--samples", type=_positive_int, default=1024, metavar="N",
                             help="Sobol base samples (default 1024)")
    sensitivity.add_argument("--seed", type=_seed, metavar="S", help="random seed (default: the model's)")
    sensitivity.add_argument("--json", action="store_true", help="print JSON for tools instead of a table")
    sensitivity.set_defaults(handler=_guarded(run_sensitivity))

    goal = subparsers.add_parser("goal-seek", help="the value of one input that makes a metric reach a target")
    goal.add_argument("file", metavar="FILE")
    goal.add_argument("--metric", required=True, metavar="ID", help="the metric that should reach the target")
    goal.add_argument("--target", required=True, type=_number, metavar="VALUE",
                      help="the value to reach (a rate may be written 30%%)")
    goal.add_argument("--vary", required=True, metavar="ID", help="the input to change")
    goal.add_argument("--json", action="store_true", help="print JSON for tools")
    goal.set_defaults(handler=_guarded(run_goal_seek))

    experiment = subparsers.add_parser(
        "experiment", help="which metric an A/B test of a scenario should read, and the sample size it needs")
    experiment.add_argument("file", metavar="FILE")
    experiment.add_argument("--scenario", required=True, metavar="NAME")
    experiment.add_argument("--alpha", type=_probability, metavar="A", help="significance level (default 0.05)")
    experiment.add_argument("--power", type=_probability, metavar="P", help="power (default 0.8)")
    experiment.add_argument("--json", action="store_true", help="print JSON for tools")
    experiment.set_defaults(handler=_guarded(run_experiment))


# --- handlers ------------------------------------------------------------------------------------

def run_simulate(args: argparse.Namespace) -> int:
    engine = Engine(load_or_exit(args.file))
    comparison = engine.compare(args.scenario)
    runs = []
    if (engine.factors and engine.tree.north_star is not None) or args.metric:  # something uncertain to show
        runs.append(engine.monte_carlo(samples=args.samples, seed=args.seed, metrics=args.metric,
                                       precision=args.precision, sampler=args.sampler, threads=args.threads))
        for name in args.scenario:  # on the same draws, so differences are the scenario's alone
            scenario = engine.tree.scenario(name)
            runs.append(engine.what_if_samples(scenario.changes, args.metric, label=scenario.name))
    if args.json:
        _print_json({"engine": ENGINE_VERSION, "comparison": comparison.to_dict(),
                     "monte_carlo": [r.to_dict() for r in runs]})
        return 0
    headers = ["Metric", "Baseline"]
    for evaluation in comparison.evaluations[1:]:
        headers += [evaluation.label, "Change"]
    rows = []
    for i, base in enumerate(comparison.evaluations[0].values):
        row = [base.name, format_value(base.value, base.unit)]
        for evaluation in comparison.evaluations[1:]:
            v = evaluation.values[i]
            row += [format_value(v.value, v.unit), format_change(v.baseline, v.value, v.unit) or "—"]
        rows.append(row)
    say(_table(headers, rows))
    for evaluation in comparison.evaluations:
        for problem in evaluation.nonfinite:
            say(f"warning ({evaluation.label}): {problem.message}")
    for result in runs:
        say("")
        spent = "" if result.seconds is None else f" in {result.seconds:.2f} s"
        say(f"Uncertainty — {result.label}: {result.samples:,} samples{spent}, seed {result.seed}; "
            f"figures within {_percent(result.precision)} (95 % sure)")
        say(_table(["Metric", "Baseline", "Mean", "P5", "P50", "P95", "Meets target"],
                   [[s.name, *(format_value(x, s.unit) for x in (s.baseline, s.mean, s.p5, s.p50, s.p95)),
                     _meets(s)] for s in result.summaries]))
        for text in [*result.warnings, *(p.message for p in result.nonfinite)]:
            say(f"warning: {text}")
    return 0


def run_sensitivity(args: argparse.Namespace) -> int:
    engine = Engine(load_or_exit(args.file))
    if args.method == "sobol":
        sobol = engine.sobol(args.metric, n=args.samples, seed=args.seed)
        if args.json:
            _print_json(sobol.to_dict())
            return 0
        if not sobol.indices:
            say(f"no uncertain input feeds '{sobol.name}': give its inputs an uncertainty range first")
            return 0
        say(f"Sobol indices of {sobol.name} ({sobol.n:,} base samples, seed {sobol.seed}); ± is a 95 % interval")
        say(_table(["Input", "First order", "Total order"],
                   [[i.name, f"{i.first:.3f} ± {i.first_ci:.3f}", f"{i.total:.3f} ± {i.total_ci:.3f}"]
                    for i in sobol.indices]))
        for text in sobol.warnings:
            say(f"note: {text}")
        return 0
    tornado = engine.tornado(args.metric)
    if args.json:
        _print_json(tornado.to_dict())
        return 0
    unit = engine.tree.metric(tornado.target).unit
    say(f"What moves {tornado.name} (now {format_value(tornado.baseline, unit)}), largest swing first")
    units = engine.tree.metrics_by_id()
    say(_table(["Input", "Low → high", f"{tornado.name} at low → high", "Swing", "Elasticity"],
               [[b.name, f"{format_value(b.low, units[b.input].unit)} → {format_value(b.high, units[b.input].unit)}",
                 f"{format_value(b.target_low, unit)} → {format_value(b.target_high, unit)}",
                 format_value(b.swing, unit), f"{b.elasticity:+.2f}"] for b in tornado.bars]))
    return 0


def run_goal_seek(args: argparse.Namespace) -> int:
    engine = Engine(load_or_exit(args.file))
    result = engine.goal_seek(args.metric, args.target, args.vary)
    if args.json:
        _print_json(result.to_dict())
    else:
        say(result.message[0].upper() + result.message[1:] + ".")
    return 0 if result.reached else 2


def run_experiment(args: argparse.Namespace) -> int:
    engine = Engine(load_or_exit(args.file))
    result = engine.experiment(args.scenario, alpha=args.alpha, power=args.power)
    if args.json:
        _print_json(result.to_dict())
        return 0
    units = engine.tree.metrics_by_id()
    say(f"Experiment '{result.scenario}' (two-sided, alpha {result.alpha:g}, power {result.power:g})")
    say(_table(["Metric", "Kind", "Baseline", "Expected", "Lift", "Per arm", "Note"],
               [[r.name, r.kind.replace("_", " "), format_value(r.baseline, units[r.metric].unit),
                 format_value(r.expected, units[r.metric].unit), f"{r.lift_pct:+.3g} %",
                 "—" if r.sample_size_per_arm is None else f"{r.sample_size_per_arm:,}", r.note] for r in result.rows]))
    say(result.message[0].upper() + result.message[1:] + ".")
    if engine.tree.experiments:  # the ledger says which proxies are validated
        from metricscape.sim.evidence.ledger import all_ledger_evidence
        from metricscape.sim.evidence.sizing import size_with_evidence
        say(size_with_evidence(result, {e.proxy: e for e in all_ledger_evidence(engine.tree)}).message)
    return 0


# --- helpers -------------------------------------------------------------------------------------

def _percent(fraction: float) -> str:
    return "an unknown margin" if not math.isfinite(fraction) else f"±{fraction * 100:.2g} %"


def _meets(summary: Summary) -> str:
    """The chance of meeting the target, with the share of samples left out as not numbers."""
    if summary.p_meet_target is None:
        return "—"
    text = f"{summary.p_meet_target:.0%}"
    if summary.nonfinite:
        text += f" ({summary.nonfinite_share:.0%} of samples not numbers, left out)"
    return text


def _guarded(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except SimulationError as exc:
            say(f"metricscape {args.command}: {exc}", stream=sys.stderr)
            return 1
    return run


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(c)) for c in column) for column in zip(headers, *rows, strict=True)]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(headers, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_align(c, w, k) for k, (c, w) in enumerate(zip(row, widths, strict=True))).rstrip()
              for row in rows]
    return "\n".join(lines)


def _align(cell: str, width: int, column: int) -> str:
    return cell.ljust(width) if column == 0 else cell.rjust(width)


def _print_json(data: Any) -> None:
    say(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False))


def _number(text: str) -> float:
    cleaned = text.strip().replace(",", "").replace("_", "")
    try:
        value = float(cleaned[:-1]) / 100 if cleaned.endswith("%") else float(cleaned)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"'{text}' is not a number (write e.g. 1200, 0.3 or 30%)")
    return value


def _precision(text: str) -> float:
    value = _number(text)
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a precision: use a share such as 0.001 (±0.1 %%)")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text.replace(",", "").replace("_", ""))
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a positive whole number")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value < 2**32:
        raise argparse.ArgumentTypeError(f"'{text}' is not a seed: use a whole number from 0 to 4294967295")
    return value


def _probability(text: str) -> float:
    value = _number(text)
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"'{text}' must lie between 0 and 1 (e.g. 0.05)")
    return value
