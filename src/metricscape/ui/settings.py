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
    return [str(v) for v in value or [] if v]


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
    return int(settings().value("files/autosave_seconds", 60, type=int))


def save_window(geometry: QByteArray, state: QByteArray) -> None:
    settings().setValue("window/geometry", geometry)
    settings().setValue("window/state", state)


def window_layout() -> tuple[QByteArray | None, QByteArray | None]:
    geometry = settings().value("window/geometry", None, type=QByteArray)
    state = settings().value("window/state", None, type=QByteArray)
    return (geometry or None), (state or None)


def section_expanded(key: str, default: bool) -> bool:
    """Whether a foldable form section was left open (``key`` names the form and the section)."""
    return bool(settings().value(f"sections/{key}", default, type=bool))


def set_section_expanded(key: str, expanded: bool) -> None:
    settings().setValue(f"sections/{key}", expanded)
