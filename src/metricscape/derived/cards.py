"""What one card and one link show, as plain values: the scene paints these and nothing else."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from metricscape.model.rules import Finding, Level

from .actual_line import ActualLine


class Source(StrEnum):
    """Where a card's number comes from."""

    BASELINE = "baseline"    # the value entered on the metric
    FORMULA = "formula"      # computed from its drivers
    WHAT_IF = "what-if"      # the unsaved slider changes
    SCENARIO = "scenario"    # a saved scenario shown on the canvas
    ATTRIBUTION = "why it moved"  # the later period's value, with its share of a change ("why it moved")
    ACTUALS = "actuals"      # measured, from the model's actuals (shown under the value, see ActualLine)


@dataclass(frozen=True)
class CardState:
    value: float | None
    source: Source
    delta: str = ""                   # "+2.3 %" against the baseline; "" when unmoved
    delta_good: bool | None = None
    health: str = ""                  # the health badge: a count, "?" or ""
    health_notes: tuple[str, ...] = ()
    visible: bool = True              # False under a collapsed card
    hidden_drivers: int = 0           # on a collapsed card: how many drivers it hides
    notes: tuple[str, ...] = ()       # extra tooltip lines from overlays (e.g. "why it moved")
    actual: ActualLine | None = None  # the latest actual under the value (the actuals overlay)


@dataclass(frozen=True)
class LinkState:
    visible: bool = True
    badge: str = ""                   # a short mark on the link (e.g. the evidence for it)
    notes: tuple[str, ...] = ()       # extra tooltip lines from overlays


def badge_text(findings: Sequence[Finding]) -> str:
    """'2' for two errors or warnings; '?' when there are only questions; '' when clean."""
    serious = sum(1 for f in findings if f.level is not Level.INFO)
    if serious:
        return str(serious)
    return "?" if findings else ""


def same_card(old: CardState | None, new: CardState) -> bool:
    """Equal states, NaN values included (NaN != NaN would repaint every uncomputable card)."""
    if old is None:
        return False
    if old == new:
        return True
    both_nan = (isinstance(old.value, float) and isinstance(new.value, float)
                and math.isnan(old.value) and math.isnan(new.value))
    return both_nan and old == replace(new, value=old.value)
