"""The app's preferences and recent files in QSettings, always read back with ``type=``.

(Read without ``type=`` in a new process, QSettings returns strings: '1.5', 'true', a one-item
list as a str.) Tests point ``QSettings`` at a temporary INI file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 10


def settings() -> QSettings:
    return QSettings()


def recent_files() -> list[str]:
    value = settings().value("recent/files", [], type=list)
    return [str(v) for v in value or [] if v] if isinstance(value, list) else []


def add_recent(path: Path | str) -> list[str]:
    path = str(Path(path).resolve())
    files = [path] + [f for f in recent_files() if f != path]
    files = files[:MAX_RECENT]
    settings().setValue("recent/files", files)
    return files


def clear_recent() -> None:
    settings().setValue("recent/files", [])


def theme_choice() -> str:
    return str(settings().value("appearance/theme", "system", type=str))


def set_theme_choice(choice: str) -> None:
    settings().setValue("appearance/theme", choice)


def snapping() -> bool:
    return bool(settings().value("canvas/snapping", True, type=bool))


def set_snapping(on: bool) -> None:
    settings().setValue("canvas/snapping", on)


def autosave_seconds() -> int:
    value = settings().value("files/autosave_seconds", 60, type=int)
    return value if isinstance(value, int) else 60


def save_window(geometry: QByteArray, state: QByteArray) -> None:
    settings().setValue("window/geometry", geometry)
    settings().setValue("window/state", state)


def window_layout() -> tuple[QByteArray | None, QByteArray | None]:
    geometry = settings().value("window/geometry", None, type=QByteArray)
    state = settings().value("window/state", None, type=QByteArray)
    return (geometry if isinstance(geometry, QByteArray) and not geometry.isEmpty() else None,
            state if isinstance(state, QByteArray) and not state.isEmpty() else None)


LAST_FOLDER_KEY = "dialogs/last_folder"


def last_folder() -> str:
    """Where file dialogs open: the folder last used, else the user's documents folder (never the
    folder the app happened to be started from)."""
    folder = str(settings().value(LAST_FOLDER_KEY, "", type=str))
    if folder and Path(folder).is_dir():
        return folder
    from PySide6.QtCore import QStandardPaths

    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())


def remember_folder(chosen_path: str | Path) -> None:
    settings().setValue(LAST_FOLDER_KEY, str(Path(chosen_path).resolve().parent))


def start_path(suggestion: str = "") -> str:
    """A file dialog's starting point: the suggestion as is when it names a folder, else the
    suggested file name inside ``last_folder()``."""
    if suggestion and Path(suggestion).is_absolute():
        return suggestion
    return str(Path(last_folder()) / suggestion) if suggestion else last_folder()


def section_expanded(key: str, default: bool) -> bool:
    """Whether a foldable form section was left open (``key`` names the form and the section)."""
    return bool(settings().value(f"sections/{key}", default, type=bool))


def set_section_expanded(key: str, expanded: bool) -> None:
    settings().setValue(f"sections/{key}", expanded)
