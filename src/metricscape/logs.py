"""Logging to the user's log folder, with rotation.

A windowed build (PyInstaller ``--windowed`` on Windows/macOS) has no console:
``sys.stdout`` and ``sys.stderr`` are ``None`` there, so we only add a console handler
when a console exists, and the log file is the one place a problem can be read back.
"""

from __future__ import annotations

import atexit
import faulthandler
import io
import logging
import logging.handlers
import sys
from pathlib import Path
from typing import TextIO

from platformdirs import user_log_dir

APP_NAME = "Metricscape"
LOG_FILE_NAME = "metricscape.log"
NATIVE_CRASH_FILE_NAME = "native-crash.log"  # faulthandler: tracebacks of hard crashes
MAX_BYTES = 1_000_000  # a few days of normal use; small enough to attach to an email
BACKUP_COUNT = 3
FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"

# Marks the handlers we own, so a second setup call replaces them instead of doubling lines.
_OWNED = "_metricscape_handler"


def log_folder() -> Path:
    """The app's log folder (e.g. ~/.local/state/Metricscape/log on Linux)."""
    return Path(user_log_dir(APP_NAME, appauthor=False))


def setup_logging(folder: Path | None = None, *, level: int = logging.INFO,
                  console: bool = True) -> Path | None:
    """Send log records to a rotating file in ``folder`` (default: ``log_folder()``).

    Returns the log file's path, or ``None`` if the folder cannot be written (a read-only
    home must not stop the app from starting; records then go to the console if any).
    Safe to call more than once.
    """
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, _OWNED, False)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)

    wanted = (folder or log_folder()) / LOG_FILE_NAME
    path: Path | None = wanted
    try:
        wanted.parent.mkdir(parents=True, exist_ok=True)
        file_handler: logging.Handler = logging.handlers.RotatingFileHandler(
            wanted, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")
    except OSError:
        path = None
    else:
        _own(root, file_handler)

    stream = sys.stderr
    if console and stream is not None and not isinstance(stream, LogStream):
        console_handler = logging.StreamHandler(stream)
        console_handler.setLevel(logging.WARNING)  # the console is for problems, not chatter
        _own(root, console_handler)

    logging.captureWarnings(True)
    if path is not None:
        _enable_faulthandler(path.parent / NATIVE_CRASH_FILE_NAME)
    return path


def guard_missing_streams() -> None:
    """Give a windowed build stand-ins for the missing ``sys.stdout``/``sys.stderr``.

    Libraries call ``sys.stderr.write`` without checking for ``None``; the stand-ins
    send what they write to the log instead of raising ``AttributeError``.
    """
    if sys.stdout is None:
        sys.stdout = LogStream("stdout", logging.INFO)
    if sys.stderr is None:
        sys.stderr = LogStream("stderr", logging.WARNING)


class LogStream(io.TextIOBase):
    """A write-only text stream that turns each line into a log record."""

    def __init__(self, name: str, level: int) -> None:
        super().__init__()
        self._logger = logging.getLogger(f"metricscape.{name}")
        self._level = level
        self._pending = ""
        # A failing handler reports its error on sys.stderr, which may be this stream:
        # drop those reports instead of recursing (e.g. a log rotation blocked on Windows).
        self._writing = False

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if self._writing:
            return len(text)
        self._pending += text
        *lines, self._pending = self._pending.split("\n")
        self._log(lines)
        return len(text)

    def flush(self) -> None:
        if not self._writing:
            pending, self._pending = self._pending, ""
            self._log([pending])

    def _log(self, lines: list[str]) -> None:
        self._writing = True
        try:
            for line in lines:
                if line.strip():
                    self._logger.log(self._level, line)
        finally:
            self._writing = False


_native_crash_file: TextIO | None = None


def _enable_faulthandler(path: Path) -> None:
    """A segfault in Qt skips Python's excepthook; faulthandler still writes the stack."""
    global _native_crash_file
    try:
        new_file = open(path, "a", encoding="utf-8")  # noqa: SIM115 - must outlive this call
    except OSError:
        return
    faulthandler.enable(file=new_file)
    if _native_crash_file is not None:
        _native_crash_file.close()
    else:
        atexit.register(_close_native_crash_file)
    _native_crash_file = new_file


def _close_native_crash_file() -> None:
    global _native_crash_file
    if _native_crash_file is not None:
        faulthandler.disable()
        _native_crash_file.close()
        _native_crash_file = None


def _own(root: logging.Logger, handler: logging.Handler) -> None:
    handler.setFormatter(logging.Formatter(FORMAT))
    setattr(handler, _OWNED, True)
    root.addHandler(handler)


def current_log_file() -> Path | None:
    """The file our handler writes to, if logging was set up."""
    for handler in logging.getLogger().handlers:
        if getattr(handler, _OWNED, False) and isinstance(handler, logging.FileHandler):
            return Path(handler.baseFilename)
    return None
