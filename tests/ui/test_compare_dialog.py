"""The compare dialog, used as a PM would: read the list, pick a metric, see its fields side by side."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from metricscape.io import LoadError, load, save
from metricscape.model import Document
from metricscape.ui.compare import CompareDialog

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"
MUSIC = load(EXAMPLES / "music-streaming.json").tree


def edited() -> Document:
    doc = Document(MUSIC)
    doc.apply(doc.plan.update_metric("activation_rate", target=0.7, rationale="Activated listeners stay."))
    doc.apply(doc.plan.update_metric("signups", name="Weekly registrations"))
    doc.apply(doc.plan.add_metric(doc.plan.new_metric("Referral invites", unit="invites", baseline=1000.0)))
    doc.apply(doc.plan.remove_scenario("better_search"))
    return doc


def leaves(dialog: CompareDialog) -> dict[str, object]:
    found = {}
    for row in range(dialog.changes.topLevelItemCount()):
        group = dialog.changes.topLevelItem(row)
        for child in range(group.childCount()):
            found[group.child(child).text(0)] = group.child(child)
    return found


def click(qtbot, dialog: CompareDialog, item, double: bool = False) -> None:
    dialog.changes.scrollToItem(item)
    centre = dialog.changes.visualItemRect(item).center()
    qtbot.mouseClick(dialog.changes.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    if double:
        qtbot.mouseDClick(dialog.changes.viewport(), Qt.MouseButton.LeftButton, pos=centre)


@pytest.fixture
def dialog(qtbot):
    dialog = CompareDialog(MUSIC, edited().tree, "Saved version", "Now")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_dialog_lists_every_change_grouped(dialog) -> None:
    groups = [dialog.changes.topLevelItem(r).text(0) for r in range(dialog.changes.topLevelItemCount())]
    assert groups == ["Metrics", "Scenarios"]
    assert set(leaves(dialog)) == {"+ Referral invites (added)", "~ 7-day activation rate: target, rationale",
                                   "~ Weekly registrations: name", "− Search ranking v4 (removed)"}
    assert "Renamed: Weekly sign-ups → Weekly registrations" in dialog.summary_label.text()


def test_picking_a_metric_shows_its_fields_side_by_side(dialog, qtbot) -> None:
    click(qtbot, dialog, leaves(dialog)["~ 7-day activation rate: target, rationale"])
    assert dialog.fields.horizontalHeaderItem(1).text() == "Saved version"
    rows = dialog.selected_fields()
    assert rows[0] == ("target", "66 %", "70 %")
    assert rows[1][0] == "rationale" and rows[1][2] == "Activated listeners stay."
    click(qtbot, dialog, leaves(dialog)["+ Referral invites (added)"])
    assert ("baseline", "(none)", "1,000 invites") in dialog.selected_fields()


def test_highlight_sends_the_changed_metric_ids(dialog, qtbot) -> None:
    with qtbot.waitSignal(dialog.highlight_requested) as blocker:
        qtbot.mouseClick(dialog.highlight_button, Qt.MouseButton.LeftButton)
    assert sorted(blocker.args[0]) == ["activation_rate", "referral_invites", "signups"]


def test_double_clicking_a_metric_asks_to_select_it(dialog, qtbot) -> None:
    with qtbot.waitSignal(dialog.metric_activated) as blocker:
        click(qtbot, dialog, leaves(dialog)["~ Weekly registrations: name"], double=True)
    assert blocker.args == ["signups"]


def test_comparing_with_the_version_on_disk(qtbot, tmp_path) -> None:
    path = tmp_path / "model.json"
    save(MUSIC, path)
    doc = Document(load(path).tree)
    assert CompareDialog.with_disk(doc.tree, path).summary_label.text() == "No changes."
    doc.apply(doc.plan.update_metric("activation_rate", target=0.7))
    dialog = CompareDialog.with_disk(doc.tree, path)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Compare with Saved version"
    assert dialog.selected_fields() == [("target", "66 %", "70 %")]  # the first change is shown at once


def test_an_unchanged_model_has_nothing_to_highlight(qtbot) -> None:
    dialog = CompareDialog(MUSIC, MUSIC)
    qtbot.addWidget(dialog)
    assert dialog.changes.topLevelItemCount() == 0 and not dialog.highlight_button.isEnabled()


def test_a_file_that_cannot_be_read_raises_a_plain_load_error(qtbot, tmp_path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(LoadError, match="broken.json"):
        CompareDialog.with_file(MUSIC, path)
