"""PNG and PDF as export registry entries. Importing this module needs no Qt (the command line
lists these formats in its help); the writers import Qt when they run."""

from __future__ import annotations

from pathlib import Path

from metricscape.export import ExportFormat, ExportOptions, formats, register
from metricscape.export.formats import IMAGE_OPTIONS
from metricscape.model import MetricTree


def _png(tree: MetricTree, path: Path, options: ExportOptions) -> None:
    from . import slide_files
    from .headless import ensure_app

    ensure_app()
    slide_files.write_png(tree, path, options)


def _pdf(tree: MetricTree, path: Path, options: ExportOptions) -> None:
    from . import slide_files
    from .headless import ensure_app

    ensure_app()
    slide_files.write_pdf(tree, path, options)


PNG = register(ExportFormat(".png", "PNG image", _png, IMAGE_OPTIONS | {"scale", "transparent", "pixel_width"},
                            rank=10))
PDF = register(ExportFormat(".pdf", "PDF pages", _pdf, IMAGE_OPTIONS | {"page_size"}, rank=12))


def export_summary() -> str:
    """The File ▸ Export… tooltip: every registered format, in plain words."""
    labels = [fmt.label for fmt in formats()]
    listed = ", ".join(labels[:-1]) + (f" or {labels[-1]}" if len(labels) > 1 else "".join(labels))
    return f"Export the diagram as {listed}, with a preview of the slides"
