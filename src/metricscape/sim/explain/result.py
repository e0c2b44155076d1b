"""The answer to "why did it move": one record per metric, nested down the tree.

``Explanation`` is what every view reads: the CLI's JSON (``to_dict``, a stable contract), the
text, the slide, the brief, and later the app's waterfall (``waterfall()``: start, one bar per
driver, the reported-vs-formula gap, the unexplained rest, end) and canvas overlay
(``contributions_to_root()``: each metric's share of the top metric's change). The parts always
add up: ``change == sum(contributions) + reported_vs_formula + unexplained``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from metricscape.sim.results import jsonable


class Method(StrEnum):
    SUM = "sum"                        # a weighted sum: each term's change
    LMDI = "lmdi"                      # a product or ratio: log-mean Divisia (LMDI-I)
    SHAPLEY = "shapley"                # any other formula: Shapley values of its inputs
    INFLUENCE = "influence"            # influence links: elasticity · Δln(driver), the rest unexplained
    NO_DRIVERS = "no_drivers"          # an input: nothing in the tree drives it
    MISSING_ACTUALS = "missing_actuals"
    DEFINITION_CHANGED = "definition_changed"

    @property
    def description(self) -> str:
        return {
            "sum": "each term's change",
            "lmdi": "the log-mean Divisia index (each factor's share of the growth)",
            "shapley": "Shapley values (each input's average effect, in every order)",
            "influence": "the elasticities of its influence links",
            "no_drivers": "nothing in the tree drives it",
            "missing_actuals": "not split: actuals are missing",
            "definition_changed": "not split: the definition changed between the two periods",
        }[self.value]


class StepKind(StrEnum):
    START = "start"
    DRIVER = "driver"
    REPORTED_VS_FORMULA = "reported_vs_formula"
    UNEXPLAINED = "unexplained"
    END = "end"


@dataclass(frozen=True)
class WaterfallStep:
    """One bar: ``START``/``END`` stand from zero to ``amount``; the others float from ``base`` to
    ``base + amount``."""

    kind: StepKind
    label: str
    amount: float
    base: float
    metric: str | None = None  # the driver to select or drill into


GAP_LABEL = "Reported vs formula"
UNEXPLAINED_LABEL = "Not explained by its drivers"


@dataclass(frozen=True)
class Explanation:
    metric: str
    name: str
    unit: str
    period_from: str                 # "from" in JSON: a period or a range such as 2026-W10..2026-W13
    period_to: str
    start: float | None
    end: float | None
    method: Method
    contributions: dict[str, float] = field(default_factory=dict)  # driver id -> share of the change
    reported_vs_formula: float = 0.0  # the metric's own actuals against its formula on its inputs' actuals
    unexplained: float = 0.0
    drivers: dict[str, Explanation] = field(default_factory=dict)  # drivers that have drivers themselves
    names: dict[str, str] = field(default_factory=dict)              # driver id -> display name
    units: dict[str, str] = field(default_factory=dict)              # driver id -> its unit
    driver_values: dict[str, tuple[float, float]] = field(default_factory=dict)  # driver id -> (start, end)
    missing: tuple[str, ...] = ()     # metrics whose actuals are missing for this split
    notes: tuple[str, ...] = ()

    @property
    def change(self) -> float | None:
        return None if self.start is None or self.end is None else self.end - self.start

    @property
    def explained(self) -> bool:
        return self.method not in (Method.MISSING_ACTUALS, Method.DEFINITION_CHANGED)

    def waterfall(self, max_drivers: int | None = None) -> list[WaterfallStep]:
        """Start, the drivers (largest first), the gap and the rest, end. Beyond ``max_drivers`` the
        smallest drivers are pooled into one "other drivers" bar, so the bars still reach the end.
        Empty when the change is not split (missing actuals, a redefinition): the notes say why."""
        if self.start is None or self.end is None or not self.explained:
            return []
        steps = [WaterfallStep(StepKind.START, self.period_from, self.start, 0.0)]
        running = self.start
        ordered = sorted(self.contributions.items(), key=lambda item: -abs(item[1]))
        cut = len(ordered) if max_drivers is None or len(ordered) <= max_drivers else max(max_drivers - 1, 0)
        for metric_id, amount in ordered[:cut]:
            steps.append(WaterfallStep(StepKind.DRIVER, self.names.get(metric_id, metric_id), amount, running,
                                       metric=metric_id))
            running += amount
        if cut < len(ordered):
            rest = sum(amount for _, amount in ordered[cut:])
            steps.append(WaterfallStep(StepKind.DRIVER, f"{len(ordered) - cut} other drivers", rest, running))
            running += rest
        for kind, label, amount in ((StepKind.REPORTED_VS_FORMULA, GAP_LABEL, self.reported_vs_formula),
                                    (StepKind.UNEXPLAINED, UNEXPLAINED_LABEL, self.unexplained)):
            if amount != 0.0:
                steps.append(WaterfallStep(kind, label, amount, running))
                running += amount
        steps.append(WaterfallStep(StepKind.END, self.period_to, self.end, 0.0))
        return steps

    def contributions_to_root(self) -> dict[str, float]:
        """Every metric below this one -> its share of this metric's change, carried down the tree:
        a driver's share is passed to its own drivers in proportion to how they split its change."""
        shares: dict[str, float] = {}
        self._carry(1.0, shares)
        return shares

    def _carry(self, scale: float, shares: dict[str, float]) -> None:
        for metric_id, amount in self.contributions.items():
            share = scale * amount
            shares[metric_id] = shares.get(metric_id, 0.0) + share
            below = self.drivers.get(metric_id)
            change = below.change if below is not None else None
            if below is not None and below.explained and change:
                below._carry(share / change, shares)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of ``metricscape explain --json``."""
        data: dict[str, Any] = {
            "metric": self.metric, "name": self.name, "unit": self.unit,
            "from": self.period_from, "to": self.period_to,
            "start": self.start, "end": self.end, "change": self.change,
            "method": self.method.value,
            "contributions": dict(self.contributions),
            "reported_vs_formula": self.reported_vs_formula,
            "unexplained": self.unexplained,
            "drivers": {k: v.to_dict() for k, v in self.drivers.items()},
            "names": dict(self.names),
            "units": dict(self.units),
            "driver_values": {k: {"start": s, "end": e} for k, (s, e) in self.driver_values.items()},
            "missing": list(self.missing),
            "notes": list(self.notes),
        }
        return jsonable(data)  # type: ignore[no-any-return]
