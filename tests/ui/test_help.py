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


def _menu(window, title):
    bar = window.menuBar()
    action = next(a for a in bar.actions() if a.text().replace("&", "") == title)
    return action.menu()


def test_the_help_menu_offers_the_guide_the_shortcuts_and_the_examples(window, qtbot):
    from PySide6.QtCore import Qt

    from metricscape.ui.help import GuideWindow, ShortcutSheet
    texts = [a.text().replace("&", "") for a in _menu(window, "Help").actions() if a.text()]
    assert texts[:3] == ["User guide", "Keyboard shortcuts", "Open an example"]
    window.registry.action("user_guide").trigger()
    guide = window.findChild(GuideWindow)
    assert guide is not None and guide.isVisible() and "Draw the tree" in guide.browser.toPlainText()
    examples = window.registry.menu("examples_menu")
    marketplace = next(a for a in examples.actions() if "Marketplace" in a.text())
    marketplace.trigger()
    assert window.current_session is not None and window.current_session.path.name == "marketplace.json"
    window.current_tab.view.setFocus()
    window.activateWindow()
    qtbot.keyClick(window.current_tab.view, Qt.Key.Key_Question)
    sheet = window.findChild(ShortcutSheet)
    assert sheet is not None and sheet.isVisible()
    names = [sheet.table.item(r, 0).text() for r in range(sheet.table.rowCount())]
    assert "Export" in names and "Keyboard shortcuts" in names


def test_question_mark_in_a_text_field_is_just_text_and_ctrl_e_exports_from_it(window, qtbot, monkeypatch, small):
    from PySide6.QtCore import Qt

    from metricscape.ui import share_actions
    from metricscape.ui.help import ShortcutSheet
    from metricscape.ui.session import DocumentSession

    exports: list[object] = []
    monkeypatch.setattr(share_actions, "export_dialog", lambda w: exports.append(w))
    session = DocumentSession(small)
    window.add_session(session)
    window.activateWindow()
    session.scene.select_only(["users"])
    field = window.inspector.metric_form.definition.owner
    field.setFocus()
    qtbot.keyClicks(field, "Growth?")
    assert field.text().endswith("Growth?") and window.findChild(ShortcutSheet) is None
    qtbot.keyClick(field, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert exports == [window]
