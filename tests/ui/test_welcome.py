"""Issue 14 items 7 and 12: the welcome view invites (example cards with a thumbnail and a line,
recent files, New model) and double-clicking an example opens it untouched."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from metricscape.ui.welcome import ExampleCard, example_paths


def test_examples_are_cards_with_a_thumbnail_and_one_line(window, qtbot) -> None:
    welcome = window.welcome
    assert window.stack.currentWidget() is welcome
    cards = welcome.findChildren(ExampleCard)
    assert {c.path.stem for c in cards} == {p.stem for p in example_paths()} >= {"marketplace", "music-streaming"}
    qtbot.waitUntil(lambda: all(c.picture.pixmap() is not None and not c.picture.pixmap().isNull() for c in cards))
    image = cards[0].picture.pixmap().toImage()
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)}
    assert len(colours) > 3  # boxes and lines drawn, not a blank square
    texts = [label.text() for label in cards[0].findChildren(type(cards[0].picture))]
    assert any(len(t) > 30 and "<b>" not in t for t in texts)  # the one line under the title
    assert welcome.import_button.isVisible()  # the window wires "Import actuals…" (issue 12)
    started: list[bool] = []
    welcome.set_import_actuals(lambda: started.append(True))
    assert welcome.import_button.isVisibleTo(welcome)
    welcome.import_button.click()
    assert started == [True]


def test_clicking_an_example_card_opens_it_unmodified(window, qtbot) -> None:
    card = next(c for c in window.welcome.findChildren(ExampleCard) if c.path.stem == "marketplace")
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    session = window.current_session
    assert session is not None and session.path.name == "marketplace.json"
    assert len(session.doc.metrics()) > 10 and not session.modified


def test_double_clicking_an_example_adds_no_stray_metric(window, qtbot, turn_event_loop) -> None:
    """The first click opens the example; the second half of the double-click lands on the canvas
    that replaced the welcome view, and must not add a "New metric" there."""
    card = next(c for c in window.welcome.findChildren(ExampleCard) if c.path.stem == "music-streaming")
    at = card.rect().center()
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton, pos=at)
    session = window.current_session
    before = [m.id for m in session.doc.metrics()]
    view = window.current_tab.view
    viewport = view.viewport()

    def double_click_empty_canvas() -> None:
        """The second half of a double-click, on empty canvas (where the card was may hold a card now)."""
        spot = next(QPointF(x, y) for y in range(20, viewport.height(), 20)
                    for x in range(20, viewport.width(), 20) if not session.scene.items(view.mapToScene(QPoint(x, y))))
        for kind in (QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseButtonRelease):
            event = QMouseEvent(kind, spot, viewport.mapToGlobal(spot), Qt.MouseButton.LeftButton,
                                Qt.MouseButton.LeftButton if kind != QEvent.Type.MouseButtonRelease
                                else Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
            QApplication.sendEvent(viewport, event)

    double_click_empty_canvas()
    assert [m.id for m in session.doc.metrics()] == before
    assert not session.modified and session.undo_stack.count() == 0
    # once the moment has passed, a double-click on empty canvas adds a metric as before
    qtbot.waitUntil(lambda: not window.welcome.second_click.armed)
    turn_event_loop()  # the opening view settles (it is set once the window has shown the model)
    double_click_empty_canvas()
    assert len(session.doc.metrics()) == len(before) + 1


def test_starting_with_a_model_skips_the_thumbnails_until_the_welcome_page_shows(qtbot, tmp_path, no_dialogs,
                                                                                 discard_window) -> None:
    """As ``metricscape FILE`` starts: the model opens before the first paint, so the four example
    thumbnails are not drawn then; closing the model shows the welcome page with them."""
    from metricscape.ui.autosave import Autosaver
    from metricscape.ui.main_window import MainWindow

    win = MainWindow(Autosaver(tmp_path / "state"))
    try:
        win.resize(1200, 800)
        with qtbot.waitExposed(win):
            win.show()
            win.open_path(example_paths()[0])
        cards = win.welcome.findChildren(ExampleCard)
        qtbot.waitUntil(lambda: win.current_tab is not None and win.current_tab.view.isVisible())
        assert all(c.picture.pixmap().isNull() for c in cards)
        win.close_current()
        assert win.stack.currentWidget() is win.welcome
        qtbot.waitUntil(lambda: all(not c.picture.pixmap().isNull() for c in cards))
    finally:
        discard_window(win)
