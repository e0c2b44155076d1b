"""The questions the what-if views ask, behind module functions that tests replace."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QWidget

from metricscape.ui import settings


def ask_text(parent: QWidget | None, title: str, label: str, default: str = "") -> str | None:
    text, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, default)
    return text.strip() if ok and text.strip() else None


def image_path(parent: QWidget | None, suggestion: str) -> str | None:
    path, chosen = QFileDialog.getSaveFileName(parent, "Save chart as", settings.start_path(suggestion),
                                               "PNG image (*.png);;SVG drawing (*.svg)")
    if not path:
        return None
    settings.remember_folder(path)
    if not path.lower().endswith((".png", ".svg")):
        path += ".svg" if "svg" in chosen.lower() else ".png"
    return path
