"""Exports of a metric tree: PowerPoint, Mermaid, DOT, Markdown brief and CSV (Qt-free), and the
registry every export format is one entry of.

PNG, SVG and PDF are drawn with Qt in ``metricscape.ui.export`` from the same slides.
"""

from . import formats as _formats  # noqa: F401  (registers the Qt-free formats)
from .diagram import Diagram, build_diagram
from .options import (
    Detail,
    ExportOptions,
    ImageShape,
    OptionsError,
    PageSize,
    SlideShape,
    SvgText,
    Theme,
)
from .registry import (
    ExportError,
    ExportFormat,
    Preview,
    format_of,
    formats,
    register,
    unregister,
    write,
)

__all__ = [
    "Detail",
    "Diagram",
    "ExportError",
    "ExportFormat",
    "ExportOptions",
    "ImageShape",
    "OptionsError",
    "PageSize",
    "Preview",
    "SlideShape",
    "SvgText",
    "Theme",
    "build_diagram",
    "format_of",
    "formats",
    "register",
    "unregister",
    "write",
]
