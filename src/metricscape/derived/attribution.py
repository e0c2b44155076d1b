""""Why it moved" on the canvas: each card shows its share of the explained metric's change.

``AttributionOverlay`` explains the chosen metric between two windows once per model version and
marks every metric below it with "+1.2k hrs of +3.4k", coloured by whether that share moved the
explained metric the way it should go. The explanation itself is the overlay's ``detail``, so the
"Why it moved" view draws the very result the cards show. ``path`` drills into a driver: the
cards then show shares of that driver's change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from metricscape.export.explain_words import signed_amount
from metricscape.model import MetricTree
from metricscape.model.metric import Direction
from metricscape.model.numbers import format_value, is_rate
from metricscape.sim.explain import Explanation, Window, explain
from metricscape.sim.explain.windows import RANGE_SEPARATOR

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
        base = facts.live.baseline if facts.live is not None else None
        return Marks(cards=card_marks(facts.tree, shown, base), detail=detail)


def card_marks(tree: MetricTree, explanation: Explanation, base: Mapping[str, float] | None = None) -> dict[str, CardMark]:
    """The explained metric shows its change; each metric below shows its share of that change.

    A card compared over single periods shows its value in the later one (what happened); over
    ranges it keeps its own value (``base``): a 4-week total under "Weekly listening hours" would
    read as a weekly value four times too large."""
    e = explanation
    change = e.change or 0.0
    metrics = tree.metrics_by_id()
    higher = metrics[e.metric].direction is Direction.HIGHER if e.metric in metrics else True
    single = RANGE_SEPARATOR not in e.period_to
    later = _end_values(e) if single else {}
    if single and e.end is not None:
        later[e.metric] = e.end
    window = f"{e.period_from} → {e.period_to}"

    def mark(metric_id: str, delta: str, good: bool | None, note: str) -> CardMark:
        if metric_id in later:
            return CardMark(later[metric_id], Source.ATTRIBUTION, delta, good,
                            f"{note}. The value shown is {e.period_to}'s.")
        metric = metrics[metric_id]
        value = (base or {}).get(metric_id, metric.baseline)
        return CardMark(value, Source.FORMULA if metric.is_computed else Source.BASELINE, delta, good, note)

    marks = {e.metric: mark(e.metric, signed_amount(change, e.unit), _good(change, higher),
                            f"Why it moved ({window}): {signed_amount(change, e.unit)}, split among the metrics below")}
    total = _bare(change, e.unit)
    for metric_id, share in e.contributions_to_root().items():
        if metric_id in metrics:
            marks[metric_id] = mark(
                metric_id, f"{_bare(share, e.unit)}{_chip_unit(e.unit)} of {total}", _good(share, higher),
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
