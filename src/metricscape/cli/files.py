"""File commands: ``validate FILE...``, ``show FILE``, ``schema``, ``migrate FILE``."""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

from metricscape.io import LoadError, SaveError, migrations, save
from metricscape.io.json_schema import schema_text
from metricscape.io.reader import load
from metricscape.model import MetricTree

from .common import load_or_exit, say
from .outline import outline


def register(subparsers: argparse._SubParsersAction) -> None:
    validate = subparsers.add_parser("validate", help="check model files and report every problem")
    validate.add_argument("files", nargs="+", metavar="FILE", help="model files (.json)")
    validate.set_defaults(handler=run_validate)

    show = subparsers.add_parser("show", help="print a model as a readable outline, north star first")
    show.add_argument("file", metavar="FILE")
    show.set_defaults(handler=run_show)

    schema = subparsers.add_parser("schema", help="print the JSON Schema of the model file format")
    schema.set_defaults(handler=run_schema)

    migrate = subparsers.add_parser(
        "migrate", help="upgrade a model file written by an older Metricscape (keeps FILE.bak)")
    migrate.add_argument("file", metavar="FILE")
    migrate.set_defaults(handler=run_migrate)


def run_validate(args: argparse.Namespace) -> int:
    failures = 0
    for path in args.files:
        try:
            loaded = load(path)
        except LoadError as exc:
            failures += 1
            say(f"✗ {exc}", stream=sys.stderr)
            continue
        tree = loaded.tree
        say(f"✓ {path}: {_count(len(tree.metrics), 'metric')}, {_count(len(tree.links), 'link')}")
        for note in loaded.notes:
            say(f"  Note: {note}")
    return 1 if failures else 0


def run_show(args: argparse.Namespace) -> int:
    tree = load_or_exit(args.file)
    values, notes = _computed_values(tree)
    say(outline(tree, values))
    if notes:
        say("\nValues that could not be computed\n" + "\n".join(f"  {note}" for note in notes))
    return 0


def _computed_values(tree: MetricTree) -> tuple[dict[str, float], list[str]]:
    """Each metric's value as the engine computes it (unknown ones left out), and why some are not
    numbers; without the engine, no values: the outline then shows the file's baselines."""
    from metricscape.sim import Engine, SimulationError  # lazy: numpy and scipy only for `show`

    try:
        evaluation = Engine(tree).baseline()
    except SimulationError as exc:
        return {}, [str(exc)]
    values = {v.metric: v.value for v in evaluation.values if not math.isnan(v.value)}
    return values, list(dict.fromkeys(problem.message for problem in evaluation.nonfinite))


def run_schema(args: argparse.Namespace) -> int:
    # Bytes, so that `metricscape schema > file` gives the committed file exactly, even on Windows (no CRLF).
    stdout = getattr(sys.stdout, "buffer", None)
    if stdout is None:
        sys.stdout.write(schema_text())
    else:
        sys.stdout.flush()
        stdout.write(schema_text().encode("utf-8"))
        stdout.flush()
    return 0


def run_migrate(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        loaded = load(path)  # validates the upgraded model before anything is written
        if loaded.upgraded_from is None:
            say(f"{path}: already current (file format {migrations.CHAIN.current}); nothing to do")
            return 0
        save(loaded.tree, path, expected_fingerprint=loaded.fingerprint)
    except (LoadError, SaveError) as exc:
        say(str(exc), stream=sys.stderr)
        return 1
    say(f"{path}: upgraded from file format {loaded.upgraded_from} to {migrations.CHAIN.current}; "
        f"the old file is kept as {path.name}.bak")
    return 0


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")

