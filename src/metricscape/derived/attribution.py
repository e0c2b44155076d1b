""""Why it moved" on the canvas: each card shows its share of the explained metric's change.

``AttributionOverlay`` explains the chosen metric between two windows once per model version and
marks every metric below it with "+1.2k hours of +3.4k", coloured by whether that share moved the
explained metric the way it should go. The explanation itself is the overlay's ``detail``, so the
"Why it moved" view draws the very result the cards show. ``path`` drills into a driver: the
cards then show shares of that driver's change.
"""

from __future__ import annotations

from dataclasses import dataclass

from metricscape.export.explain_words import signed_amount
from metricscape.model import MetricTree
from metricscape.model.metric import Direction
from metricscape.model.numbers import format_value, is_rate
from metricscape.sim.explain import Explanation, Window, explain

from .cards import Source
from .overlays import CardMark, Facts, Marks

NAME = "attribution"


@dataclass(frozen=True)
class Attribution:
    """The overlay's detail: the whole answer and the level the view and the cards show."""

    root: Explanation
    shown: Explanation  # ``root``, or the driver drilled into along ``path``
    path: tuple[str, ...]


@dataclass(frozen=True)
class AttributionOverlay:
    before: Window
    after: Window
    metric: str | None = None      # None: the north star
    path: tuple[str, ...] = ()     # the drivers drilled into, top down
    on_cards: bool = True          # False: explain for the view only, leave the cards alone
    name: str = NAME

    def marks(self, facts: Facts) -> Marks:
        root = explain(facts.tree, self.before, self.after, self.metric)  # ExplainError: the state reports it
        shown, path = root, list[str]()
        for metric_id in self.path:  # a drill-down that no longer exists (an edit) stops where it can
            below = shown.drivers.get(metric_id)
            if below is None:
                break
            shown, path = below, [*path, metric_id]
        detail = Attribution(root, shown, tuple(path))
        if not self.on_cards or not shown.explained or shown.change is None:
            return Marks(detail=detail)
        return Marks(cards=card_marks(facts.tree, shown), detail=detail)


def card_marks(tree: MetricTree, explanation: Explanation) -> dict[str, CardMark]:
    """The explained metric shows its change; each metric below shows its share of that change."""
    e = explanation
    change = e.change or 0.0
    metrics = tree.metrics_by_id()
    higher = metrics[e.metric].direction is Direction.HIGHER if e.metric in metrics else True
    values = _end_values(e)
    window = f"{e.period_from} → {e.period_to}"
    marks = {e.metric: CardMark(e.end, Source.ATTRIBUTION, signed_amount(change, e.unit), _good(change, higher),
                                f"Why it moved ({window}): {signed_amount(change, e.unit)}, "
                                "split among the metrics below")}
    total = _bare(change, e.unit)
    for metric_id, share in e.contributions_to_root().items():
        if metric_id not in metrics:
            continue
        marks[metric_id] = CardMark(
            values.get(metric_id, metrics[metric_id].baseline), Source.ATTRIBUTION,
            f"{_bare(share, e.unit)}{_chip_unit(e.unit)} of {total}", _good(share, higher),
            f"Why it moved ({window}): {signed_amount(share, e.unit)} of the {signed_amount(change, e.unit)} "
            f"change of {e.name}")
    return marks


def _good(amount: float, higher_is_better: bool) -> bool | None:
    return None if amount == 0 else (amount > 0) == higher_is_better


def _bare(amount: float, unit: str) -> str:
    """A signed amount without its unit: '+3.4k', '+1.5' (percentage points for a rate)."""
    number = format_value(abs(amount) * 100 if is_rate(unit) else abs(amount))
    return "±0" if number == "0" else ("-" if amount < 0 else "+") + number


# The chip sits beside the card's name: a short unit leaves the name room ("+1.2k hrs of +3.4k").
_SHORT_UNITS = {"hours": "hrs", "hour": "hr", "minutes": "min", "seconds": "s", "users": "users", "%": "pp"}
MAX_CHIP_UNIT = 6


def _chip_unit(unit: str) -> str:
    unit = unit.strip()
    short = _SHORT_UNITS.get(unit.lower(), unit)
    return f" {short}" if short and len(short) <= MAX_CHIP_UNIT else ""


def _end_values(explanation: Explanation) -> dict[str, float]:
    """Each metric's value in the later window, as the explanation read it."""
    out: dict[str, float] = {}
    stack = [explanation]
    while stack:
        e = stack.pop()
        for metric_id, (_start, end) in e.driver_values.items():
            out.setdefault(metric_id, end)
        stack.extend(e.drivers.values())
    return out
