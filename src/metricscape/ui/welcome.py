"""The welcome view: start a new model, open one, or explore a bundled example."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

EXAMPLE_TITLES = {
    "music-streaming": "Music streaming — weekly listening hours",
    "marketplace": "Marketplace — nights booked",
    "b2b-collaboration": "B2B collaboration — active projects per team",
    "learning-app": "Learning app — subscription learning",
}


def example_paths() -> list[Path]:
    """The bundled example models, in a stable order."""
    folder = files("metricscape") / "resources" / "examples"
    if not folder.is_dir():
        return []
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".json"))


class WelcomeView(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    path_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("Metricscape")
        title.setStyleSheet("font-size: 28px; font-weight: 600;")
        subtitle = QLabel("Draw your north star metric and the inputs that drive it, "
                          "document why each link holds, and ask what-if.")
        subtitle.setWordWrap(True)
        new_button = QPushButton("New model")
        new_button.setToolTip("Start an empty model (Ctrl+N)")
        new_button.clicked.connect(self.new_requested)
        open_button = QPushButton("Open…")
        open_button.setToolTip("Open a model file (Ctrl+O)")
        open_button.clicked.connect(self.open_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(new_button)
        buttons.addWidget(open_button)
        buttons.addStretch()
        self.examples = self._list()
        for path in example_paths():
            self._add(self.examples, EXAMPLE_TITLES.get(path.stem, path.stem.replace("-", " ").capitalize()), path)
        self.recent = self._list()
        column = QVBoxLayout()
        column.addWidget(title)
        column.addWidget(subtitle)
        column.addSpacing(12)
        column.addLayout(buttons)
        column.addSpacing(16)
        column.addWidget(QLabel("<b>Examples</b> — open one to see a finished tree"))
        column.addWidget(self.examples)
        column.addWidget(QLabel("<b>Recent files</b>"))
        column.addWidget(self.recent)
        inner = QWidget()
        inner.setLayout(column)
        inner.setMaximumWidth(720)
        outer = QHBoxLayout(self)
        outer.addStretch()
        outer.addWidget(inner, 1)
        outer.addStretch()

    def _list(self) -> QListWidget:
        widget = QListWidget()
        widget.itemActivated.connect(lambda item: self.path_chosen.emit(item.data(Qt.ItemDataRole.UserRole)))
        widget.itemClicked.connect(lambda item: self.path_chosen.emit(item.data(Qt.ItemDataRole.UserRole)))
        return widget

    @staticmethod
    def _add(widget: QListWidget, text: str, path: Path | str) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, str(path))
        item.setToolTip(str(path))
        widget.addItem(item)

    def set_recent(self, paths: list[str]) -> None:
        self.recent.clear()
        for path in paths:
            self._add(self.recent, f"{Path(path).name}   —   {Path(path).parent}", path)
        if not paths:
            item = QListWidgetItem("Files you open appear here")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent.addItem(item)
