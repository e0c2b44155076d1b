"""Where each card goes: the tidy layout the app's Auto-layout uses, or the user's own arrangement.

Positions are top-left corners in diagram units (y grows downwards, the north star on top), the
same convention as the canvas, with the canvas's card sizes.
"""

from __future__ import annotations

from collections.abc import Callable

from metricscape.model import MetricTree
from metricscape.model.layout import tidy_layout

Point = tuple[float, float]


def card_positions(tree: MetricTree, size_of: Callable[[str], tuple[float, float]], *, keep_arrangement: bool = False
                   ) -> dict[str, Point]:
    """The tidy layout; with ``keep_arrangement`` the stored canvas positions, unless the cards were
    never arranged (all on one spot), which would stack every card on top of each other."""
    if keep_arrangement:
        stored = {m.id: (m.position.x, m.position.y) for m in tree.metrics}
        if len(set(stored.values())) == len(stored):
            return stored
    return tidy_layout(tree, size_of)
