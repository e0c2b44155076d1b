"""Autosave and crash recovery: snapshots of unsaved models in the app's own state folder.

Never written over the user's file. Each running instance keeps its snapshots in its own folder
guarded by a QLockFile, so a second running instance is not mistaken for a crashed one: at
start, only folders whose lock is free (their instance ended without cleaning up) are offered
for recovery.
"""

from __future__ import annotations

import json
import shutil
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

import platformdirs
from PySide6.QtCore import QLockFile

from metricscape import io
from metricscape.model import MetricTree


def default_root() -> Path:
    return Path(platformdirs.user_state_dir("Metricscape", "Metricscape")) / "autosave"


@dataclass(frozen=True)
class Recovery:
    """One model found in a crashed instance's autosave folder."""

    snapshot: Path
    name: str
    original_path: str | None
    saved_at: str
    # The original file as the crashed instance last knew it: a save of the recovered model over it
    # asks first when the file changed on disk since (None: unknown, so it always asks).
    original_fingerprint: io.Fingerprint | None = None

    def load(self) -> MetricTree:
        return io.loads(self.snapshot.read_text(encoding="utf-8"), source=str(self.snapshot))


class Autosaver:
    def __init__(self, root: Path | None = None) -> None:
        self.root = root or default_root()
        self.root.mkdir(parents=True, exist_ok=True)
        self.instance = uuid.uuid4().hex
        self.folder = self.root / self.instance
        self._lock = QLockFile(str(self.root / f"{self.instance}.lock"))
        self._lock.tryLock(0)
        self._written: set[str] = set()

    def write(self, key: str, tree: MetricTree, name: str, original_path: Path | None, saved_at: str,
              original_fingerprint: io.Fingerprint | None = None) -> Path:
        """Snapshot one unsaved model (atomically: a crash mid-write keeps the previous snapshot)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / f"{key}.json"
        io.save(tree, target)
        meta = {"name": name, "original_path": str(original_path) if original_path else None, "saved_at": saved_at,
                "original_fingerprint": asdict(original_fingerprint) if original_fingerprint else None}
        (self.folder / f"{key}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
        self._written.add(key)
        return target

    def discard(self, key: str) -> None:
        """The model was saved or closed without changes: its snapshot is no longer needed."""
        for suffix in (".json", ".meta.json", ".json.bak"):
            (self.folder / f"{key}{suffix}").unlink(missing_ok=True)
        self._written.discard(key)

    def keys(self) -> set[str]:
        return set(self._written)

    def shutdown(self) -> None:
        """A clean exit: nothing to recover next time."""
        shutil.rmtree(self.folder, ignore_errors=True)
        self._lock.unlock()

    def crash_for_tests(self) -> None:
        """Leave snapshots behind as a crash would (the lock is released by the dying process)."""
        self._lock.unlock()

    def recoveries(self) -> list[Recovery]:
        """Snapshots left by instances that are no longer running."""
        found: list[Recovery] = []
        for folder in sorted(p for p in self.root.iterdir() if p.is_dir() and p.name != self.instance):
            lock = QLockFile(str(self.root / f"{folder.name}.lock"))
            if not lock.tryLock(0):
                continue  # another instance is alive and owns these snapshots
            lock.unlock()
            for meta_path in sorted(folder.glob("*.meta.json")):
                snapshot = meta_path.with_name(meta_path.name.replace(".meta.json", ".json"))
                if not snapshot.exists():
                    continue
                try:
                    meta = json.loads(meta_path.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    meta = {}
                found.append(Recovery(snapshot, str(meta.get("name") or snapshot.stem),
                                      meta.get("original_path"), str(meta.get("saved_at") or ""),
                                      _fingerprint(meta.get("original_fingerprint"))))
        return found

    def forget(self, recoveries: list[Recovery]) -> None:
        """Remove recovered (or declined) snapshots and their folders when empty."""
        folders = {r.snapshot.parent for r in recoveries}
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
            (self.root / f"{folder.name}.lock").unlink(missing_ok=True)


def _fingerprint(data: object) -> io.Fingerprint | None:
    if not isinstance(data, dict):
        return None
    try:
        return io.Fingerprint(size=int(data["size"]), mtime_ns=int(data["mtime_ns"]), sha256=str(data["sha256"]))
    except (KeyError, TypeError, ValueError):
        return None
