"""Whether the north star was redefined between two windows: then the move is a redefinition."""

from __future__ import annotations

from metricscape.model.metadata import NorthStarDefinition
from metricscape.model.tree import MetricTree

from .windows import Window


def redefinitions_between(tree: MetricTree, before: Window, after: Window) -> list[NorthStarDefinition]:
    """Definitions adopted after the first day compared and on or before the last one: the windows
    (or a window and itself) were then measured under different definitions."""
    first = min(before.first_day, after.first_day)
    last = max(before.last_day, after.last_day)
    return sorted((d for d in tree.info.north_star_history if first < d.adopted_on <= last),
                  key=lambda d: d.adopted_on)


def definition_on(tree: MetricTree, window: Window) -> NorthStarDefinition | None:
    """The definition in force on the window's first day."""
    adopted = [d for d in tree.info.north_star_history if d.adopted_on <= window.first_day]
    return max(adopted, key=lambda d: d.adopted_on, default=None)
