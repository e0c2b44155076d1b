"""Issue 14 item 10: View ▸ Theme switches the running app; the ±% buttons, toolbar icons and
minimap follow; and every text colour the app paints meets WCAG AA (4.5:1) in both themes."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QMenu

from metricscape.model import LinkKind, MetricKind, Severity
from metricscape.ui import settings, theme
from metricscape.ui.canvas import style
from metricscape.ui.session import DocumentSession
from metricscape.ui.themed_icons import ORIGINAL
from metricscape.ui.widgets.colors import AA_TEXT, contrast_ratio, muted_color, readable, text_on

R = QPalette.ColorRole


def theme_action(window, label: str):
    view = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "View")
    themes = next(a.menu() for a in view.actions() if isinstance(a.menu(), QMenu) and
                  a.text().replace("&", "") == "Theme")
    themes.aboutToShow.emit()
    return next(a for a in themes.actions() if a.text().replace("&", "").startswith(label))


def mean_lightness(widget) -> float:
    image = widget.grab().toImage()
    values = [image.pixelColor(x, y).lightness() for x in range(0, image.width(), 3)
              for y in range(0, image.height(), 3)]
    return sum(values) / len(values)


def test_view_theme_switches_the_running_app_and_every_part_follows(window, qtbot, small) -> None:
    session = DocumentSession(small)
    window.add_session(session)
    tab = window.current_tab
    row = next(iter(window.whatif.panel.rows.values()))
    undo = next(a for a in window.findChildren(type(theme_action(window, "Light"))) if a.text() == "&Undo"
                or a.text() == "Undo")
    qtbot.waitUntil(lambda: row.mode_button.isVisible())
    light_button = mean_lightness(row.mode_button)

    theme_action(window, "Dark").trigger()
    assert settings.theme_choice() == "dark" and window.theme_name == "dark"
    assert session.scene.canvas_palette is style.DARK
    assert theme_action(window, "Dark").isChecked()
    # the ±% button turns dark with the rest (palette changes arrive as events)
    qtbot.waitUntil(lambda: mean_lightness(row.mode_button) < light_button - 60)
    # toolbar icons are drawn in the light text colour, not left as dark glyphs
    assert isinstance(undo.property(ORIGINAL), QIcon)
    qtbot.waitUntil(lambda: undo.icon().cacheKey() != undo.property(ORIGINAL).cacheKey())
    image = undo.icon().pixmap(16, 16).toImage()
    inked = [image.pixelColor(x, y) for x in range(16) for y in range(16) if image.pixelColor(x, y).alpha() > 200]
    assert inked and all(c.lightness() > 150 for c in inked)
    # the minimap redraws in the dark palette
    tab.overview.refit()
    overview_image = tab.overview._image
    assert overview_image is None or overview_image.pixelColor(1, 1) == style.DARK.background

    theme_action(window, "Light").trigger()
    assert session.scene.canvas_palette is style.DOCUMENT and settings.theme_choice() == "light"
    qtbot.waitUntil(lambda: undo.icon().cacheKey() == undo.property(ORIGINAL).cacheKey())


def canvas_pairs(pal: style.CanvasPalette) -> dict[str, tuple[QColor, QColor]]:
    """Every text colour the canvas paints, on the background it is painted on."""
    pairs = {
        "name and value": (pal.text, pal.card), "target line": (pal.muted, pal.card),
        "target met": (pal.good, pal.card), "north star text": (pal.text, pal.kind_fill[MetricKind.NORTH_STAR]),
        "north star target": (pal.muted, pal.kind_fill[MetricKind.NORTH_STAR]),
        "✓ why": (pal.good, pal.chip), "no why": (pal.bad, pal.chip), "owner chip": (pal.muted, pal.chip),
        "hidden drivers": (text_on(pal.selection), pal.selection),
        "health badge": (text_on(pal.risks[Severity.MEDIUM]), pal.risks[Severity.MEDIUM]),
    }
    for severity in Severity:
        pairs[f"{severity.value} risk chip"] = (text_on(pal.risks[severity]), pal.risks[severity])
    for name, fill in (("neutral", pal.muted), ("good", pal.good), ("bad", pal.bad)):
        pairs[f"what-if {name} badge"] = (text_on(fill), fill)
    for kind in LinkKind:
        pairs[f"{kind.value} link label"] = (readable(pal.links[kind], pal.label_fill, pal.muted), pal.label_fill)
    return pairs


def chrome_pairs(palette: QPalette) -> dict[str, tuple[QColor, QColor]]:
    """The palette roles the panels use for text."""
    return {
        "window text": (palette.color(R.WindowText), palette.color(R.Window)),
        "field text": (palette.color(R.Text), palette.color(R.Base)),
        "button text": (palette.color(R.ButtonText), palette.color(R.Button)),
        "placeholder": (palette.color(R.PlaceholderText), palette.color(R.Base)),
        "grey hint on window": (muted_color(palette), palette.color(R.Window)),
        "grey hint in field": (muted_color(palette), palette.color(R.Base)),
        "link": (palette.color(R.Link), palette.color(R.Window)),
        "selected text": (palette.color(R.HighlightedText), palette.color(R.Highlight)),
        "tooltip": (palette.color(R.ToolTipText), palette.color(R.ToolTipBase)),
    }


@pytest.mark.parametrize("name", ["light", "dark"])
def test_every_text_colour_meets_wcag_aa(qapp: QApplication, name: str) -> None:
    theme.apply(qapp, name)
    try:
        pairs = {**chrome_pairs(qapp.palette()), **canvas_pairs(theme.canvas_palette(name))}
        low = {label: round(contrast_ratio(fg, bg), 2) for label, (fg, bg) in pairs.items()
               if contrast_ratio(fg, bg) < AA_TEXT}
        assert low == {}, f"{name}: below 4.5:1: {low}"
    finally:
        theme.apply(qapp, "light")


def test_contrast_ratio_matches_the_wcag_examples(qapp) -> None:
    """Black on white is 21:1, a colour on itself 1:1, and #777 on white the well-known 4.48:1."""
    assert contrast_ratio(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast_ratio(QColor("#3366aa"), QColor("#3366aa")) == pytest.approx(1.0)
    assert contrast_ratio(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)
