"""Issue 14 items 4 and 5: names wrap instead of being cut, values keep their unit, an example
opens at a zoom where names can be read, zoomed out the cards keep names and values readable,
new cards come into view and the minimap never covers the card being renamed."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter

from metricscape.model import Link, Metric, MetricKind, MetricTree, Position
from metricscape.model.layout import V_GAP, card_size
from metricscape.ui.canvas import card_geometry, style
from metricscape.ui.canvas.card_paint import COMPACT_NAME_PIXELS, compact_sizes
from metricscape.ui.canvas.view import READABLE_NAME_PIXELS
from metricscape.ui.session import DocumentSession
from metricscape.ui.welcome import example_paths

LONG = "Weekly orders delivered on time"


def long_names_tree() -> MetricTree:
    return MetricTree(metrics=(
        Metric(id="orders", name=LONG, kind=MetricKind.NORTH_STAR, baseline=626_000, unit="orders"),
        Metric(id="per_customer", name="Orders per customer", baseline=1.6, unit="orders/customer",
               position=Position(x=0, y=300)),
    ))


def card_image(card, scale: float = 1.0) -> QImage:
    """The card as the canvas paints it, at ``scale``."""
    rect = card.boundingRect()
    image = QImage(int(rect.width() * scale) + 2, int(rect.height() * scale) + 2, QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.scale(scale, scale)
    painter.translate(-rect.topLeft())
    card.scene().render(painter, QRectF(0, 0, rect.width(), rect.height()), card.sceneBoundingRect())
    painter.end()
    return image


def test_a_long_name_wraps_whole_and_the_card_grows_to_fit(window) -> None:
    session = DocumentSession(long_names_tree())
    window.add_session(session)
    star = session.scene.card("orders")
    assert " ".join(star.name_lines) == LONG and "…" not in "".join(star.name_lines)
    assert len(star.name_lines) == 2
    assert star.card_rect().height() > card_size(MetricKind.NORTH_STAR)[1]
    # renaming to a short name shrinks the card back to one line
    session.push(session.doc.plan.update_metric("orders", name="Orders"))
    assert star.name_lines == ("Orders",)
    assert star.card_rect().height() == card_size(MetricKind.NORTH_STAR)[1]
    # every example's names are shown whole (none longer than three lines)
    for path in example_paths():
        window.open_path(str(path))
        for card in window.current_session.scene.cards():
            assert " ".join(card.name_lines) == card.metric.name, card.metric.name


def test_auto_layout_keeps_the_gap_below_a_card_that_grew_for_its_name(window) -> None:
    tree = long_names_tree()
    tree = tree.model_copy(update={"links": (Link(source="per_customer", target="orders", elasticity=0.5),)})
    session = DocumentSession(tree)
    window.add_session(session)
    star, driver = session.scene.card("orders"), session.scene.card("per_customer")
    assert star.card_rect().height() > card_size(MetricKind.NORTH_STAR)[1]  # two lines of name
    assert window.current_tab.controller.auto_layout()
    gap = driver.scene_card_rect().top() - star.scene_card_rect().bottom()
    assert gap >= V_GAP  # room for the link's label, as between cards of the usual height


def test_a_long_unit_is_never_clipped(window) -> None:
    session = DocumentSession(long_names_tree())
    window.add_session(session)
    card = session.scene.card("per_customer")
    assert card._text.value == "1.6 orders/customer"
    width = card_geometry.text_width(card.card_rect().width())
    font = card_geometry.value_font(card._text.value, card.metric.kind, width)
    assert QFontMetricsF(font).horizontalAdvance("1.6 orders/customer") <= width
    assert font.pixelSize() < style.fonts().value.pixelSize()  # it shrank rather than lost the unit
    # and the painted value stays inside the card: no text pixels in the right-hand padding
    image = card_image(card)
    right_pad = [image.pixelColor(x, y) for x in range(image.width() - int(style.PAD) - 2, image.width() - 4)
                 for y in range(40, 70)]
    assert all(c.lightness() > 200 for c in right_pad)


def test_an_example_opens_with_readable_names_on_the_north_star_and_its_first_level(window, qtbot) -> None:
    window.resize(1600, 1000)
    marketplace = next(p for p in example_paths() if p.stem == "marketplace")
    window.open_path(str(marketplace))
    view = window.current_tab.view
    scene = window.current_session.scene
    star = scene.card("nights_booked")

    def shown() -> QRectF:
        return view.mapToScene(view.viewport().rect()).boundingRect()

    qtbot.waitUntil(lambda: view.zoom() < 1.0 and shown().contains(star.sceneBoundingRect()))
    assert view.zoom() * style.fonts().name.pixelSize() >= READABLE_NAME_PIXELS
    drivers = [link.source for link in star.links if link.target is star]
    assert sum(shown().intersects(d.sceneBoundingRect()) for d in drivers) >= 3



def test_a_first_run_gives_the_canvas_most_of_the_window(window, qtbot, turn_event_loop) -> None:
    from metricscape.ui.app import lay_out_docks

    window.resize(1600, 1000)
    marketplace = next(p for p in example_paths() if p.stem == "marketplace")
    window.open_path(str(marketplace))
    turn_event_loop()
    lay_out_docks(window, show_analyses=False)
    turn_event_loop()
    viewport = window.current_tab.view.viewport()
    assert not window.whatif.analyses_dock.isVisible()
    assert viewport.width() * viewport.height() >= 0.45 * window.width() * window.height()
    assert window.inspector_dock.width() >= 370  # its four tabs' titles show whole


def test_zoomed_out_names_and_values_are_drawn_larger_not_smaller(qapp) -> None:
    rect = QRectF(0, 0, *card_size(MetricKind.INPUT))
    for zoom in (0.7, 0.5, 0.35):
        name_px, value_px, lines = compact_sizes(zoom, rect, "Booking request rate", MetricKind.INPUT)
        assert name_px * zoom >= COMPACT_NAME_PIXELS * 0.9 - 0.01  # readable on screen
        assert value_px >= name_px and lines and lines[0].startswith("Booking")


def test_zoomed_out_a_card_shows_its_name_and_value_in_large_type(window) -> None:
    session = DocumentSession(long_names_tree())
    window.add_session(session)
    card = session.scene.card("per_customer")
    near, far = card_image(card, 1.0), card_image(card, 0.5)

    def ink_rows(image: QImage) -> int:
        """Rows holding dark text pixels: large type fills more of the card's height."""
        return sum(1 for y in range(image.height())
                   if any(image.pixelColor(x, y).lightness() < 90 for x in range(20, image.width() - 10)))

    # shrunk with the zoom, the type would cover half as many rows; the compact card's covers more
    assert ink_rows(far) > 0.6 * ink_rows(near)


def test_a_new_card_added_off_screen_is_scrolled_into_view(window, qtbot, small) -> None:
    session = DocumentSession(small)
    window.add_session(session)
    view = window.current_tab.view
    view.set_zoom(1.0)
    session.scene.select_only(["activation"])
    view.centerOn(-3000, -3000)  # the selected card is far off screen
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    new_id = session.scene.selected_metric_ids()[0]
    card = session.scene.card(new_id)
    qtbot.waitUntil(lambda: view.mapToScene(view.viewport().rect()).boundingRect()
                    .contains(card.sceneBoundingRect()))
    editor = view.rename_editor()
    assert editor is not None and editor.geometry().intersects(view.mapFromScene(card.sceneBoundingRect())
                                                               .boundingRect())


def show_under_the_minimap(view, overview, card) -> None:
    """Scroll so that ``card`` lies under the minimap in its usual (bottom-right) corner."""
    corner = overview._corners()[0] + QPoint(overview.width() // 2, overview.height() // 2)
    view.centerOn(card.sceneBoundingRect().center())
    offset = view.mapToScene(view.viewport().rect().center()) - view.mapToScene(view.viewport().mapFrom(view, corner))
    view.centerOn(card.sceneBoundingRect().center() + offset)


def test_the_minimap_moves_to_a_free_corner_rather_than_hide_a_card(window, small) -> None:
    session = DocumentSession(small)
    window.add_session(session)
    tab = window.current_tab
    view, overview = tab.view, tab.overview
    view.set_zoom(1.5)
    tab.set_overview_visible(True)
    card = session.scene.card("churn")
    show_under_the_minimap(view, overview, card)
    overview.follow()
    assert overview.isVisible()  # the tree is larger than the view
    hidden = view.mapFromScene(card.sceneBoundingRect()).boundingRect().translated(view.viewport().pos())
    assert not overview.geometry().intersects(hidden)
    assert overview.pos() in overview._corners()[1:]


def test_the_minimap_steps_aside_for_the_card_being_renamed(window, qtbot, small) -> None:
    session = DocumentSession(small)
    window.add_session(session)
    tab = window.current_tab
    view, overview = tab.view, tab.overview
    tab.set_overview_visible(True)
    card = session.scene.card("churn")
    view.set_zoom(4.0)  # the card fills the view: every corner of the view would hide part of it
    view.centerOn(card.sceneBoundingRect().center())
    overview.follow()
    assert overview.isVisible()
    view.start_rename("churn")
    assert not overview.isVisible()
    view.finish_rename(commit=False)
    assert overview.isVisible()
