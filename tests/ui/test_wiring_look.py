"""The app's look: the bundled font everywhere, its own icon, a quiet tab-close button."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QTabBar, QToolButton

from metricscape.ui.canvas import style
from metricscape.ui.session import DocumentSession


def test_the_application_uses_the_bundled_font_and_icon(qapp) -> None:
    from metricscape.ui.app import UI_POINT_SIZE, application

    before = QApplication.font()
    names = QCoreApplication.organizationName(), QCoreApplication.applicationName()
    try:
        app = application()
        assert app.font().family() == style.font_family() == "Inter"
        assert app.font().pointSize() == UI_POINT_SIZE
        assert not app.windowIcon().isNull()
        assert app.windowIcon().pixmap(64, 64).toImage().pixelColor(32, 32).alpha() > 0
    finally:  # leave the other tests their font and their temporary settings
        QApplication.setFont(before)
        QCoreApplication.setOrganizationName(names[0])
        QCoreApplication.setApplicationName(names[1])


def test_the_tab_close_button_closes_the_model(window, small, qtbot) -> None:
    window.add_session(DocumentSession(small))
    window.new_document()
    assert window.tabs.count() == 2
    button = window.tabs.tabBar().tabButton(0, QTabBar.ButtonPosition.RightSide)
    assert isinstance(button, QToolButton) and button.toolTip() == "Close this model"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.tabs.count() == 1 and window.current_session.display_name.startswith("Untitled")
