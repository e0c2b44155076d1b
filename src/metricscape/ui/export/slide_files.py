"""Slide-shaped PNG and PDF files: the slides of the layout engine, as PowerPoint shows them.

PNG: each slide at a chosen pixel width, drawn at 2x (or the chosen scale) for HiDPI screens,
with every metric name in its description text; a tree split over several slides writes
tree.png, tree-2.png, ... PDF: one page per slide. "Fit content" draws one page as large as
the whole tree instead. (SVG is written without Qt: ``metricscape.export.svg``.)

The slides of a PNG export are drawn and encoded in worker threads, each with its own QImage
and QPainter (Qt allows painting on a QImage outside the GUI thread; zlib and Qt's drawing
release the GIL): on two cores a split deck's images take about half the time.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSize, QSizeF
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

from metricscape.export import ExportError, ExportOptions
from metricscape.export.options import MAX_IMAGE_FILES, ImageShape, PageSize, image_cap_note
from metricscape.export.png_encode import encode_png
from metricscape.export.slides import Deck, Slide, build_deck
from metricscape.export.svg import slide_paths
from metricscape.model import MetricTree
from metricscape.ui.canvas import style

from .render import MAX_PIXELS, MAX_SIDE
from .slide_paint import SlidePainter

PDF_PAGES = {PageSize.A4: (842.0, 595.0), PageSize.LETTER: (792.0, 612.0), PageSize.WIDE: (960.0, 540.0)}
MAX_WORKERS = 4  # each holds a slide image or two (about 25 MB each at 2x) while it draws and encodes


def slide_image(slide: Slide, options: ExportOptions, width_px: float | None = None) -> QImage:
    """The slide ``width_px`` logical pixels wide (the option by default), at the HiDPI scale."""
    # Slides are as wide as asked; a "fit content" picture keeps one pixel per point, as before.
    logical = width_px or (slide.width if options.image_shape is ImageShape.FIT else options.pixel_width)
    ratio = options.scale
    fit = logical / slide.width
    # A huge "fit content" picture is drawn smaller rather than exhaust memory (as the canvas export did).
    limit = min(MAX_SIDE / (slide.width * fit), MAX_SIDE / (slide.height * fit),
                (MAX_PIXELS / (slide.width * fit * slide.height * fit)) ** 0.5)
    if ratio > limit:
        options.warnings.append(f"The picture is too large for a {ratio:g}x image: it was drawn at {limit:.2g}x. "
                                "Use SVG or PDF for a sharp picture at any size, or slides.")
        ratio = limit
    size = QSize(max(1, round(slide.width * fit * ratio)), max(1, round(slide.height * fit * ratio)))
    # Both are QPainter's fast paths; on an opaque page RGB32 gives the same pixels and a PNG without alpha.
    img = QImage(size, QImage.Format.Format_ARGB32_Premultiplied if options.transparent
                 else QImage.Format.Format_RGB32)
    # The page colour even in an edge column that rounding the size up leaves unpainted.
    img.fill(QColor(0, 0, 0, 0) if options.transparent else QColor(slide.background))
    dots_per_metre = round(96 * ratio / 0.0254)  # so an image viewer shows it at its logical size
    img.setDotsPerMeterX(dots_per_metre)
    img.setDotsPerMeterY(dots_per_metre)
    img.setText("Title", slide.title.lines[0].text if slide.title.lines else "")
    img.setText("Description", slide.alt_text)
    painter = QPainter(img)
    try:
        painter.scale(fit * ratio, fit * ratio)
        SlidePainter(painter, transparent=options.transparent).paint(slide)
    finally:
        painter.end()
    return img


def png_bytes(slide: Slide, options: ExportOptions) -> bytes:
    return image_png(slide_image(slide, options))


def image_png(img: QImage) -> bytes:
    """``img`` as PNG bytes, with its texts and resolution (RGBA when it has an alpha channel)."""
    alpha = img.hasAlphaChannel()
    rows = img.convertToFormat(QImage.Format.Format_RGBA8888 if alpha else QImage.Format.Format_RGB888)
    return encode_png(rows.constBits(), rows.width(), rows.height(), rows.bytesPerLine(), alpha=alpha,
                      texts={key: img.text(key) for key in img.textKeys()}, dots_per_metre=img.dotsPerMeterX())


def _deck(tree: MetricTree, options: ExportOptions, size: tuple[float, float] | None = None) -> Deck:
    deck = build_deck(tree, options, size=size, fit=options.image_shape is ImageShape.FIT)
    options.warnings.extend(deck.warnings)
    return deck


def _note_files(paths: list[Path], options: ExportOptions) -> None:
    if len(paths) > 1:
        options.warnings.append(f"The tree is on {len(paths)} slides so every name stays readable: wrote "
                                f"{paths[0].name} (the overview) to {paths[-1].name}.")


def write_png(tree: MetricTree, path: str | Path, options: ExportOptions) -> None:
    deck = _deck(tree, options)
    slides = deck.slides[:MAX_IMAGE_FILES]  # each a 3200 × 1800 px image at the default width and 2x
    paths = slide_paths(Path(path), len(slides))
    style.font_family()  # the bundled font is registered here, in the GUI thread, before workers draw text

    def write_slide(slide: Slide, target: Path) -> None:
        _write(target, png_bytes(slide, options))

    with ThreadPoolExecutor(max_workers=max(1, min(len(slides), os.cpu_count() or 1, MAX_WORKERS))) as pool:
        written = [pool.submit(write_slide, slide, target) for slide, target in zip(slides, paths, strict=True)]
        try:
            for future in written:
                future.result()  # re-raises the first slide that could not be written
        except BaseException:
            pool.shutdown(cancel_futures=True)  # a missing folder: say so now, not after drawing every slide
            raise
    _note_files(paths, options)
    if len(deck.slides) > MAX_IMAGE_FILES:
        options.warnings.append(image_cap_note(len(deck.slides)))


def write_pdf(tree: MetricTree, path: str | Path, options: ExportOptions) -> None:
    deck = _deck(tree, options, size=PDF_PAGES[options.page_size])
    width, height = deck.slides[0].width, deck.slides[0].height
    writer = QPdfWriter(str(path))
    writer.setTitle(deck.slides[0].title.lines[0].text if deck.slides[0].title.lines else "Metric tree")
    writer.setCreator("Metricscape")
    writer.setResolution(72)  # one device unit is one point, the slides' unit
    writer.setPageLayout(QPageLayout(QPageSize(QSizeF(width, height), QPageSize.Unit.Point, "Slide"),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0),
                                     QPageLayout.Unit.Point))
    painter = QPainter()
    if not painter.begin(writer):
        raise ExportError(f"Could not write the PDF to {path}: check that the folder exists and is writable.")
    try:
        for n, slide in enumerate(deck.slides):
            if n:
                writer.newPage()
            SlidePainter(painter).paint(slide)
    finally:
        painter.end()


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise ExportError(f"Could not write {path}: {exc.strerror or exc}. Check that the folder exists.") from None
