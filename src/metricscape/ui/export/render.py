"""PNG, SVG and PDF files (and in-memory images) of a metric tree, drawn like the canvas.

PNG: a QImage with a device pixel ratio (crisp at 2x on a slide), capped in size so a huge tree
cannot exhaust memory; SVG: QSvgGenerator with size and viewBox; PDF: a QPdfWriter landscape
page, the picture fitted and centred.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator

from metricscape.export.diagram import Diagram, build_diagram
from metricscape.export.options import ExportOptions, PageSize
from metricscape.export.registry import ExportError
from metricscape.model import MetricTree

from .page import paint_page
from .scene import export_scene

MAX_PIXELS = 40_000_000   # about 160 MB of ARGB: beyond this a PNG is useless on a slide anyway
MAX_SIDE = 16_000
_PAGES = {PageSize.A4: QPageSize.PageSizeId.A4, PageSize.LETTER: QPageSize.PageSizeId.Letter}
_WIDE_MM = QSizeF(190.5, 338.7)  # a 16:9 slide (7.5 x 13.33 in), portrait: the layout turns it


class RenderError(ExportError):
    """A file could not be written; the message says which and why, in plain words."""


@dataclass
class Picture:
    """A diagram ready to paint, with its scene kept alive for as long as it is needed."""

    diagram: Diagram
    scene: object

    def paint(self, painter: QPainter, transparent: bool = False) -> None:
        paint_page(painter, self.diagram, self.scene, transparent=transparent)  # type: ignore[arg-type]  # an ExportScene is the MetricScene paint_page expects


def picture(tree: MetricTree, options: ExportOptions | None = None) -> Picture:
    diagram = build_diagram(tree, options or ExportOptions())
    return Picture(diagram, export_scene(tree, diagram))


def effective_scale(diagram: Diagram, scale: float) -> float:
    """The requested scale, reduced when the image would be too large to create."""
    limit = min(MAX_SIDE / diagram.width, MAX_SIDE / diagram.height,
                (MAX_PIXELS / (diagram.width * diagram.height)) ** 0.5)
    return min(scale, limit)


def image(pic: Picture, scale: float | None = None, transparent: bool | None = None) -> QImage:
    options = pic.diagram.options
    wanted = options.scale if scale is None else scale
    scale = effective_scale(pic.diagram, wanted)
    if scale < wanted:
        options.warnings.append(f"The tree is too large for a {wanted:g}x image: it was drawn at {scale:.2g}x. "
                                "Use SVG or PDF for a sharp picture at any size.")
    transparent = options.transparent if transparent is None else transparent
    size = QSize(max(1, round(pic.diagram.width * scale)), max(1, round(pic.diagram.height * scale)))
    img = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(0)
    img.setDevicePixelRatio(scale)  # paint in diagram units; Qt maps them to pixels
    painter = QPainter(img)
    try:
        pic.paint(painter, transparent)
    finally:
        painter.end()
    return img


def png_bytes(pic: Picture) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image(pic).save(buffer, "PNG")  # type: ignore[call-overload]  # PySide6's stubs miss the QIODevice overload
    buffer.close()
    return bytes(data.data())


def svg_bytes(pic: Picture) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    _svg_setup(generator, pic.diagram)
    painter = QPainter(generator)
    try:
        pic.paint(painter, pic.diagram.options.transparent)
    finally:
        painter.end()
    buffer.close()
    return bytes(data.data())


def _svg_setup(generator: QSvgGenerator, diagram: Diagram) -> None:
    width, height = round(diagram.width), round(diagram.height)
    generator.setSize(QSize(width, height))
    generator.setViewBox(QRectF(0, 0, diagram.width, diagram.height))
    generator.setResolution(96)
    generator.setTitle(diagram.title)
    generator.setDescription("Metric tree exported from Metricscape")


def write_png(pic: Picture, path: str | Path) -> None:
    _write(path, png_bytes(pic))


def write_svg(pic: Picture, path: str | Path) -> None:
    _write(path, svg_bytes(pic))


def write_pdf(pic: Picture, path: str | Path) -> None:
    options = pic.diagram.options
    writer = QPdfWriter(str(path))
    writer.setTitle(pic.diagram.title)
    writer.setCreator("Metricscape")
    writer.setResolution(300)
    size = QPageSize(_WIDE_MM, QPageSize.Unit.Millimeter, "16:9") if options.page_size is PageSize.WIDE \
        else QPageSize(_PAGES[options.page_size])
    writer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Landscape, QMarginsF(10, 10, 10, 10),
                                     QPageLayout.Unit.Millimeter))
    painter = QPainter()
    if not painter.begin(writer):
        raise RenderError(f"Could not write the PDF to {path}: check that the folder exists and is writable.")
    try:
        page = writer.pageLayout().paintRectPixels(writer.resolution())
        diagram = pic.diagram
        fit = min(page.width() / diagram.width, page.height() / diagram.height)
        painter.translate((page.width() - diagram.width * fit) / 2, (page.height() - diagram.height * fit) / 2)
        painter.scale(fit, fit)
        pic.paint(painter, transparent=False)
    finally:
        painter.end()


def _write(path: str | Path, data: bytes) -> None:
    try:
        Path(path).write_bytes(data)
    except OSError as exc:
        raise RenderError(f"Could not write {path}: {exc.strerror or exc}.") from None
