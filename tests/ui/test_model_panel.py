"""The model panel, driven as a user would: edit details, rate the scorecard, record a definition."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from panel_harness import PanelHarness as Harness
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget

from metricscape.model import NorthStarDefinition
from metricscape.ui.model_panel import ModelPanel
from metricscape.ui.model_panel.panel import parse_authors
from metricscape.ui.model_panel.record_dialog import RecordDefinitionDialog, cadence_warning
from metricscape.ui.model_panel.scorecard_view import scorecard_summary

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"


@pytest.fixture
def panel(qtbot, harness: Harness) -> ModelPanel:
    panel = ModelPanel()
    qtbot.addWidget(panel)
    panel.resize(420, 900)
    panel.bind(harness.context)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def leave(widget: QWidget) -> None:
    widget.setFocus()
    QApplication.processEvents()
    widget.focusNextChild()
    QApplication.processEvents()
    if widget.hasFocus():
        widget.clearFocus()
    QApplication.processEvents()


def test_without_a_document_the_panel_says_so(qtbot) -> None:
    panel = ModelPanel()
    qtbot.addWidget(panel)
    panel.show()
    assert panel.no_document.isVisibleTo(panel)
    assert not panel.sections["Scorecard"].isVisibleTo(panel)


def test_name_is_one_undo_step_and_undo_shows_it_back(qtbot, panel: ModelPanel, harness: Harness) -> None:
    panel.name.setFocus()
    panel.name.selectAll()
    qtbot.keyClicks(panel.name, "Listening model")
    qtbot.keyClick(panel.name, Qt.Key.Key_Return)
    assert harness.doc.info.name == "Listening model"
    assert panel.title.text() == "Listening model"
    assert len(harness.pushed) == 1
    harness.stack.undo()
    assert panel.name.text() == "Music streaming — weekly listening hours"
    assert len(harness.pushed) == 1


def test_authors_are_one_per_line(qtbot, panel: ModelPanel, harness: Harness) -> None:
    panel.authors.setFocus()
    panel.authors.selectAll()
    qtbot.keyClicks(panel.authors, "Ana")
    qtbot.keyClick(panel.authors, Qt.Key.Key_Return)
    qtbot.keyClicks(panel.authors, "Bo ")
    leave(panel.authors)
    assert harness.doc.info.authors == ("Ana", "Bo")
    assert harness.stack.count() == 1


def test_parse_authors_drops_blank_lines() -> None:
    assert parse_authors(" Ana \n\n Bo\n") == ("Ana", "Bo")
    assert parse_authors("") == ()


def test_cadence_spin_box_commits_on_enter_not_per_keystroke(qtbot, panel: ModelPanel, harness: Harness) -> None:
    panel.cadence.setFocus()
    panel.cadence.lineEdit().selectAll()
    qtbot.keyClicks(panel.cadence, "180")
    assert harness.pushed == []
    qtbot.keyClick(panel.cadence, Qt.Key.Key_Return)
    assert harness.doc.info.north_star_review_cadence_days == 180
    assert len(harness.pushed) == 1


def test_rating_a_criterion_with_a_click_is_one_step_and_clicking_again_clears(qtbot, panel: ModelPanel,
                                                                                harness: Harness) -> None:
    stars = panel.scorecard.editors["gaming_resistance"].rating
    assert stars.rating() == 3
    x = 2 + 4 * (20 + 4) + 10  # the middle of the fifth star
    qtbot.mouseClick(stars, Qt.MouseButton.LeftButton, pos=QPoint(x, 12))
    assert harness.doc.info.scorecard.gaming_resistance.rating == 5
    assert panel.scorecard.editors["gaming_resistance"].rating_text.text() == "strong"
    qtbot.mouseClick(stars, Qt.MouseButton.LeftButton, pos=QPoint(x, 12))
    assert harness.doc.info.scorecard.gaming_resistance.rating is None
    assert "6 of 7 answered and rated" in panel.scorecard.summary.text()
    assert harness.stack.count() == 2
    harness.stack.undo()
    harness.stack.undo()
    assert stars.rating() == 3


def test_rating_with_the_keyboard(qtbot, panel: ModelPanel, harness: Harness) -> None:
    stars = panel.scorecard.editors["value"].rating
    stars.setFocus()
    qtbot.keyClick(stars, Qt.Key.Key_2)
    assert harness.doc.info.scorecard.value.rating == 2
    qtbot.keyClick(stars, Qt.Key.Key_Right)
    assert harness.doc.info.scorecard.value.rating == 3
    qtbot.keyClick(stars, Qt.Key.Key_0)
    assert harness.doc.info.scorecard.value.rating is None


def test_answer_and_evidence_commit_when_leaving_the_field(qtbot, panel: ModelPanel, harness: Harness) -> None:
    editor = panel.scorecard.editors["decision"]
    editor.evidence.setFocus()
    editor.evidence.selectAll()
    qtbot.keyClicks(editor.evidence, "Board deck, Nov 2026")
    assert harness.pushed == []
    leave(editor.evidence)
    assert harness.doc.info.scorecard.decision.evidence == "Board deck, Nov 2026"
    assert harness.doc.info.scorecard.decision.answer.startswith("Quarterly investment")
    assert len(harness.pushed) == 1


def test_recording_a_definition_appends_to_the_history(qtbot, panel: ModelPanel, harness: Harness,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[tuple[str, str]] = []
    new = NorthStarDefinition(name="Engaged listening hours", definition="Hours with an interaction",
                              adopted_on=dt.date(2026, 11, 20), reason="Autoplay inflated hours")

    def ask(parent, name, definition, history, cadence):
        asked.append((name, definition))
        return new

    monkeypatch.setattr(RecordDefinitionDialog, "ask", staticmethod(ask))
    before = harness.doc.info.north_star_history
    qtbot.mouseClick(panel.history.record, Qt.MouseButton.LeftButton)
    assert asked[0][0] == "Weekly listening hours"  # prefilled from the current north star
    assert harness.doc.info.north_star_history == (*before, new)
    assert "Engaged listening hours" in panel.history.cards.cards[0].text()
    assert "(current)" in panel.history.cards.cards[0].text()
    assert harness.stack.count() == 1
    harness.stack.undo()
    assert "Weekly listening hours" in panel.history.cards.cards[0].text()


def test_cancelling_the_dialog_records_nothing(qtbot, panel: ModelPanel, harness: Harness,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(RecordDefinitionDialog, "ask", staticmethod(lambda *args: None))
    qtbot.mouseClick(panel.history.record, Qt.MouseButton.LeftButton)
    assert harness.pushed == []


def test_the_dialog_requires_a_reason_and_warns_about_cadence(qtbot) -> None:
    history = (NorthStarDefinition(name="Hours", adopted_on=dt.date.today() - dt.timedelta(days=10)),)
    dialog = RecordDefinitionDialog(None, "Hours", "How", history, cadence_days=365)
    qtbot.addWidget(dialog)
    assert "last changed 10 days before" in dialog.warning.text()
    dialog._accept()
    assert "Say why" in dialog.error.text()
    assert dialog.result_definition is None
    qtbot.keyClicks(dialog.reason, "Value moved")
    dialog._accept()
    assert dialog.result_definition is not None and dialog.result_definition.reason == "Value moved"


def test_cadence_warning() -> None:
    history = (NorthStarDefinition(name="A", adopted_on=dt.date(2026, 1, 1)),)
    assert cadence_warning(history, 90, dt.date(2026, 3, 1)).startswith("The north star last changed 59 days")
    assert cadence_warning(history, 90, dt.date(2026, 4, 1)) == ""
    assert cadence_warning((), 90, dt.date(2026, 3, 1)) == ""
    assert cadence_warning(history, None, dt.date(2026, 1, 2)) == ""


def test_change_log_is_listed_newest_first(panel: ModelPanel, harness: Harness) -> None:
    cards = [card.text() for card in panel.changelog.cards.cards]
    assert len(cards) == len(harness.doc.info.changelog) == 3
    assert cards[0].startswith("<b>Version 3</b>")
    assert "Idle autoplay share became a guardrail" in cards[0]
    assert panel.sections["Change log"].header.text() == "Change log (3)"


def test_scorecard_summary_counts_answered_and_rated() -> None:
    from metricscape.model import Scorecard, ScorecardEntry

    card = Scorecard(value=ScorecardEntry(answer="x", rating=4), breadth=ScorecardEntry(rating=2))
    assert scorecard_summary(card) == ("1 of 7 answered and rated. Average rating 3.0 of 5. "
                                       "An entry counts once it has both an answer and a rating.")


def test_external_changes_refresh_without_pushing(panel: ModelPanel, harness: Harness) -> None:
    harness.doc.apply(harness.doc.plan.update_info(description="**New** description"))
    assert panel.description.markdown() == "**New** description"
    assert "**" not in panel.description.viewer.toPlainText()
    assert harness.pushed == []
