"""The command line: ``metricscape [FILE...]`` opens the app; subcommands work headless.

Each module in ``COMMAND_MODULES`` adds its subcommands through ``register(subparsers)``;
a subcommand's handler takes the parsed arguments and returns the exit code.
The ui layer is imported lazily, only by the commands that need a window.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from metricscape import __version__

COMMAND_MODULES = ("files", "simulate", "export", "discipline", "actuals")


def build_parser() -> argparse.ArgumentParser:
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
    for name in COMMAND_MODULES:
        importlib.import_module(f"metricscape.cli.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    commands = set(parser._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    if not args_list or (args_list[0] not in commands and args_list[0] not in ("-h", "--help", "--version")):
        from metricscape.cli.gui import run_gui  # lazy: only the app needs Qt

        return run_gui(args_list)
    args = parser.parse_args(args_list)
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
