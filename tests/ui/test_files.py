"""Saving, reopening, files changed on disk, unsaved-changes prompts, loading errors, recent files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from metricscape import io
from metricscape.ui import dialogs, settings
from metricscape.ui.session import DocumentSession


def answer(monkeypatch, reply: str, asked: list[str] | None = None) -> None:
    def ask(parent, title, text, choices, default=None):
        assert reply in choices
        if asked is not None:
            asked.append(title)
        return reply
    monkeypatch.setattr(dialogs, "ask", ask)


def test_save_then_reopen_gives_the_same_model(window, small, tmp_path: Path, monkeypatch) -> None:
    session = DocumentSession(small)
    window.add_session(session)
    window.current_tab.controller.add_metric_at(QPointF(900, 900))
    assert window.isWindowModified() and session.title.endswith("•")
    target = tmp_path / "listening.json"
    monkeypatch.setattr(dialogs, "save_path", lambda parent, suggestion: str(target))
    assert window.save()
    assert not window.isWindowModified()
    assert window.windowTitle().startswith("listening.json")
    saved = session.doc.tree
    window.close_tab(window.tabs.currentIndex())
    reopened = window.open_path(target)
    assert reopened is not None and reopened.doc.tree == saved
    assert settings.recent_files()[0] == str(target.resolve())
    assert window.open_path(target) is reopened  # already open: switch to it


def test_a_file_changed_on_disk_is_not_overwritten_without_asking(window, small, tmp_path: Path,
                                                                  monkeypatch) -> None:
    path = tmp_path / "shared.json"
    io.save(small, path)
    session = window.open_path(path)
    session.push(session.doc.plan.update_metric("users", name="Listeners"))
    theirs = small.model_copy(update={"metrics": small.metrics[:-1], "links": small.links[:1]})
    their_text = io.dumps(theirs)
    path.write_text(their_text, encoding="utf-8")  # a teammate saves over it
    asked: list[str] = []
    answer(monkeypatch, "Cancel", asked)
    assert not window.save()
    assert asked == ["The file changed on disk"]
    assert path.read_text(encoding="utf-8") == their_text  # their work is intact
    answer(monkeypatch, "Overwrite")
    assert window.save()
    assert io.load(path).tree.metric("users").name == "Listeners"


def test_closing_with_unsaved_changes_asks_and_can_cancel(window, small, monkeypatch) -> None:
    session = DocumentSession(small)
    window.add_session(session)
    session.push(session.doc.plan.update_metric("users", name="Listeners"))
    asked: list[str] = []
    answer(monkeypatch, "Cancel", asked)
    assert not window.close_tab(0)
    assert window.tabs.count() == 1 and asked == ["Unsaved changes"]
    answer(monkeypatch, "Don't save")
    assert window.close_tab(0)
    assert window.tabs.count() == 0 and window.stack.currentWidget() is window.welcome


def test_a_broken_file_shows_a_clear_error_and_opens_nothing(window, tmp_path: Path, no_dialogs) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"format": "metricscape", "schema_version": 1, "model": {"metrics": [{"id": "A b"}]}}')
    assert window.open_path(path) is None
    assert window.tabs.count() == 0
    title, text = no_dialogs[-1]
    assert title == "Could not open the model"
    assert "Traceback" not in text and text.strip()
    assert path.read_text().startswith('{"format"')  # untouched


def test_dropping_a_model_file_opens_it(window, small, tmp_path: Path) -> None:
    path = tmp_path / "dropped.json"
    io.save(small, path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert window.current_session is not None and window.current_session.path == path


def test_recent_files_survive_as_a_list_even_with_one_entry(tmp_path: Path) -> None:
    settings.add_recent(tmp_path / "one.json")
    from PySide6.QtCore import QSettings
    QSettings().sync()
    assert settings.recent_files() == [str((tmp_path / "one.json").resolve())]
