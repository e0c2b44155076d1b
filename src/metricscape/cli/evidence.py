"""Evidence commands: ``evidence MODEL`` (every link tested on the actuals and the experiment ledger)
and ``experiments MODEL --import LEDGER.csv`` (the ledger of past experiments).

The JSON keys of both are a stable contract (issue "Evidence for every link"); tables for people
otherwise. Statistics load lazily: statsmodels takes a moment to import.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from metricscape.io import LoadError, SaveError, load, save
from metricscape.model import MetricTree

from .common import load_or_exit, say


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    evidence = subparsers.add_parser(
        "evidence", help="test each influence link and proxy on the actuals and past experiments",
        description="For every influence link (and each proxy's path to the north star): the elasticity the "
                    "actuals imply (changes of logs, Newey–West 90 %% interval), the Granger test, the "
                    "correlation of levels (shown, never evidence) and a verdict: supports, contradicts, "
                    "inconclusive or no_data. For proxies measured in past experiments: the ledger's slope, "
                    "corrected for measurement noise.")
    evidence.add_argument("file", metavar="MODEL")
    evidence.add_argument("--json", action="store_true", help="print JSON for tools instead of a table")
    evidence.set_defaults(handler=run_evidence)

    experiments = subparsers.add_parser(
        "experiments", help="import past experiments (CSV: experiment,metric,lift,se) and show what they say",
        description="Without --import, list what the model's experiment ledger says about each proxy. "
                    "With --import, read LEDGER.csv (columns experiment,metric,lift,se and optionally "
                    "start,end,segment,notes; lift and se as 0.02 or 2%%), add its experiments to the model "
                    "(replacing ones of the same name) and save the model; a file with any problem imports "
                    "nothing.")
    experiments.add_argument("file", metavar="MODEL")
    experiments.add_argument("--import", dest="ledger", metavar="LEDGER.csv", help="the CSV file to import")
    experiments.add_argument("--json", action="store_true", help="print JSON for tools")
    experiments.set_defaults(handler=run_experiments)


def evidence_report(tree: MetricTree) -> dict[str, Any]:
    from metricscape.sim.evidence.ledger import all_ledger_evidence
    from metricscape.sim.evidence.links import all_evidence

    return {"grain": tree.actuals.grain.value,
            "links": [e.to_dict() for e in all_evidence(tree)],
            "proxies": [e.to_dict() for e in all_ledger_evidence(tree)]}


def run_evidence(args: argparse.Namespace) -> int:
    tree = load_or_exit(args.file)
    report = evidence_report(tree)
    if args.json:
        say(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    names = {m.id: m.name for m in tree.metrics}
    say(f"{os.path.basename(args.file)}: evidence for {len(report['links'])} links and paths, "
        f"{len(report['proxies'])} proxies in the experiment ledger")
    if not tree.actuals.series:
        say("This model has no actuals yet, so no link can be tested on its series: import the metrics' "
            "history first.")
    for link in report["links"] if tree.actuals.series else []:
        arrow = "⇢" if link["path"] else "→"
        say(f"\n{names.get(link['source'], link['source'])} {arrow} {names.get(link['target'], link['target'])}: "
            f"{link['verdict'].replace('_', ' ')}")
        say(f"  {link['message']}")
        if link["estimate"] is not None:
            granger = "" if link["granger_p"] is None else f", Granger p = {link['granger_p']:.3f}"
            say(f"  {link['method']}{granger}")
    for proxy in report["proxies"]:
        say(f"\n{names.get(proxy['proxy'], proxy['proxy'])} in past experiments"
            f"{' (validated)' if proxy['validated'] else ''}:")
        say(f"  {proxy['message']}")
    return 0


def run_experiments(args: argparse.Namespace) -> int:
    from metricscape.io.ledger_csv import LedgerError, read_ledger_file
    from metricscape.sim.evidence.ledger import all_ledger_evidence

    if args.ledger is None:
        tree = load_or_exit(args.file)
        summary: dict[str, Any] = {"experiments": len(tree.experiments)}
    else:
        try:
            loaded = load(args.file)
            result = read_ledger_file(args.ledger, loaded.tree)
            save(result.tree, args.file, expected_fingerprint=loaded.fingerprint)
        except (LoadError, LedgerError, SaveError) as exc:
            say(str(exc), stream=sys.stderr)
            return 1
        tree = result.tree
        summary = {"imported_rows": result.rows, "added": sorted(result.added), "replaced": sorted(result.replaced),
                   "experiments": len(tree.experiments)}
    summary["proxies"] = [e.to_dict() for e in all_ledger_evidence(tree)]
    if args.json:
        say(json.dumps(summary, indent=2, ensure_ascii=False))
        return 0
    if args.ledger is not None:
        say(f"{args.file}: imported {result.rows} rows: {len(result.added)} new experiments, "
            f"{len(result.replaced)} replaced; the ledger now holds {len(tree.experiments)}.")
    else:
        say(f"{args.file}: {len(tree.experiments)} experiments in the ledger.")
    names = {m.id: m.name for m in tree.metrics}
    for proxy in summary["proxies"]:
        say(f"  {names.get(proxy['proxy'], proxy['proxy'])}: {proxy['message']}")
    return 0
