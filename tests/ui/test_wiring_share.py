"""File ▸ Export…, Edit ▸ Copy diagram and File ▸ Compare, reached from the menus as a PM would."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog

from metricscape import io
from metricscape.model import Change, ChangeMode, Scenario
from metricscape.ui import share_actions
from metricscape.ui.export.clipboard import SVG_MIME
from metricscape.ui.export.dialog import ExportDialog


def menu_texts(window, title: str) -> list[str]:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == title)
    return [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]


@pytest.fixture
def opened(window, small, tmp_path: Path):
    """The small model, saved to a file and opened in the window."""
    path = tmp_path / "listening.json"
    io.save(small, path)
    session = window.open_path(path)
    assert session is not None
    return window, session, path


@pytest.fixture
def exporting(monkeypatch, tmp_path: Path):
    """The export dialog runs as if the user pressed Export… and chose a file; it is kept for checks."""
    shown: list[ExportDialog] = []
    target = {"path": tmp_path / "out.svg"}

    def exec_(self: ExportDialog) -> int:
        shown.append(self)
        self.format.setCurrentIndex(self.format.findData(target["path"].suffix))
        self.export()
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(ExportDialog, "exec", exec_)
    monkeypatch.setattr(ExportDialog, "ask_path", lambda self, fmt: str(target["path"]))
    return shown, target


def test_the_menus_offer_export_copy_and_compare(opened) -> None:
    window, _, _ = opened
    assert {"Export…", "Compare with file…", "Compare with saved version"} <= set(menu_texts(window, "File"))
    assert "Copy diagram" in menu_texts(window, "Edit")
    export = window.registry["export"]
    assert export.shortcut().toString() == "Ctrl+E" and "Export the diagram" in export.toolTip()
    assert window.registry["collapse"].shortcut().toString() != "Ctrl+E"  # no clash


def test_export_writes_the_chosen_file_and_it_reads_back(opened, exporting) -> None:
    window, session, _ = opened
    shown, target = exporting
    window.registry["export"].trigger()
    assert len(shown) == 1
    assert shown[0].suggested.stem == "listening"  # named after the model's file
    svg = ET.parse(target["path"])  # a real XML reader
    text = " ".join(t for t in svg.getroot().itertext())
    for metric in session.doc.metrics():
        assert metric.name in text
    assert "Exported" in window.statusBar().currentMessage()


def test_export_shows_the_scenario_the_canvas_shows(opened, exporting, tmp_path) -> None:
    window, session, _ = opened
    shown, target = exporting
    target["path"] = tmp_path / "brief.md"
    scenario = Scenario(id="growth", name="Growth push", changes=(Change(metric="users", mode=ChangeMode.RELATIVE,
                                                                         value=10),))
    session.push(session.doc.plan.add_scenario(scenario))
    window.whatif.current.show_scenario("growth")
    window.registry["export"].trigger()
    assert shown[0].scenario.currentData() == "growth"
    assert "Growth push" in target["path"].read_text(encoding="utf-8")


def test_copy_diagram_puts_image_svg_and_mermaid_on_the_clipboard(opened) -> None:
    window, _session, _ = opened
    QGuiApplication.clipboard().clear()
    window.registry["copy_diagram"].trigger()
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.hasImage() and not mime.imageData().isNull()
    svg = ET.fromstring(bytes(mime.data(SVG_MIME)).decode("utf-8"))
    assert "Weekly listeners" in " ".join(svg.itertext())
    mermaid = mime.text()
    assert "\nflowchart " in mermaid and '"Weekly listening hours' in mermaid
    assert "Copied the diagram" in window.statusBar().currentMessage()


def test_compare_with_a_modified_file_outlines_the_changed_metrics(opened, monkeypatch, qtbot, small, tmp_path):
    window, session, _ = opened
    theirs = small.model_copy(update={"metrics": tuple(
        m.with_changes(target=2000) if m.id == "users" else m for m in small.metrics)})
    other = tmp_path / "teammate.json"
    io.save(theirs, other)
    monkeypatch.setattr(share_actions, "choose_compare_file", lambda parent, folder: str(other))
    window.registry["compare_file"].trigger()
    dialog = window.findChild(share_actions.CompareDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.mouseClick(dialog.highlight_button, Qt.MouseButton.LeftButton)
    scene = session.scene
    assert scene.highlighted_ids() == ["users"]
    assert scene.card("users").highlighted and not scene.card("hours").highlighted
    assert "1 changed metric outlined" in window.statusBar().currentMessage()
    dialog.close()
    qtbot.keyClick(window.current_tab.view, Qt.Key.Key_Escape)  # Escape dismisses the outlines
    assert scene.highlighted_ids() == []


def test_outlines_go_away_on_the_next_edit(opened) -> None:
    window, session, _ = opened
    share_actions.highlight_changes(window, session, ["users", "hours"])
    assert sorted(session.scene.highlighted_ids()) == ["hours", "users"]
    window.current_tab.controller.rename("hours", "Hours per week")
    assert session.scene.highlighted_ids() == []


def test_compare_with_the_saved_version_lists_unsaved_changes(opened) -> None:
    window, _session, _ = opened
    assert window.registry["compare_saved"].isEnabled()
    window.current_tab.controller.rename("users", "Listeners")
    dialog = share_actions.compare_with_saved(window)
    assert dialog is not None
    assert "Renamed: Weekly listeners → Listeners" in dialog.summary_label.text()
    dialog.close()


def test_a_model_never_saved_has_no_saved_version_to_compare(window) -> None:
    window.new_document()
    assert not window.registry["compare_saved"].isEnabled()
    assert share_actions.compare_with_saved(window) is None


def test_comparing_with_a_broken_file_says_what_is_wrong(opened, monkeypatch, tmp_path, no_dialogs) -> None:
    window, _, _ = opened
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(share_actions, "choose_compare_file", lambda parent, folder: str(broken))
    window.registry["compare_file"].trigger()
    assert no_dialogs and no_dialogs[0][0] == "Could not compare"
    assert "broken.json" in no_dialogs[0][1]


@pytest.mark.parametrize("theme_name", ["light", "dark"])
def test_the_outline_is_drawn_in_the_theme_colour(window, small, qtbot, theme_name) -> None:
    from metricscape.ui import theme
    from metricscape.ui.session import DocumentSession

    window.theme_name = theme_name
    session = DocumentSession(small)
    window.add_session(session)
    view = window.current_tab.view
    view.set_zoom(1.0)
    view.centerOn(session.scene.card("users").sceneBoundingRect().center())
    colour = theme.canvas_palette(theme_name).highlight

    def outline_pixels() -> int:
        image = view.viewport().grab().toImage()
        return sum(1 for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)
                   if image.pixelColor(x, y) == colour)

    assert outline_pixels() == 0
    share_actions.highlight_changes(window, session, ["users"])
    qtbot.waitUntil(lambda: outline_pixels() > 100)
