"""Help that works offline: the bundled user guide and a sheet of keyboard shortcuts.

The guide is the same Markdown as ``docs/`` (bundled as ``resources/guide``, found through
importlib.resources so a frozen build reads it too); Qt renders Markdown natively, so there is
no HTML to keep in step with the docs.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.resources import as_file, files
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

GUIDE = "user-guide.md"


def guide_folder() -> Path:
    """The folder of the bundled guide (a real folder both installed and frozen)."""
    resource = files("metricscape") / "resources" / "guide"
    with as_file(resource) as path:
        return Path(path)


class GuideWindow(QDialog):
    """The user guide, rendered; links between guide pages stay inside, web links open outside."""

    def __init__(self, parent: QWidget | None = None, page: str = GUIDE) -> None:
        super().__init__(parent)
        self.setWindowTitle("Metricscape user guide")
        self.resize(820, 720)
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._follow)
        self.browser.setSearchPaths([str(guide_folder())])
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.show_page(page)

    def show_page(self, page: str) -> None:
        path = guide_folder() / page
        if not path.is_file():
            self.browser.setPlainText(f"The guide page '{page}' is missing from this installation.")
            return
        self.browser.setMarkdown(path.read_text(encoding="utf-8"))
        self.page = page

    def _follow(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
        elif url.path().endswith(".md"):
            self.show_page(Path(url.path()).name)


class ShortcutSheet(QDialog):
    """Every action that has a shortcut, as the platform writes it (Ctrl+S or ⌘S)."""

    def __init__(self, actions: Iterable[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = shortcut_rows(actions)
        table = QTableWidget(len(rows), 2, self)
        table.setHorizontalHeaderLabels(["Action", "Keys"])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, (name, keys) in enumerate(rows):
            table.setItem(r, 0, QTableWidgetItem(name))
            table.setItem(r, 1, QTableWidgetItem(keys))
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table = table
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(460, 560)


def shortcut_rows(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    """(action name without its & mnemonic, its keys) for each action with a shortcut, by name."""
    rows = {}
    for action in actions:
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty()]
        if keys:
            name = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()
            rows[name] = " or ".join(dict.fromkeys(keys))
    return sorted(rows.items(), key=lambda row: row[0].lower())
