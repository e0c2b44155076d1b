from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QKeySequence

from metricscape.ui.help import GuideWindow, ShortcutSheet, shortcut_rows


def test_the_guide_opens_offline_and_follows_links_between_its_pages(qtbot):
    guide = GuideWindow()
    qtbot.addWidget(guide)
    assert "Draw the tree" in guide.browser.toPlainText()
    guide.browser.anchorClicked.emit(QUrl("diff-with-git.md"))
    assert guide.page == "diff-with-git.md"
    assert "git" in guide.browser.toPlainText().lower()


def test_the_shortcut_sheet_lists_each_action_with_its_keys(qtbot):
    save = QAction("&Save")
    save.setShortcuts(QKeySequence.StandardKey.Save)
    find = QAction("&Find metric…")
    find.setShortcut(QKeySequence("Ctrl+F"))
    silent = QAction("No keys")
    rows = dict(shortcut_rows([save, find, silent]))
    bindings = QKeySequence.keyBindings(QKeySequence.StandardKey.Save)  # every platform binding
    assert rows["Save"] == " or ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in bindings)
    assert rows["Find metric"] == "Ctrl+F"
    assert "No keys" not in rows
    sheet = ShortcutSheet([save, find, silent])
    qtbot.addWidget(sheet)
    assert sheet.table.rowCount() == 2
    assert sheet.table.item(0, 0).text() == "Find metric"
