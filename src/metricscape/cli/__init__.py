"""The command line: ``metricscape [FILE...]`` opens the app; subcommands work headless.

Each module in ``COMMANDS`` adds its subcommands through ``register(subparsers)``;
a subcommand's handler takes the parsed arguments and returns the exit code.
Modules are imported lazily: a command imports only its own module (``validate`` never pays for
scipy or python-pptx), ``--help`` imports them all, and the ui layer loads only for a window.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from metricscape import __version__

# command -> the module under metricscape.cli that registers it (tests check this table is complete)
COMMANDS = {
    "validate": "files", "show": "files", "schema": "files", "migrate": "files",
    "simulate": "simulate", "sensitivity": "simulate", "goal-seek": "simulate", "experiment": "simulate",
    "export": "export",
    "check": "discipline", "diff": "discipline",
    "explain": "explain",
    "evidence": "evidence", "experiments": "evidence",
    "actuals": "actuals",
}
COMMAND_MODULES = tuple(dict.fromkeys(COMMANDS.values()))


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser with every command, or with just the module of command ``only``."""
    parser = argparse.ArgumentParser(
        prog="metricscape",
        description="Model your north star metric and the input metrics that drive it. "
                    "Run without a command to open the app.",
        epilog="The app: metricscape [FILE...] [--theme light|dark] [--select METRIC_ID]. "
               "A screenshot: metricscape FILE --screenshot OUT.png [--size WxH] [--select METRIC_ID] "
               "(it waits until the north star's levers and outlook are computed). "
               "All app options: metricscape FILE --help.")
    parser.add_argument("--version", action="version", version=f"metricscape {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in (COMMANDS[only],) if only in COMMANDS else COMMAND_MODULES:
        importlib.import_module(f"metricscape.cli.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    first = args_list[0] if args_list else None
    if first == "--version":  # answered before any parser or model code is imported
        print(f"metricscape {__version__}")
        return 0
    if first is None or (first not in COMMANDS and first not in ("-h", "--help", "--version")):
        from metricscape.cli.gui import run_gui  # lazy: only the app needs Qt

        return run_gui(args_list)
    args = build_parser(only=first).parse_args(args_list)
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
