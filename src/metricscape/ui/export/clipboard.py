"""Copy the tree to the clipboard in one go: an image for slides and chat, SVG for design tools,
Mermaid text for docs and wikis; each application pastes the kind it understands."""

from __future__ import annotations

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication

from metricscape.export.mermaid import to_mermaid
from metricscape.export.options import ExportOptions
from metricscape.model import MetricTree

from .render import image, picture, svg_bytes

SVG_MIME = "image/svg+xml"


def export_mime_data(tree: MetricTree, options: ExportOptions | None = None) -> QMimeData:
    options = options or ExportOptions()
    pic = picture(tree, options)
    mime = QMimeData()
    mime.setImageData(image(pic))
    mime.setData(SVG_MIME, svg_bytes(pic))
    mime.setText(to_mermaid(tree, options, pic.diagram))
    return mime


def copy_to_clipboard(tree: MetricTree, options: ExportOptions | None = None) -> list[str]:
    """Put the tree on the clipboard; returns warnings (e.g. a huge tree drawn at a smaller scale)."""
    options = options or ExportOptions()
    QGuiApplication.clipboard().setMimeData(export_mime_data(tree, options))
    return list(options.warnings)
