"""``metricscape export FILE OUT.ext``: the tree as slides, images, diagram text, a brief or a table.

The formats and what each reads come from the export registry.
"""

from __future__ import annotations

import argparse
import sys

from metricscape.export import (
    ExportError,
    ExportOptions,
    ImageShape,
    OptionsError,
    format_of,
    formats,
)
from metricscape.export.options import hide, parse_page_size, parse_theme

from .common import load_or_exit, say


def _load_formats() -> None:
    from metricscape.ui.export import formats as _qt  # noqa: F401  (registers PNG/SVG/PDF; no Qt until used)


def register(subparsers: argparse._SubParsersAction) -> None:
    _load_formats()
    listed = ", ".join(f"{fmt.extension} ({fmt.label})" for fmt in formats())
    parser = subparsers.add_parser(
        "export", help="export the tree: " + ", ".join(fmt.label for fmt in formats()),
        description=f"Export a model. The format follows the output's extension: {listed}.")
    parser.add_argument("file", help="the model file (.json)")
    parser.add_argument("out", help="the file to write, e.g. tree.pptx")
    parser.add_argument("--scenario", metavar="NAME", help="show the what-if values of this scenario")
    parser.add_argument("--detail", default="full", help="what each card says on a slide: names, values or full "
                                                         "(default: full)")
    parser.add_argument("--levels", type=int, default=None, metavar="N",
                        help="levels of the tree per slide, 2 to 6 (default: as many as fit)")
    parser.add_argument("--slide", default="16:9", help="slide shape: 16:9 (default) or 4:3")
    parser.add_argument("--scale", type=float, default=2.0, help="PNG pixels per point, 1 to 4 (default 2)")
    parser.add_argument("--width", type=int, default=1600, help="width of slide-shaped images in pixels "
                                                                "before the scale (default 1600)")
    parser.add_argument("--fit-content", action="store_true",
                        help="PNG/SVG/PDF: one picture as large as the whole tree instead of slides")
    parser.add_argument("--svg-text", default="embed", help="SVG text: embed (the font subset, default) or outline")
    parser.add_argument("--theme", default="light", help="light (default) or dark")
    parser.add_argument("--hide", default="", metavar="PARTS",
                        help="comma-separated: values, deltas, owners, risks, legend, title")
    parser.add_argument("--page", default="A4", help="PDF page: A4 (default), Letter or 16:9")
    parser.add_argument("--transparent", action="store_true", help="PNG without a background")
    parser.add_argument("--keep-arrangement", action="store_true",
                        help="with --fit-content: keep the cards where you placed them instead of the tidy layout")
    parser.add_argument("--include-collapsed", action="store_true",
                        help="also draw the drivers of collapsed metrics")
    parser.add_argument("--explain", metavar="FROM..TO",
                        help="add why the north star moved between two periods (PowerPoint: a slide, Markdown: a "
                             "section), e.g. 2026-W10..2026-W14; two ranges are separated by a comma: "
                             "2026-W10..2026-W13,2026-W14..2026-W17")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        format_of(args.out)
        options = hide(ExportOptions(scenario=args.scenario, scale=args.scale, theme=parse_theme(args.theme),
                                     page_size=parse_page_size(args.page), transparent=args.transparent,
                                     keep_arrangement=args.keep_arrangement, detail=args.detail,
                                     levels=args.levels, slide_shape=args.slide, pixel_width=args.width,
                                     image_shape=ImageShape.FIT if args.fit_content else ImageShape.SLIDE,
                                     svg_text=args.svg_text,
                                     include_collapsed=args.include_collapsed, explain=args.explain), args.hide)
    except (ExportError, OptionsError) as exc:
        say(str(exc), stream=sys.stderr)
        return 2
    tree = load_or_exit(args.file)
    from metricscape.export import write

    try:
        warnings = write(tree, args.out, options)
    except ExportError as exc:
        say(str(exc), stream=sys.stderr)
        return 1
    for warning in warnings:
        say(f"Note: {warning}", stream=sys.stderr)
    say(f"Wrote {args.out}")
    return 0
