"""Window shortcuts reach the window from a text field; text-editing keys stay with the field."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow

from metricscape.ui.text_shortcuts import WindowKeysInTextFields


@pytest.fixture
def window_with_field(qtbot):
    window = QMainWindow()
    field = QLineEdit("Weekly orders")
    window.setCentralWidget(field)
    fired: list[str] = []
    for name, keys in (("export", "Ctrl+E"), ("undo", QKeySequence.StandardKey.Undo)):
        action = QAction(name, window)
        if isinstance(keys, str):
            action.setShortcut(QKeySequence(keys))
        else:
            action.setShortcuts(keys)
        action.triggered.connect(lambda _=False, n=name: fired.append(n))
        window.addAction(action)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    field.setFocus()
    return window, field, fired


def test_ctrl_e_exports_from_a_text_field(qtbot, window_with_field):
    window, field, fired = window_with_field
    keys = WindowKeysInTextFields(window.actions(), window)
    QApplication.instance().installEventFilter(keys)
    try:
        qtbot.keyClick(field, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    finally:
        QApplication.instance().removeEventFilter(keys)
    assert fired == ["export"]


def test_without_the_filter_a_field_swallows_ctrl_e_where_the_platform_binds_it(qtbot, window_with_field):
    """The bug this module exists for: Linux desktops (xcb) bind Ctrl+E to "end of line"; the
    offscreen platform does not, so there the shortcut passes even without the filter."""
    _window, field, fired = window_with_field
    end_of_line = {k.toString() for k in QKeySequence.keyBindings(QKeySequence.StandardKey.MoveToEndOfLine)}
    qtbot.keyClick(field, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert fired == ([] if "Ctrl+E" in end_of_line else ["export"])


def test_undo_in_a_text_field_still_undoes_the_typing(qtbot, window_with_field):
    window, field, fired = window_with_field
    keys = WindowKeysInTextFields(window.actions(), window)
    QApplication.instance().installEventFilter(keys)
    try:
        field.end(False)
        qtbot.keyClicks(field, " delivered")
        qtbot.keySequence(field, QKeySequence.StandardKey.Undo)
    finally:
        QApplication.instance().removeEventFilter(keys)
    assert fired == []
    assert field.text() == "Weekly orders"
