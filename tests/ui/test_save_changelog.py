"""Saving records a version in the model's change log (and the north star's history when it changed)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF

from metricscape import io
from metricscape.model import MetricTree
from metricscape.ui import dialogs
from metricscape.ui.save_note_dialog import (
    SaveNote,
    SaveNoteDialog,
    asks_for_note,
    author,
    set_asks_for_note,
    set_author,
)
from metricscape.ui.save_record import CREATED, info_with_record, pending_record

TODAY = dt.date(2026, 11, 24)


class Answers:
    """Stands in for the note dialog: records what it was asked, answers with the next note."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *notes: SaveNote) -> None:
        self.notes = list(notes)
        self.asked: list[tuple[int, tuple[str, ...], bool, bool]] = []
        answers = self

        def ask(cls, parent, record, ask_author):
            answers.asked.append((record.version, record.summary, record.north_star_changed, ask_author))
            if not answers.notes:
                raise AssertionError("the note dialog was not expected here")
            return answers.notes.pop(0)

        monkeypatch.setattr(SaveNoteDialog, "ask", classmethod(ask))


@pytest.fixture
def opened(window, small, tmp_path: Path):
    path = tmp_path / "listening.json"
    io.save(small, path)
    session = window.open_path(path)
    return window, session, path


def saved_log(path: Path):
    return io.load(path).tree.info.changelog


def test_two_saves_write_two_versions_with_summaries(opened, monkeypatch) -> None:
    window, session, path = opened
    answers = Answers(monkeypatch, SaveNote(note="Renamed for the Q4 deck", author="Maya"),
                      SaveNote(note="", author=""))
    window.current_tab.controller.rename("users", "Listeners")
    assert window.save()
    window.current_tab.controller.add_metric_at(QPointF(900, 900))
    assert window.save()

    log = saved_log(path)
    assert [e.version for e in log] == [1, 2]
    assert log[0].summary == ("Renamed: Weekly listeners → Listeners",)
    assert (log[0].note, log[0].author, log[0].date) == ("Renamed for the Q4 deck", "Maya", dt.date.today())
    assert log[1].summary == ("Added metrics: New metric",)
    assert log[1].author == "Maya"  # asked once, remembered
    assert [a[3] for a in answers.asked] == [True, False]  # the name is asked only the first time
    assert author() == "Maya"

    stack = session.undo_stack
    assert stack.isClean() and not window.isWindowModified()
    assert session.doc.tree == io.load(path).tree  # what is open is what is on disk
    assert stack.undoText() == "Record version 2 in the change log"
    stack.undo()  # the entry is an ordinary undo step
    assert len(session.doc.info.changelog) == 1 and window.isWindowModified()


def test_a_save_that_only_moves_cards_adds_no_version(opened, monkeypatch) -> None:
    window, session, path = opened
    Answers(monkeypatch)  # the dialog must not appear
    session.push(session.doc.plan.move_metrics({"users": (40.0, 500.0)}))
    assert window.save()
    assert saved_log(path) == ()
    assert io.load(path).tree.metric("users").position.y == 500


def test_a_new_model_saved_for_the_first_time_is_version_1_created(window, monkeypatch, tmp_path) -> None:
    Answers(monkeypatch, SaveNote(note="First draft", author="Tom"))
    window.new_document()
    window.current_tab.controller.add_metric_at(QPointF(0, 0))
    target = tmp_path / "new.json"
    monkeypatch.setattr(dialogs, "save_path", lambda parent, suggestion: str(target))
    assert window.save()
    (entry,) = saved_log(target)
    assert (entry.version, entry.summary, entry.note, entry.author) == (1, (CREATED,), "First draft", "Tom")


def test_dont_ask_again_is_remembered_and_entries_are_still_written(opened, monkeypatch) -> None:
    window, _, path = opened
    answers = Answers(monkeypatch, SaveNote(author="Maya", dont_ask_again=True))
    window.current_tab.controller.rename("users", "Listeners")
    assert window.save()
    assert not asks_for_note()
    window.current_tab.controller.rename("hours", "Hours per listener per week")
    assert window.save()  # no dialog this time (Answers has no note left)
    assert len(answers.asked) == 1
    log = saved_log(path)
    assert log[1].summary == ("Renamed: Hours per listener → Hours per listener per week",)
    assert log[1].author == "Maya" and log[1].note == ""


def test_cancelling_the_note_cancels_the_save(opened, monkeypatch) -> None:
    window, session, path = opened
    before = path.read_text(encoding="utf-8")
    monkeypatch.setattr(SaveNoteDialog, "ask", classmethod(lambda cls, parent, record, ask_author: None))
    window.current_tab.controller.rename("users", "Listeners")
    assert not window.save()
    assert path.read_text(encoding="utf-8") == before and session.modified


def test_a_renamed_north_star_asks_why_and_records_its_history(opened, monkeypatch) -> None:
    window, _session, path = opened
    set_asks_for_note(False)  # the north star is asked about anyway
    set_author("Maya")
    answers = Answers(monkeypatch, SaveNote(reason="Hours per listener is what we can move", author="Maya"))
    window.current_tab.controller.rename("hours_total", "Listening hours per week")
    assert window.save()
    assert answers.asked[0][2]  # the dialog knew the north star changed
    info = io.load(path).tree.info
    old, new = info.north_star_history
    assert (old.name, new.name) == ("Weekly listening hours", "Listening hours per week")
    assert new.reason == "Hours per listener is what we can move" and new.adopted_on == dt.date.today()
    assert "Renamed: Weekly listening hours → Listening hours per week" in info.changelog[-1].summary


def test_a_failed_write_leaves_the_undo_stack_alone(opened, monkeypatch, no_dialogs) -> None:
    window, session, _path = opened
    Answers(monkeypatch, SaveNote())
    window.current_tab.controller.rename("users", "Listeners")
    count = session.undo_stack.count()

    def refuse(tree, target, expected_fingerprint=None):
        raise io.SaveError(str(target), "the disk is full")

    monkeypatch.setattr(io, "save", refuse)
    assert not window.save()
    assert no_dialogs[0][0] == "Could not save"
    assert session.undo_stack.count() == count and session.doc.info.changelog == ()


# --- the record itself, without any window -----------------------------------------------------

def test_pending_record_of_an_unchanged_model_is_nothing(small: MetricTree) -> None:
    assert pending_record(small, small, TODAY) is None


def test_a_north_star_already_recorded_by_hand_is_not_asked_again(small: MetricTree) -> None:
    from metricscape.model.metadata import NorthStarDefinition

    renamed = [m.with_changes(name="Hours per week") if m.id == "hours_total" else m for m in small.metrics]
    history = (NorthStarDefinition(name="Hours per week", adopted_on=TODAY, reason="by hand"),)
    current = small.model_copy(update={"metrics": tuple(renamed),
                                       "info": small.info.with_changes(north_star_history=history)})
    record = pending_record(small, current, TODAY)
    assert record is not None and not record.north_star_changed
    assert "North-star definition changed" in record.summary


def test_info_with_record_appends_after_the_last_version(small: MetricTree) -> None:
    renamed = small.model_copy(update={"metrics": tuple(
        m.with_changes(owner="Growth") if m.id == "users" else m for m in small.metrics)})
    record = pending_record(small, renamed, TODAY)
    info = info_with_record(small.info, record, today=TODAY, author=" Maya ", note=" Q4 ")
    (entry,) = info.changelog
    assert (entry.version, entry.author, entry.note, entry.date) == (1, "Maya", "Q4", TODAY)
    assert entry.summary == ("Other details changed: Weekly listeners",)


# --- the dialog, clicked as a user would -------------------------------------------------------

def test_the_note_dialog_asks_for_a_name_once_and_why_the_north_star_changed(qtbot) -> None:
    from PySide6.QtCore import Qt

    from metricscape.model.metadata import NorthStarDefinition
    from metricscape.ui.save_record import SaveRecord

    record = SaveRecord(version=4, summary=("Renamed: A → B",),
                        north_star=NorthStarDefinition(name="B", adopted_on=TODAY))
    dialog = SaveNoteDialog(None, record, ask_author=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "Save version 4"
    assert dialog.author.isVisible() and dialog.reason.isVisible()
    dialog.note.setPlainText("Q4 review")
    dialog.author.setText("Maya")
    dialog.reason.setPlainText("B measures value")
    dialog.dont_ask.setChecked(True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result_note == SaveNote(note="Q4 review", reason="B measures value", author="Maya",
                                          dont_ask_again=True)


def test_save_without_note_skips_the_texts(qtbot) -> None:
    from PySide6.QtCore import Qt

    from metricscape.ui.save_record import SaveRecord

    dialog = SaveNoteDialog(None, SaveRecord(version=2, summary=("Links: 1 added",)), ask_author=False)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.author.isVisible() and not dialog.reason.isVisible()
    dialog.note.setPlainText("typed, then skipped")
    qtbot.mouseClick(dialog.skip_button, Qt.MouseButton.LeftButton)
    assert dialog.result_note == SaveNote()


def test_preferences_turn_the_note_question_back_on(window) -> None:
    from metricscape.ui.preferences import PreferencesDialog

    set_asks_for_note(False)
    dialog = PreferencesDialog(window)
    assert not dialog.ask_note.isChecked()
    dialog.ask_note.setChecked(True)
    dialog.accept()
    assert asks_for_note()


def test_the_name_field_never_offers_the_login_name(qtbot, monkeypatch):
    import getpass

    from metricscape.ui import save_note_dialog
    from metricscape.ui.save_record import SaveRecord

    monkeypatch.setattr(save_note_dialog, "author", lambda: "")
    record = SaveRecord(version=1, summary=("Added 'WAU'",))
    dialog = save_note_dialog.SaveNoteDialog(None, record, ask_author=True)
    qtbot.addWidget(dialog)
    assert dialog.author.text() != getpass.getuser()  # 'root' in a change log reads like a machine wrote it
    assert "asked only once" in dialog.author.placeholderText()
