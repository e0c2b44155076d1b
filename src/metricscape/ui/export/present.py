"""The "Present" preview: thumbnails of the slides exactly as the export will write them."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem, QWidget

from metricscape.export import ExportOptions
from metricscape.export.slides import Slide

from .slide_files import slide_image

THUMB_WIDTH = 300
MAX_THUMBS = 30     # a 1,000-metric deck has more; the count under the last one says how many


class SlidePreview(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setSpacing(8)
        self.setWordWrap(True)
        self.setSelectionMode(QListWidget.SelectionMode.NoSelection)

    def show_slides(self, slides: list[Slide], options: ExportOptions, ratio: float) -> None:
        self.clear()
        if not slides:
            return
        height = round(THUMB_WIDTH * slides[0].height / slides[0].width)
        self.setIconSize(QSize(THUMB_WIDTH, height))
        thumb_options = options.with_changes(scale=max(1.0, min(ratio, 4.0)), transparent=False)
        for slide in slides[:MAX_THUMBS]:
            image = slide_image(slide, thumb_options, THUMB_WIDTH)
            image.setDevicePixelRatio(thumb_options.scale)
            caption = f"{slide.number}. {slide.title.lines[0].text if slide.title.lines else ''}"
            item = QListWidgetItem(QIcon(QPixmap.fromImage(image)), caption)
            item.setToolTip(slide.alt_text)
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
            self.addItem(item)
        if len(slides) > MAX_THUMBS:
            self.addItem(QListWidgetItem(f"… and {len(slides) - MAX_THUMBS} more slides"))
