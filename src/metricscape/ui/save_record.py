"""What a save adds to the model's own history: a change-log entry and, when the north star was
redefined, an entry in its definition history. Pure Python (no Qt), so it is tested on its own.

The entry summarises what changed since the previous saved version (``model.diff.summarize``);
a model saved for the first time gets version 1, "Created". Saves that change only the layout
add nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from metricscape.model import MetricTree
from metricscape.model.diff import diff, summarize
from metricscape.model.metadata import ChangeLogEntry, ModelInfo, NorthStarDefinition

CREATED = "Created"
_LINE_LIMIT = 1000  # ChangeLogEntry.summary lines are at most this long


@dataclass(frozen=True)
class SaveRecord:
    version: int
    summary: tuple[str, ...]
    north_star: NorthStarDefinition | None = None  # the new definition to record (reason filled in later)
    previous_star: NorthStarDefinition | None = None  # the one it replaces, when the history was empty

    @property
    def north_star_changed(self) -> bool:
        return self.north_star is not None


def pending_record(saved: MetricTree | None, current: MetricTree, today: dt.date) -> SaveRecord | None:
    """What saving ``current`` should record, given the previous saved version (None: never saved)."""
    changelog = current.info.changelog
    last = max((entry.version for entry in changelog), default=0)
    if saved is None:
        # A brand-new model starts its log; a recovered or copied one already has one and no base to diff.
        return None if changelog else SaveRecord(version=1, summary=(CREATED,))
    summary = tuple(line[:_LINE_LIMIT] for line in summarize(diff(saved, current)))
    star, previous_star = _north_star_change(saved, current, today)
    if not summary and star is None:
        return None
    return SaveRecord(version=last + 1, summary=summary, north_star=star, previous_star=previous_star)


def _north_star_change(saved: MetricTree, current: MetricTree, today: dt.date
                       ) -> tuple[NorthStarDefinition | None, NorthStarDefinition | None]:
    before, after = saved.north_star, current.north_star
    if before is None or after is None:
        return None, None
    if (before.name, before.definition.strip()) == (after.name, after.definition.strip()):
        return None, None
    history = current.info.north_star_history
    latest = max(history, key=lambda entry: entry.adopted_on, default=None)
    if latest is not None and (latest.name, latest.definition.strip()) == (after.name, after.definition.strip()):
        return None, None  # already recorded by hand (Model panel ▸ Record a new definition)
    new = NorthStarDefinition(name=after.name, definition=after.definition, adopted_on=today)
    previous = None
    if not history:  # keep what it replaces: earlier numbers were computed under it
        first_saved = min((entry.date for entry in current.info.changelog), default=today)
        previous = NorthStarDefinition(name=before.name, definition=before.definition, adopted_on=first_saved)
    return new, previous


def info_with_record(info: ModelInfo, record: SaveRecord, *, today: dt.date, author: str = "", note: str = "",
                     reason: str = "") -> ModelInfo:
    """The model's info with the change-log entry (and north-star definition) appended."""
    entry = ChangeLogEntry(version=record.version, date=today, author=author.strip(), note=note.strip(),
                           summary=record.summary)
    changes: dict[str, object] = {"changelog": (*info.changelog, entry)}
    if record.north_star is not None:
        added = [record.previous_star] if record.previous_star is not None else []
        added.append(record.north_star.model_copy(update={"reason": reason.strip()}))
        changes["north_star_history"] = tuple(sorted((*info.north_star_history, *added),
                                                     key=lambda entry: entry.adopted_on))
    return info.with_changes(**changes)
