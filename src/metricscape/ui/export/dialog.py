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
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from metricscape.export import (
    FORMATS,
    QT_FORMATS,
    ExportError,
    ExportOptions,
    OptionsError,
    PageSize,
    Theme,
)
from metricscape.export.formats import format_of, text_export
from metricscape.model import MetricTree

from .. import settings
from .clipboard import copy_to_clipboard
from .files import export_file
from .render import image, picture

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
        for ext, label in FORMATS.items():
            self.format.addItem(f"{label} ({ext})", ext)
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
        self.preview = QStackedWidget()
        self.preview.addWidget(scroll)
        self.preview.addWidget(self.preview_text)
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
        for combo in (self.format, self.scenario, self.theme, self.page):
            combo.currentIndexChanged.connect(self._changed)
        self.scale.valueChanged.connect(self._changed)
        self.transparent.toggled.connect(self._changed)
        self.copy_button.clicked.connect(self.copy)
        self.export_button.clicked.connect(self.export)
        close.clicked.connect(self.reject)
        suffix = self.suggested.suffix.lower()
        if suffix in FORMATS:
            self.format.setCurrentIndex(list(FORMATS).index(suffix))
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
        form.addRow("Image scale", self.scale)
        form.addRow("", self.transparent)
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
        return self.format.currentData()

    def options(self) -> ExportOptions:
        return ExportOptions(scenario=self.scenario.currentData(), theme=self.theme.currentData(),
                             scale=self.scale.value(), transparent=self.transparent.isChecked(),
                             page_size=self.page.currentData(),
                             **{name: box.isChecked() for name, box in self.toggles.items()})  # type: ignore[arg-type]  # the toggles are the boolean fields

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._timer.start()  # refit the preview

    def _changed(self) -> None:
        self._sync_enabled()
        self._timer.start()

    def _sync_enabled(self) -> None:
        fmt = self.selected_format()
        self.scale.setEnabled(fmt == ".png")
        self.transparent.setEnabled(fmt == ".png")
        self.page.setEnabled(fmt == ".pdf")
        self.toggles["show_deltas"].setEnabled(self.scenario.currentData() is not None)

    def refresh_preview(self) -> None:
        fmt = self.selected_format()
        try:
            options = self.options()
            if fmt in QT_FORMATS or fmt == ".pptx":
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
            else:
                self.preview_text.setPlainText(text_export(self.tree, fmt, options))
                self.preview.setCurrentIndex(1)
            self._say("")
        except (OptionsError, ExportError) as exc:
            self._say(str(exc), error=True)
        self.preview_updated.emit()

    # --- actions -----------------------------------------------------------------------------

    def ask_path(self, fmt: str) -> str | None:
        """The file to write (a save dialog, in the folder last used); tests override this."""
        start = settings.start_path(str(self.suggested.with_suffix(fmt)))
        others = " ".join(f"*{ext}" for ext in FORMATS)
        path, _ = QFileDialog.getSaveFileName(self, "Export", start,
                                              f"{FORMATS[fmt]} (*{fmt});;Any export format ({others})")
        if path:
            settings.remember_folder(path)
        return path or None

    def export(self) -> None:
        chosen = self.selected_format()
        path = self.ask_path(chosen)
        if not path:
            return
        fmt = _typed_format(path)
        if fmt is None:  # no extension, or one that is part of the name ("plan.v2"): the chosen format
            path, fmt = str(Path(path)) + chosen, chosen
        note = ""
        if fmt != chosen:  # "slide.png" while PowerPoint was chosen: the name says what the user wants
            self.format.setCurrentIndex(self.format.findData(fmt))
            note = f"The name ends in {fmt}, so this is a {FORMATS[fmt]}, not a {FORMATS[chosen]}."
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


def _typed_format(path: str) -> str | None:
    """The export format a typed file name asks for, or None when its extension names none."""
    try:
        return format_of(path)
    except ExportError:
        return None
