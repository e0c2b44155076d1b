"""Exports of a metric tree: Mermaid, DOT, Markdown brief, CSV and PowerPoint (Qt-free).

PNG, SVG and PDF are drawn with Qt in ``metricscape.ui.export`` from the same ``diagram``.
"""

from .diagram import Diagram, build_diagram
from .formats import (
           FORMATS,
           QT_FORMATS,
           TEXT_FORMATS,
           ExportError,
           format_of,
           text_export,
           write_file,
)
from .options import ExportOptions, OptionsError, PageSize, Theme

__all__ = [
           "FORMATS",
           "QT_FORMATS",
           "TEXT_FORMATS",
           "Diagram",
           "ExportError",
           "ExportOptions",
           "OptionsError",
           "PageSize",
           "Theme",
           "build_diagram",
           "format_of",
           "text_export",
           "write_file",
]
