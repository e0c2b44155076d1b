"""Write any export format from the app or the command line (PNG/SVG/PDF drawn here, others delegated)."""

from __future__ import annotations

from pathlib import Path

from metricscape.export import ExportError, ExportOptions, OptionsError, format_of, write_file
from metricscape.model import MetricTree

from .render import RenderError, picture, write_pdf, write_png, write_svg

_QT_WRITERS = {".png": write_png, ".svg": write_svg, ".pdf": write_pdf}


def export_file(tree: MetricTree, path: str | Path, options: ExportOptions | None = None) -> list[str]:
    """Write ``path`` in the format its extension names; returns warnings; raises ExportError."""
    options = options or ExportOptions()
    fmt = format_of(path)
    if fmt not in _QT_WRITERS:
        return write_file(tree, path, options)
    try:
        _QT_WRITERS[fmt](picture(tree, options), path)
    except OptionsError as exc:
        raise ExportError(str(exc)) from None
    except RenderError as exc:
        raise ExportError(str(exc)) from None
    return list(options.warnings)
