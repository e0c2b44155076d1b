"""Replace a file so that it is always either the old version or the new one, never half of each."""

from __future__ import annotations

import errno
import os
import re
import shutil
import sys
import time
import uuid
from pathlib import Path

_REPLACE_ATTEMPTS = 10
_REPLACE_PAUSE_S = 0.05
# A save takes milliseconds (seconds on a slow share); a temporary older than this was left by a
# save that was killed, and one younger may belong to a save in progress in another window.
STALE_AFTER_S = 600.0


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def atomic_write(path: Path, data: bytes, *, keep_backup: bool = True) -> os.stat_result:
    """Write ``data`` to ``path`` atomically; keep the previous file as ``NAME.bak``.

    The temp file lives in the same folder (``os.replace`` is only atomic within one file system)
    and is removed on any error, leaving the original untouched. Returns the new file's stat.
    """
    folder = path.parent
    sweep_stale_temporaries(path)
    tmp = folder / f".{path.name}.{uuid.uuid4().hex[:8]}.tmp"
    # os.open honours the umask (mkstemp would create the file private, 0600).
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
            if path.exists():
                _copy_mode(path, fd)
        finally:
            os.close(fd)
        if keep_backup and path.is_file():
            _keep_backup(path)
        _replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_folder(folder)
    return path.stat()


def sweep_stale_temporaries(path: Path, now: float | None = None) -> int:
    """Remove the temporaries that interrupted saves of ``path`` left beside it; return how many.

    Only names of our own pattern (``.NAME.1a2b3c4d.tmp``, ``.NAME.bak.1a2b3c4d.tmp``) older than
    ``STALE_AFTER_S`` are touched; any problem (a read-only folder, a file in use) is ignored: the
    sweep is housekeeping and must never stop a save or an open.
    """
    own = re.compile(rf"\.{re.escape(path.name)}(\.bak)?\.[0-9a-f]{{8}}\.tmp")
    now = time.time() if now is None else now
    removed = 0
    try:
        with os.scandir(path.parent) as entries:
            stale = [entry.path for entry in entries
                     if own.fullmatch(entry.name) and entry.is_file(follow_symlinks=False)
                     and now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER_S]
    except OSError:
        return 0
    for leftover in stale:
        try:
            os.unlink(leftover)
            removed += 1
        except OSError:
            pass
    return removed


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _copy_mode(path: Path, fd: int) -> None:
    if hasattr(os, "fchmod"):
        try:
            os.fchmod(fd, path.stat().st_mode & 0o7777)
        except OSError:
            pass  # not fatal: some shares refuse chmod


def _keep_backup(path: Path) -> None:
    """Keep the current file as ``NAME.bak`` (a hard link is instant; copy where links are refused)."""
    backup = backup_path(path)
    staging = backup.with_name(f".{backup.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        os.link(path, staging)
    except OSError:
        shutil.copy2(path, staging)
    try:
        _replace(staging, backup)
    except BaseException:
        staging.unlink(missing_ok=True)
        raise


def _replace(source: Path, target: Path) -> None:
    # On Windows, antivirus or sync tools hold files open for a moment (WinError 5/32/33).
    for attempt in range(_REPLACE_ATTEMPTS):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if sys.platform != "win32" or attempt == _REPLACE_ATTEMPTS - 1:
                raise
            time.sleep(_REPLACE_PAUSE_S)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows cannot open folders and does not need it."""
    if sys.platform == "win32":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.EBADF):
            raise
    finally:
        os.close(fd)
