"""Renaming in place, the welcome view, panning, zooming to the selection, themes and HiDPI."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from metricscape.ui import settings
from metricscape.ui.canvas import style
from metricscape.ui.preferences import PreferencesDialog
from metricscape.ui.session import DocumentSession


def test_double_clicking_a_name_renames_it_in_place(window, small, qtbot) -> None:
    session = DocumentSession(small)
    window.add_session(session)
    view = window.current_tab.view
    view.fit_to_view()
    card = session.scene.card("churn")
    name_at = card.name_rect().center()
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(card.mapToScene(name_at)))
    editor = view.rename_editor()
    assert editor is not None and editor.text() == "Churn"
    editor.selectAll()
    qtbot.keyClicks(editor, "Monthly churn")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # cancelled: nothing changes
    assert session.doc.metric("churn").name == "Churn" and session.undo_stack.count() == 0
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(card.mapToScene(name_at)))
    editor = view.rename_editor()
    editor.selectAll()
    qtbot.keyClicks(editor, "Monthly churn")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert session.doc.metric("churn").name == "Monthly churn"
    assert session.undo_stack.count() == 1


def test_space_drag_and_middle_drag_pan_the_canvas(window, small, qtbot) -> None:
    session = DocumentSession(small)
    window.add_session(session)
    view = window.current_tab.view
    view.set_zoom(1.0)
    view.centerOn(0, 0)
    before = view.mapToScene(view.viewport().rect().center())
    view.setFocus()
    qtbot.keyPress(view, Qt.Key.Key_Space)
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(400, 300))
    qtbot.mouseMove(view.viewport(), QPoint(300, 250))
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(300, 250))
    qtbot.keyRelease(view, Qt.Key.Key_Space)
    after = view.mapToScene(view.viewport().rect().center())
    assert round(after.x() - before.x()) == 100 and round(after.y() - before.y()) == 50
    assert session.undo_stack.count() == 0  # panning is not an edit
    qtbot.mousePress(view.viewport(), Qt.MouseButton.MiddleButton, pos=QPoint(300, 250))
    qtbot.mouseMove(view.viewport(), QPoint(400, 300))
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.MiddleButton, pos=QPoint(400, 300))
    back = view.mapToScene(view.viewport().rect().center())
    assert round(back.x() - before.x()) == 0 and round(back.y() - before.y()) == 0


def test_zoom_to_selection_brings_the_selected_card_close(window, small) -> None:
    session = DocumentSession(small)
    window.add_session(session)
    view = window.current_tab.view
    view.set_zoom(0.1)
    session.scene.select_only(["activation"])
    window.registry["zoom_selection"].trigger()
    assert view.zoom() > 1.0
    centre = view.mapToScene(view.viewport().rect().center())
    assert session.scene.card("activation").sceneBoundingRect().contains(centre)


def test_choosing_the_dark_theme_repaints_the_canvas_and_is_remembered(window, small) -> None:
    session = DocumentSession(small)
    window.add_session(session)
    dialog = PreferencesDialog(window)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.accept()
    assert settings.theme_choice() == "dark"
    assert session.scene.canvas_palette is style.DARK
    assert QApplication.palette().window().color().lightness() < 80
    window.set_theme("light")
    assert session.scene.canvas_palette is style.DOCUMENT


def test_zoomed_far_out_the_cards_paint_from_a_cache_and_stay_draggable(window, small) -> None:
    session = DocumentSession(small)
    window.add_session(session)
    view, scene = window.current_tab.view, session.scene
    view.set_zoom(0.1)
    assert scene.far.active
    assert scene.card("users").flags() & scene.card("users").GraphicsItemFlag.ItemHasNoContents
    scene.select_only(["users"])  # the selected card paints itself again: it may be dragged
    assert not scene.card("users").flags() & scene.card("users").GraphicsItemFlag.ItemHasNoContents
    image = QImage(400, 300, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    view.render(painter)
    painter.end()
    colours = {image.pixel(x, y) for x in range(0, 400, 4) for y in range(0, 300, 4)}
    assert len(colours) > 3  # cards and links appear, not an empty background
    view.set_zoom(1.0)
    assert not scene.far.active
    assert not scene.card("hours").flags() & scene.card("hours").GraphicsItemFlag.ItemHasNoContents


def test_the_window_layout_is_remembered_between_runs(qapp, tmp_path) -> None:
    from metricscape.ui.autosave import Autosaver
    from metricscape.ui.main_window import MainWindow

    first = MainWindow(Autosaver(tmp_path / "state"))
    first.resize(700, 500)  # within the offscreen screen (800x600): restoring keeps windows on screen
    first.history_dock.raise_()
    first.close()
    second = MainWindow(Autosaver(tmp_path / "state"))
    second.restore_layout()
    assert (second.width(), second.height()) == (700, 500)
    second.close()
