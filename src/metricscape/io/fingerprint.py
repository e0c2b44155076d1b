"""What a file looked like when we read or wrote it, to notice that someone else changed it since."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Fingerprint:
    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, stat: os.stat_result, content: bytes) -> Fingerprint:
        return cls(size=stat.st_size, mtime_ns=stat.st_mtime_ns, sha256=hashlib.sha256(content).hexdigest())

    def same_content(self, other: Fingerprint) -> bool:
        """Equal bytes on disk. A file merely touched (new mtime, same bytes) has not changed:
        saving over it loses nothing, so it is not worth interrupting the user."""
        return self.size == other.size and self.sha256 == other.sha256


def fingerprint_file(path: Path) -> Fingerprint | None:
    """The file's current fingerprint, or None when it does not exist."""
    try:
        stat = path.stat()
        if stat.st_size != 0 and not path.is_file():
            return None
        content = path.read_bytes()
    except FileNotFoundError:
        return None
    return Fingerprint.of(stat, content)
