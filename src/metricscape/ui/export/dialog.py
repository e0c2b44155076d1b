"""File ▸ Export: choose a format and what to show, see a preview, then save or copy.

The dialog only gathers ExportOptions; the writing happens in ``files.export_file``. Errors are
shown in the dialog in plain words; tests replace ``ask_path`` instead of driving a file dialog.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from metricscape.export import (
    Detail,
    ExportError,
    ExportFormat,
    ExportOptions,
    ImageShape,
    OptionsError,
    PageSize,
    Preview,
    SlideShape,
    SvgText,
    Theme,
    format_of,
    formats,
)
from metricscape.export.options import MAX_LEVELS, MIN_LEVELS
from metricscape.export.slides import build_deck
from metricscape.export.slides.deck import page_size
from metricscape.export.values import MetricValues
from metricscape.model import MetricTree

from .. import settings
from .clipboard import copy_to_clipboard
from .files import export_file
from .present import SlidePreview
from .render import image, picture
from .slide_files import PDF_PAGES

PREVIEW_WIDTH = 720.0
_TOGGLES = (("show_values", "Values"), ("show_deltas", "Scenario changes"), ("show_owners", "Owners"),
            ("show_risks", "Risk badges"), ("show_legend", "Legend"), ("show_title", "Title"),
            ("keep_arrangement", "Keep my arrangement (instead of the tidy layout)"),
            ("include_collapsed", "Drivers of collapsed metrics"))


class ExportDialog(QDialog):
    preview_updated = Signal()
    exported = Signal(str)  # the path written

    def __init__(self, tree: MetricTree, suggested_path: str | Path | None = None, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.tree = tree
        self.suggested = Path(suggested_path) if suggested_path else Path(f"{tree.info.name}.png")
        self.format = QComboBox()
        for fmt in formats():
            self.format.addItem(f"{fmt.label} ({fmt.extension})", fmt.extension)
        self.detail = QComboBox()
        for detail, label in ((Detail.FULL, "Full cards"), (Detail.VALUES, "Names and values"),
                              (Detail.NAMES, "Names only")):
            self.detail.addItem(label, detail)
        self.levels = QComboBox()
        self.levels.addItem("As many as fit", None)
        for n in range(MIN_LEVELS, MAX_LEVELS + 1):
            self.levels.addItem(f"{n} levels per slide", n)
        self.slide_shape = QComboBox()
        self.slide_shape.addItem("16:9 widescreen", SlideShape.WIDE)
        self.slide_shape.addItem("4:3 standard", SlideShape.STANDARD)
        self.image_shape = QComboBox()
        self.image_shape.addItem("Slides", ImageShape.SLIDE)
        self.image_shape.addItem("Fit content (one picture)", ImageShape.FIT)
        self.pixel_width = QSpinBox()
        self.pixel_width.setRange(320, 7680)
        self.pixel_width.setSingleStep(160)
        self.pixel_width.setValue(ExportOptions().pixel_width)
        self.pixel_width.setSuffix(" px")
        self.svg_text = QComboBox()
        self.svg_text.addItem("Text with the font embedded", SvgText.EMBED)
        self.svg_text.addItem("Text as outlines", SvgText.OUTLINE)
        self.scenario = QComboBox()
        self.scenario.addItem("Baseline (no scenario)", None)
        for scenario in tree.scenarios:
            self.scenario.addItem(scenario.name, scenario.id)
        self.toggles: dict[str, QCheckBox] = {}
        defaults = ExportOptions()
        for name, label in _TOGGLES:
            box = QCheckBox(label)
            box.setChecked(getattr(defaults, name))
            self.toggles[name] = box
        self.theme = QComboBox()
        self.theme.addItem("Light", Theme.LIGHT)
        self.theme.addItem("Dark", Theme.DARK)
        self.scale = QDoubleSpinBox()
        self.scale.setRange(1, 4)
        self.scale.setSingleStep(1)
        self.scale.setDecimals(1)
        self.scale.setValue(defaults.scale)
        self.scale.setSuffix("x")
        self.transparent = QCheckBox("Transparent background")
        self.page = QComboBox()
        for size, label in ((PageSize.A4, "A4"), (PageSize.LETTER, "Letter"), (PageSize.WIDE, "16:9 slide")):
            self.page.addItem(label, size)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.preview_image = QLabel()
        self.preview_image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scroll = QScrollArea()
        scroll.setWidget(self.preview_image)
        scroll.setWidgetResizable(True)
        self.preview_text = QPlainTextEdit()
        self.preview_text.setReadOnly(True)
        self.slides = SlidePreview()
        self.preview = QStackedWidget()
        self.preview.addWidget(scroll)
        self.preview.addWidget(self.preview_text)
        self.preview.addWidget(self.slides)
        self.preview.setMinimumSize(560, 360)
        self.copy_button = QPushButton("Copy to clipboard")
        self.export_button = QPushButton("Export…")
        self.export_button.setDefault(True)
        close = QPushButton("Close")
        self._layout(close)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(60)  # coalesce a burst of option changes into one preview
        self._timer.timeout.connect(self.refresh_preview)
        for box in self.toggles.values():
            box.toggled.connect(self._changed)
        for combo in (self.format, self.scenario, self.theme, self.page, self.detail, self.levels,
                      self.slide_shape, self.image_shape, self.svg_text):
            combo.currentIndexChanged.connect(self._changed)
        self.pixel_width.valueChanged.connect(self._changed)
        self.scale.valueChanged.connect(self._changed)
        self.transparent.toggled.connect(self._changed)
        self.copy_button.clicked.connect(self.copy)
        self.export_button.clicked.connect(self.export)
        close.clicked.connect(self.reject)
        suffix = self.suggested.suffix.lower()
        if self.format.findData(suffix) >= 0:
            self.format.setCurrentIndex(self.format.findData(suffix))
        self._sync_enabled()
        self.refresh_preview()

    def _layout(self, close: QPushButton) -> None:
        form = QFormLayout()
        form.addRow("Format", self.format)
        form.addRow("Scenario", self.scenario)
        shown = QVBoxLayout()
        for box in self.toggles.values():
            shown.addWidget(box)
        form.addRow("Show", shown)
        form.addRow("Colours", self.theme)
        form.addRow("Cards say", self.detail)
        form.addRow("Split", self.levels)
        form.addRow("Slide", self.slide_shape)
        form.addRow("Images as", self.image_shape)
        form.addRow("Image width", self.pixel_width)
        form.addRow("Image scale", self.scale)
        form.addRow("", self.transparent)
        form.addRow("SVG text", self.svg_text)
        form.addRow("PDF page", self.page)
        side = QVBoxLayout()
        side.addLayout(form)
        side.addStretch(1)
        side.addWidget(self.status)
        body = QHBoxLayout()
        body.addLayout(side)
        body.addWidget(self.preview, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(self.export_button)
        root = QVBoxLayout(self)
        root.addLayout(body, 1)
        root.addLayout(buttons)

    # --- state -------------------------------------------------------------------------------

    def selected_format(self) -> str:
        return str(self.format.currentData())

    def export_format(self) -> ExportFormat:
        return format_of(f"x{self.selected_format()}")

    def options(self) -> ExportOptions:
        return ExportOptions(scenario=self.scenario.currentData(), theme=self.theme.currentData(),
                             scale=self.scale.value(), transparent=self.transparent.isChecked(),
                             page_size=self.page.currentData(), detail=self.detail.currentData(),
                             levels=self.levels.currentData(), slide_shape=self.slide_shape.currentData(),
                             image_shape=self.image_shape.currentData(), pixel_width=self.pixel_width.value(),
                             svg_text=self.svg_text.currentData(),
                             **{name: box.isChecked() for name, box in self.toggles.items()})  # type: ignore[arg-type]  # the toggles are the boolean fields

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._timer.start()  # refit the preview

    def _changed(self) -> None:
        self._sync_enabled()
        self._timer.start()

    def _sync_enabled(self) -> None:
        """Only the options the chosen format reads (as its registry entry says) can be changed."""
        reads = self.export_format().options
        slides = self.image_shape.currentData() is ImageShape.SLIDE or "image_shape" not in reads
        controls = {"scale": self.scale, "transparent": self.transparent, "page_size": self.page,
                    "image_shape": self.image_shape, "pixel_width": self.pixel_width, "svg_text": self.svg_text}
        for name, widget in controls.items():
            widget.setEnabled(name in reads)
        self.pixel_width.setEnabled("pixel_width" in reads and slides)
        for name, widget in (("detail", self.detail), ("levels", self.levels), ("slide_shape", self.slide_shape)):
            widget.setEnabled(name in reads and slides)
        self.slide_shape.setEnabled(self.slide_shape.isEnabled() and self.selected_format() != ".pdf")
        self.toggles["keep_arrangement"].setEnabled("image_shape" in reads and not slides)
        self.toggles["show_deltas"].setEnabled(self.scenario.currentData() is not None)

    def refresh_preview(self) -> None:
        fmt = self.export_format()
        try:
            options = self.options()
            fit = "image_shape" in fmt.options and options.image_shape is ImageShape.FIT
            if fmt.preview is Preview.TEXT and fmt.text is not None:
                self.preview_text.setPlainText(fmt.text(self.tree, options))
                self.preview.setCurrentWidget(self.preview_text)
            elif fmt.preview is Preview.PICTURE:
                self._show_picture(options)
            else:
                size = PDF_PAGES[options.page_size] if fmt.extension == ".pdf" else page_size(options)
                values = None
                if fmt.extension == ".pptx":  # computed once, for the slides and for what follows them
                    from metricscape.export.pptx import (
                        deck_values,  # python-pptx loads only for PowerPoint
                    )

                    values = deck_values(self.tree, options)
                deck = build_deck(self.tree, options, values, size=size, fit=fit)
                self.slides.show_slides(deck.slides, options, self.devicePixelRatioF())
                self.preview.setCurrentWidget(self.slides)
                self._say(self._deck_words(len(deck.slides), options, values))
                self.preview_updated.emit()
                return
            self._say("")
        except (OptionsError, ExportError) as exc:
            self._say(str(exc), error=True)
        self.preview_updated.emit()

    def _deck_words(self, count: int, options: ExportOptions, pptx_values: MetricValues | None) -> str:
        """The count under the slide preview; a PowerPoint deck (``pptx_values``: its numbers) holds
        more than the tree slides drawn."""
        words = f"{count} slides: an overview, then one per branch." if count > 1 else "One slide."
        if pptx_values is None:
            return words
        from metricscape.export.pptx import MAX_TREE_SLIDES, after_the_tree

        if count > MAX_TREE_SLIDES:
            words = f"{count} slides of the tree (the file holds the first {MAX_TREE_SLIDES}): an overview, then one per branch."
        extra = after_the_tree(self.tree, options, pptx_values)
        if extra:
            listed = extra[0] if len(extra) == 1 else ", ".join(extra[:-1]) + " and " + extra[-1]
            words += f" After {'it' if count == 1 else 'them'} the file adds {listed}, not drawn here."
        return words

    def _show_picture(self, options: ExportOptions) -> None:
        pic = picture(self.tree, options)
        # Fit the preview area, drawn sharp on a HiDPI screen.
        room_w = max(self.preview.width() - 24, PREVIEW_WIDTH / 2)
        room_h = max(self.preview.height() - 24, PREVIEW_WIDTH / 4)
        fit = max(min(1.0, room_w / pic.diagram.width, room_h / pic.diagram.height), 0.02)
        ratio = self.devicePixelRatioF()
        preview = image(pic, scale=fit * ratio)
        preview.setDevicePixelRatio(ratio)
        self.preview_image.setPixmap(QPixmap.fromImage(preview))
        self.preview.setCurrentIndex(0)

    # --- actions -----------------------------------------------------------------------------

    def save_filter(self) -> str:
        """The save dialog's filter for the chosen format, from its registry entry."""
        return self.export_format().filter

    def ask_path(self, fmt: str) -> str | None:
        """The file to write (a save dialog, in the folder last used); tests override this."""
        start = settings.start_path(str(self.suggested.with_suffix(fmt)))
        every = " ".join(f"*{f.extension}" for f in formats())
        path, _ = QFileDialog.getSaveFileName(self, "Export", start,
                                              f"{self.save_filter()};;Any export format ({every})")
        if path:
            settings.remember_folder(path)
        return path or None

    def export(self) -> None:
        chosen = self.selected_format()
        path = self.ask_path(chosen)
        if not path:
            return
        picked = self.export_format()
        typed = _typed_format(path)
        if typed is None:  # no extension, or one that is part of the name ("plan.v2"): the chosen format
            path, typed = str(Path(path)) + chosen, picked
        note = ""
        if typed.extension != picked.extension:  # "slide.png" while PowerPoint was chosen: the name decides
            self.format.setCurrentIndex(self.format.findData(typed.extension))
            note = (f"The name ends in {Path(path).suffix.lower()}, so this is a {typed.label}, "
                    f"not a {picked.label}.")
        try:
            warnings = export_file(self.tree, path, self.options())
        except (OptionsError, ExportError) as exc:
            self._say(str(exc), error=True)
            return
        self._say(" ".join([f"Saved {Path(path).name}.", note, *warnings]).replace("  ", " ").strip())
        self.exported.emit(path)

    def copy(self) -> None:
        try:
            warnings = copy_to_clipboard(self.tree, self.options())
        except (OptionsError, ExportError) as exc:
            self._say(str(exc), error=True)
            return
        self._say(" ".join(["Copied the picture, its SVG and Mermaid text to the clipboard."] + warnings))

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #c5221f;" if error else "")


def _typed_format(path: str) -> ExportFormat | None:
    """The export format a typed file name asks for, or None when its extension names none."""
    try:
        return format_of(path)
    except ExportError:
        return None
