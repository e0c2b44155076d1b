"""Which writer handles which file extension; the Qt-free formats are written here.

PNG, SVG and PDF are drawn with Qt and live in ``metricscape.ui.export``; callers (the CLI, the
dialog) route them there. Every failure is an ``ExportError`` whose message a PM can act on.
"""

from __future__ import annotations

from pathlib import Path

from metricscape.model import MetricTree

from .csv import to_csv
from .dot import to_dot
from .markdown import to_markdown
from .mermaid import to_mermaid
from .options import ExportOptions, OptionsError
from .pptx import to_pptx

TEXT_FORMATS = {".mmd": "Mermaid", ".dot": "Graphviz DOT", ".md": "Markdown brief", ".csv": "CSV table"}
QT_FORMATS = {".png": "PNG image", ".svg": "SVG drawing", ".pdf": "PDF page"}
FORMATS = {**QT_FORMATS, ".pptx": "PowerPoint slides", **TEXT_FORMATS}


class ExportError(Exception):
    """An export that could not be written: the message says what to do."""


def format_of(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix == ".mermaid":
        suffix = ".mmd"
    if suffix == ".gv":
        suffix = ".dot"
    if suffix not in FORMATS:
        choices = ", ".join(FORMATS)
        what = f"'{suffix}'" if suffix else "a file name without an extension"
        raise ExportError(f"Cannot export to {what}: end the file name with one of {choices}.")
    return suffix


def text_export(tree: MetricTree, fmt: str, options: ExportOptions) -> str:
    writer = {".mmd": to_mermaid, ".dot": to_dot, ".md": to_markdown, ".csv": to_csv}[fmt]
    return writer(tree, options)


def write_file(tree: MetricTree, path: str | Path, options: ExportOptions | None = None) -> list[str]:
    """Write a Qt-free format (PowerPoint or text); returns warnings for the user."""
    options = options or ExportOptions()
    fmt = format_of(path)
    if fmt in QT_FORMATS:
        raise ExportError(f"{FORMATS[fmt]} exports are drawn by the app: use metricscape.ui.export.")
    try:
        if fmt == ".pptx":
            return to_pptx(tree, path, options)
        text = text_export(tree, fmt, options)
        # Excel only reads UTF-8 (names with accents or emoji) when the file starts with a BOM.
        encoding = "utf-8-sig" if fmt == ".csv" else "utf-8"
        Path(path).write_text(text, encoding=encoding, newline="")
    except OptionsError as exc:
        raise ExportError(str(exc)) from None
    except OSError as exc:
        raise ExportError(f"Could not write {path}: {exc.strerror or exc}. "
                          "Check that the folder exists and that the file is not open in another program.") from None
    return list(options.warnings)
