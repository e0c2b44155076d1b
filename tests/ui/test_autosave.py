"""Autosave snapshots unsaved models in the state folder; after a crash they are offered back."""

from __future__ import annotations

from pathlib import Path

from metricscape import io
from metricscape.ui import dialogs
from metricscape.ui.autosave import Autosaver
from metricscape.ui.main_window import MainWindow


def test_unsaved_work_is_recovered_after_a_crash_without_touching_the_file(qtbot, small, tmp_path: Path,
                                                                           monkeypatch) -> None:
    state = tmp_path / "state"
    user_file = tmp_path / "model.json"
    io.save(small, user_file)
    original = user_file.read_bytes()

    crashed = MainWindow(Autosaver(state))
    session = crashed.open_path(user_file)
    session.push(session.doc.plan.update_metric("users", name="Listeners (unsaved)"))
    assert crashed.autosave() == 1
    crashed.autosaver.crash_for_tests()  # the process dies: no clean shutdown
    assert user_file.read_bytes() == original

    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask", lambda parent, title, text, choices, default=None:
                        asked.append(text) or "Recover")
    restarted = MainWindow(Autosaver(state))
    assert restarted.offer_recovery() == 1
    assert "model.json" in asked[0]
    recovered = restarted.current_session
    assert recovered.doc.metric("users").name == "Listeners (unsaved)"
    # Issue 16, item 9: recovered into its own file (not "Untitled"), unsaved until the user saves.
    assert recovered.path == user_file and recovered.modified
    assert user_file.read_bytes() == original
    assert restarted.autosaver.recoveries() == []  # offered once
    assert restarted.open_path(user_file) is recovered and len(restarted.sessions) == 1  # no second tab
    assert restarted.save(recovered)
    assert io.load(user_file).tree.metric("users").name == "Listeners (unsaved)"
    for s in (*crashed.sessions, *restarted.sessions):
        s.undo_stack.setClean()
    restarted.close()


def test_recovering_over_a_file_changed_on_disk_since_the_crash_asks_first(qtbot, small, tmp_path: Path,
                                                                           monkeypatch) -> None:
    state = tmp_path / "state"
    user_file = tmp_path / "model.json"
    io.save(small, user_file)
    crashed = MainWindow(Autosaver(state))
    session = crashed.open_path(user_file)
    session.push(session.doc.plan.update_metric("users", name="Listeners (unsaved)"))
    crashed.autosave()
    crashed.autosaver.crash_for_tests()
    teammate = small.model_copy(update={"info": small.info.with_changes(name="Teammate's version")})
    io.save(teammate, user_file)  # e.g. a git pull while the app was down
    changed = user_file.read_bytes()

    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask", lambda parent, title, text, choices, default=None:
                        asked.append(title) or ("Recover" if title == "Recover unsaved work?" else "Cancel"))
    restarted = MainWindow(Autosaver(state))
    assert restarted.offer_recovery() == 1
    recovered = restarted.current_session
    assert recovered.path == user_file
    assert not restarted.save(recovered)  # the user cancelled the overwrite question
    assert asked[-1] == "The file changed on disk"
    assert user_file.read_bytes() == changed
    for s in (*crashed.sessions, *restarted.sessions):
        s.undo_stack.setClean()
    restarted.close()


def test_a_running_instance_is_not_mistaken_for_a_crash(qapp, small, tmp_path: Path) -> None:
    state = tmp_path / "state"
    alive = Autosaver(state)
    alive.write("doc1", small, "Model", None, "now")
    other = Autosaver(state)
    assert other.recoveries() == []
    alive.shutdown()
    assert Autosaver(state).recoveries() == []  # a clean exit leaves nothing behind


def test_saved_models_are_not_snapshotted(qapp, small, tmp_path: Path) -> None:
    window = MainWindow(Autosaver(tmp_path / "state"))
    path = tmp_path / "m.json"
    io.save(small, path)
    window.open_path(path)
    assert window.autosave() == 0
    assert not any((tmp_path / "state").rglob("*.json"))
    window.close()
