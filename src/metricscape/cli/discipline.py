"""``metricscape check FILE`` (the health check, for people and CI) and ``metricscape diff A B``.

``diff`` also accepts the seven arguments git passes to an external diff driver
(path old-file old-hex old-mode new-file new-hex new-mode); see docs/diff-with-git.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys

from metricscape.cli.common import load_or_exit, say
from metricscape.model import MetricTree
from metricscape.model.diff import diff, render
from metricscape.model.rules import ALL_RULES, HealthReport, Level, check
from metricscape.model.rules.facts import DataFacts

_MARKS = {Level.ERROR: "✗ error  ", Level.WARNING: "! warning", Level.INFO: "? info   "}


def register(subparsers: argparse._SubParsersAction) -> None:
    checker = subparsers.add_parser(
        "check", help="check a model against the north-star discipline (missing rationale, gaming risks ...)",
        description="List what is missing or dubious in a model, with what to do about it. "
                    "Exit code 1 when a finding at or above --fail-on exists (for CI).")
    checker.add_argument("file", metavar="FILE", nargs="?", help="a .json model file")
    checker.add_argument("--json", action="store_true", help="print the findings as JSON")
    checker.add_argument("--fail-on", choices=["warning", "error"], default="error",
                         help="exit with code 1 when a finding at this level or worse exists (default: error)")
    checker.add_argument("--today", type=_date, default=None, metavar="YYYY-MM-DD",
                         help="the date to check overdue reviews against (default: today)")
    checker.add_argument("--rules", action="store_true", help="list the rules and exit")
    checker.set_defaults(handler=run_check)

    differ = subparsers.add_parser(
        "diff", help="what changed between two model files, by metric (usable from git)",
        description="Show what changed from A to B: metrics added, removed, renamed, and field by field. "
                    "Also accepts the seven arguments git passes to an external diff command.")
    differ.add_argument("files", metavar="FILE", nargs="+", help="A.json B.json")
    differ.add_argument("--json", action="store_true", help="print the changes as JSON")
    differ.set_defaults(handler=run_diff)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write it as YYYY-MM-DD") from None


def run_check(args: argparse.Namespace) -> int:
    if args.rules:
        for rule in ALL_RULES:
            say(f"{rule.id:26} {rule.level.value:8} {rule.summary}")
        return 0
    if args.file is None:
        say("metricscape check: give the model file to check, e.g. metricscape check model.json", sys.stderr)
        return 2
    tree = load_or_exit(args.file)
    report = check(tree, today=args.today, facts=_data_facts(tree))
    if args.json:
        say(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        say(_report_text(args.file, report))
    return 1 if report.at_least(Level(args.fail_on)) else 0


def _data_facts(tree: MetricTree) -> DataFacts | None:
    """What the actuals say, for the evidence rules; only computed when there are actuals (statsmodels is slow to load)."""
    if not tree.actuals.series:
        return None
    from metricscape.sim.evidence.facts import data_facts

    return data_facts(tree)


def _report_text(path: str, report: HealthReport) -> str:
    lines = [f"{os.path.basename(path)}: score {report.score}/100 — "
             + ", ".join(f"{report.count(level)} {level.value}{'s' if report.count(level) != 1 else ''}"
                         for level in (Level.ERROR, Level.WARNING, Level.INFO))]
    ordered = sorted(report.findings, key=lambda f: -f.level.rank)
    lines += [f"{_MARKS[f.level]}  {f.message}  [{f.rule}]" for f in ordered]
    if report.silenced:
        lines.append(f"({len(report.silenced)} silenced: "
                     + "; ".join(f"{f.rule} on {f.metric}: {f.silenced_because}" for f in report.silenced) + ")")
    if not report.findings:
        lines.append("✓ Nothing to fix.")
    return "\n".join(lines)


def run_diff(args: argparse.Namespace) -> int:
    files = args.files
    if len(files) == 7:  # git's external diff driver: path old-file old-hex old-mode new-file new-hex new-mode
        label, files = files[0], [files[1], files[4]]
    elif len(files) == 2:
        label = None
    else:
        say("metricscape diff: give two model files, e.g. metricscape diff old.json new.json", sys.stderr)
        return 2
    before, after = (_load_side(path) for path in files)
    changes = diff(before, after)
    if args.json:
        say(json.dumps(changes.to_dict(), indent=2, ensure_ascii=False))
    else:
        if label is not None:
            say(f"metricscape diff {label}")
        say(render(changes))
    return 0  # like git's own drivers: a difference is not a failure


def _load_side(path: str) -> MetricTree:
    """A missing side (git passes /dev/null for an added or deleted file) is an empty model."""
    if path == os.devnull:
        return MetricTree()
    return load_or_exit(path)
