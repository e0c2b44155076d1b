"""``metricscape export FILE OUT.ext``: the tree as an image, slides, diagram text, brief or table."""

from __future__ import annotations

import argparse
import sys

from metricscape.export import (
    FORMATS,
    QT_FORMATS,
    ExportError,
    ExportOptions,
    OptionsError,
    format_of,
)
from metricscape.export.options import hide, parse_page_size, parse_theme

from .common import load_or_exit, say


def register(subparsers) -> None:
    formats = ", ".join(f"{ext} ({name})" for ext, name in FORMATS.items())
    parser = subparsers.add_parser(
        "export", help="export the tree to PNG, SVG, PDF, PowerPoint, Mermaid, DOT, a Markdown brief or CSV",
        description=f"Export a model. The format follows the output's extension: {formats}.")
    parser.add_argument("file", help="the model file (.json)")
    parser.add_argument("out", help="the file to write, e.g. tree.pptx")
    parser.add_argument("--scenario", metavar="NAME", help="show the what-if values of this scenario")
    parser.add_argument("--scale", type=float, default=2.0, help="PNG pixels per point, 1 to 4 (default 2)")
    parser.add_argument("--theme", default="light", help="light (default) or dark")
    parser.add_argument("--hide", default="", metavar="PARTS",
                        help="comma-separated: values, deltas, owners, risks, legend, title")
    parser.add_argument("--page", default="A4", help="PDF page: A4 (default), Letter or 16:9")
    parser.add_argument("--transparent", action="store_true", help="PNG without a background")
    parser.add_argument("--keep-arrangement", action="store_true",
                        help="keep the cards where you placed them instead of the tidy layout")
    parser.add_argument("--include-collapsed", action="store_true",
                        help="also draw the drivers of collapsed metrics")
    parser.add_argument("--explain", metavar="FROM..TO",
                        help="add why the north star moved between two periods (PowerPoint: a slide, Markdown: a "
                             "section), e.g. 2026-W10..2026-W14; two ranges are separated by a comma: "
                             "2026-W10..2026-W13,2026-W14..2026-W17")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        fmt = format_of(args.out)
        options = hide(ExportOptions(scenario=args.scenario, scale=args.scale, theme=parse_theme(args.theme),
                                     page_size=parse_page_size(args.page), transparent=args.transparent,
                                     keep_arrangement=args.keep_arrangement,
                                     include_collapsed=args.include_collapsed, explain=args.explain), args.hide)
    except (ExportError, OptionsError) as exc:
        say(str(exc), stream=sys.stderr)
        return 2
    tree = load_or_exit(args.file)
    try:
        if fmt in QT_FORMATS:
            from metricscape.ui.export.files import export_file  # lazy: only images need Qt
            from metricscape.ui.export.headless import ensure_app

            ensure_app()
            warnings = export_file(tree, args.out, options)
        else:
            from metricscape.export import write_file

            warnings = write_file(tree, args.out, options)
    except ExportError as exc:
        say(str(exc), stream=sys.stderr)
        return 1
    for warning in warnings:
        say(f"Note: {warning}", stream=sys.stderr)
    say(f"Wrote {args.out}")
    return 0
