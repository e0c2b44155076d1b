"""Overlays: what lies over the baseline on the canvas (what-if, scenario; later actuals,
"why it moved", evidence per link).

An overlay is one object with a ``name`` and ``marks(facts)``. The derived state applies the
active overlays in the order they were set, after the baseline: a later overlay's value replaces
an earlier one's, notes add up. A new overlay is one class here (or anywhere) and one
``DerivedState.set_overlay(...)`` call; the scene does not change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from metricscape.model import MetricTree
from metricscape.model.scenario import Change

from .actual_line import ActualLine
from .cards import Source
from .live import LiveModel, LiveResult


@dataclass(frozen=True)
class Facts:
    """What an overlay may read: the model version and its compiled baseline (None when the model
    cannot be computed yet)."""

    tree: MetricTree
    live: LiveModel | None
    version: int


@dataclass(frozen=True)
class CardMark:
    value: float | None
    source: Source
    delta: str = ""
    delta_good: bool | None = None
    note: str = ""
    # An actuals mark (source ACTUALS) adds this line under the card's value and leaves the value,
    # its source and delta as the baseline or what-if set them.
    actual: ActualLine | None = None


@dataclass(frozen=True)
class LinkMark:
    badge: str = ""
    note: str = ""


@dataclass(frozen=True)
class Marks:
    cards: Mapping[str, CardMark] = field(default_factory=dict)
    links: Mapping[tuple[str, str], LinkMark] = field(default_factory=dict)
    detail: object = None  # the overlay's own result, for panels that show more (e.g. a LiveResult)


NO_MARKS = Marks()


class Overlay(Protocol):
    @property
    def name(self) -> str: ...

    def marks(self, facts: Facts) -> Marks: ...


@dataclass(frozen=True)
class WhatIfOverlay:
    """The slider changes, or a saved scenario (whose changes are read from the model version in
    view, so an edit or an undo of the scenario shows without anyone setting the overlay again)."""

    changes: tuple[Change, ...] = ()
    scenario: str | None = None
    name: str = "what_if"

    def effective_changes(self, tree: MetricTree) -> tuple[Change, ...]:
        ids = {m.id for m in tree.metrics}
        if self.scenario is not None:
            found = next((s for s in tree.scenarios if s.id == self.scenario), None)
            if found is not None:
                return tuple(c for c in found.changes if c.metric in ids)
        return tuple(c for c in self.changes if c.metric in ids)

    def shows_scenario(self, tree: MetricTree) -> bool:
        return self.scenario is not None and any(s.id == self.scenario for s in tree.scenarios)

    def marks(self, facts: Facts) -> Marks:
        if facts.live is None:
            return NO_MARKS
        changes = self.effective_changes(facts.tree)
        result: LiveResult = facts.live.result(changes)
        source = Source.SCENARIO if self.shows_scenario(facts.tree) else Source.WHAT_IF
        cards = {metric_id: CardMark(result.values[metric_id], source, delta.text, delta.good)
                 for metric_id, delta in result.deltas.items()}
        return Marks(cards=cards, detail=result)
