"""The formats written without Qt: PowerPoint, SVG, Mermaid, DOT, the Markdown brief and CSV.

PNG and PDF are drawn with Qt and registered by ``metricscape.ui.export.formats``.
"""

from __future__ import annotations

from pathlib import Path

from metricscape.model import MetricTree

from .csv import to_csv
from .dot import to_dot
from .markdown import to_markdown
from .mermaid import to_mermaid
from .options import ExportOptions
from .registry import ExportFormat, Preview, TextWriter, Writer, format_of, register

SLIDE_OPTIONS = frozenset({"detail", "levels", "slide_shape"})
IMAGE_OPTIONS = SLIDE_OPTIONS | {"image_shape"}


def _text_writer(text: TextWriter, encoding: str = "utf-8") -> Writer:
    def write(tree: MetricTree, path: Path, options: ExportOptions) -> None:
        path.write_text(text(tree, options), encoding=encoding, newline="")
    return write


# The two writers below import on first use: python-pptx, fontTools and Pillow cost ~0.2 s at the
# app's start, where no export is written yet.
def _pptx(tree: MetricTree, path: Path, options: ExportOptions) -> None:
    from .pptx import to_pptx

    options.warnings.extend(to_pptx(tree, path, options))


def _svg(tree: MetricTree, path: Path, options: ExportOptions) -> None:
    from .svg import write_svg

    write_svg(tree, path, options)


PPTX = register(ExportFormat(".pptx", "PowerPoint slides", _pptx,
                             SLIDE_OPTIONS | {"include_tornado", "include_table"}, rank=20))
SVG = register(ExportFormat(".svg", "SVG drawing", _svg, IMAGE_OPTIONS | {"svg_text", "transparent"}, rank=11))
MERMAID = register(ExportFormat(".mmd", "Mermaid", _text_writer(to_mermaid), aliases=(".mermaid",),
                                preview=Preview.TEXT, text=to_mermaid, rank=30))
DOT = register(ExportFormat(".dot", "Graphviz DOT", _text_writer(to_dot), aliases=(".gv",),
                            preview=Preview.TEXT, text=to_dot, rank=31))
MARKDOWN = register(ExportFormat(".md", "Markdown brief", _text_writer(to_markdown), preview=Preview.TEXT,
                                 text=to_markdown, rank=32))
# Excel only reads UTF-8 (names with accents or emoji) when the file starts with a BOM.
CSV = register(ExportFormat(".csv", "CSV table", _text_writer(to_csv, "utf-8-sig"), preview=Preview.TEXT,
                            text=to_csv, rank=33))


def text_export(tree: MetricTree, extension: str, options: ExportOptions) -> str:
    fmt = format_of(f"x{extension}")
    if fmt.text is None:
        raise ValueError(f"{fmt.label} is not a text format")
    return fmt.text(tree, options)
