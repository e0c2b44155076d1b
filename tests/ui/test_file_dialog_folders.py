"""File dialogs start in the user's documents folder, then in the folder last used."""

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog

from metricscape.ui import dialogs


def test_save_starts_in_documents_then_remembers_the_chosen_folder(qtbot, monkeypatch, tmp_path, isolated_settings):
    starts: list[str] = []
    chosen = tmp_path / "plans" / "growth.json"
    chosen.parent.mkdir()

    def fake_save(parent, title, start, filters):
        starts.append(start)
        return str(chosen), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_save)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert dialogs.save_path(None, "Music streaming.json") == str(chosen)
    assert Path(starts[0]) == Path(documents) / "Music streaming.json"

    dialogs.save_path(None, "Next model.json")
    assert Path(starts[1]) == chosen.parent / "Next model.json"


def test_open_starts_in_the_folder_last_used(qtbot, monkeypatch, tmp_path, isolated_settings):
    seen: list[str] = []
    model = tmp_path / "m.json"

    def fake_open(parent, title, start, filters):
        seen.append(start)
        return [str(model)], filters

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", fake_open)
    dialogs.open_paths(None)
    dialogs.open_paths(None)
    assert Path(seen[1]) == tmp_path
