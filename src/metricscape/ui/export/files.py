"""Write any registered export format from the app or the command line."""

from __future__ import annotations

from pathlib import Path

from metricscape.export import ExportOptions, write
from metricscape.model import MetricTree

from . import formats as _formats  # noqa: F401  (registers PNG, SVG and PDF)


def export_file(tree: MetricTree, path: str | Path, options: ExportOptions | None = None) -> list[str]:
    """Write ``path`` in the format its extension names; returns notes for the user; raises ExportError."""
    return write(tree, path, options)
