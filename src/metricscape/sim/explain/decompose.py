"""Split a metric's change between two windows among its drivers, recursively down the tree.

Formula metrics split by the formula's shape (``formula_split``): differences for sums, LMDI for
products and ratios, Shapley values for the rest (and wherever logarithms fail). Influence links
claim what their elasticity predicts, ``L(y₁, y₀) · e · Δln(driver)`` (the log change in the
target's units through its log-mean level, as LMDI does); the rest is "not explained by its
drivers". Where a metric's own actuals differ from its formula applied to its inputs' actuals,
the difference in that gap between the windows is its own line, never spread over the drivers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from metricscape.model.actuals import Aggregation
from metricscape.model.formula import Formula
from metricscape.model.link import Link, LinkKind
from metricscape.model.metric import Metric
from metricscape.model.numbers import format_value
from metricscape.model.tree import MetricTree, parsed_formula

from .aggregation import aggregation_of
from .definitions import definition_on, redefinitions_between
from .formula_split import evaluator, split_formula
from .lmdi import log_mean
from .result import Explanation, Method
from .windows import ActualsTable, Window, aggregate

IMPORT_WAYS = "File ▸ Import actuals…, or metricscape actuals MODEL --import DATA"


class Decomposer:
    """One question (two windows) over one tree; values and explanations are computed once each."""

    def __init__(self, tree: MetricTree, before: Window, after: Window) -> None:
        self.tree = tree
        self.windows = (before, after)
        self.metrics = tree.metrics_by_id()
        self.names = {m.id: m.name for m in tree.metrics}
        self._aggregations: dict[str, Aggregation] = {}
        self.table = ActualsTable(tree.actuals)
        self.influences: dict[str, list[Link]] = {}
        for link in tree.links:
            if link.kind is LinkKind.INFLUENCE:
                self.influences.setdefault(link.target, []).append(link)
        self._values: dict[tuple[str, int], float | None] = {}
        self._reported_values: dict[tuple[str, int], float | None] = {}
        self._formula_values: dict[tuple[str, int], float | None] = {}

    # --- the answer ---------------------------------------------------------------------------

    def explain(self, metric_id: str) -> Explanation:
        star = self.tree.north_star
        if star is not None and metric_id == star.id:
            changed = redefinitions_between(self.tree, *self.windows)
            if changed:
                return self._redefined(self.metrics[metric_id], changed[-1].adopted_on.isoformat())
        done: dict[str, Explanation] = {}
        with np.errstate(all="ignore"):  # once: a division by zero shows as a non-number and is reported
            for current in self._drivers_first(metric_id):
                if self._has_drivers(current):
                    for side in (0, 1):
                        self.value(current, side)  # fills the value cache bottom-up, one level deep at most
                    done[current] = self._explain_one(self.metrics[current], done)
            return done.get(metric_id) or self._explain_one(self.metrics[metric_id], done)

    def _has_drivers(self, metric_id: str) -> bool:
        return self.metrics[metric_id].formula is not None or metric_id in self.influences

    def _direct_drivers(self, metric_id: str) -> list[str]:
        text = self.metrics[metric_id].formula
        refs = parsed_formula(text).refs if text is not None else ()
        return list(dict.fromkeys([*refs, *(link.source for link in self.influences.get(metric_id, ()))]))

    def _drivers_first(self, metric_id: str) -> list[str]:
        """The metric and everything below it, each after its drivers (an iterative depth-first walk:
        a deep chain of metrics must not exhaust Python's stack, and only this part of the tree is read)."""
        order: list[str] = []
        seen = {metric_id}
        stack: list[tuple[str, list[str]]] = [(metric_id, self._direct_drivers(metric_id))]
        while stack:
            current, pending = stack[-1]
            if pending:
                nxt = pending.pop()
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, self._direct_drivers(nxt)))
            else:
                stack.pop()
                order.append(current)
        return order

    def _explain_one(self, metric: Metric, done: dict[str, Explanation]) -> Explanation:
        formula = parsed_formula(metric.formula) if metric.formula else None
        links = self.influences.get(metric.id, [])
        driver_ids = list(dict.fromkeys([*(formula.refs if formula else ()), *(link.source for link in links)]))
        start, end = self.value(metric.id, 0), self.value(metric.id, 1)
        common: dict[str, Any] = {
            "metric": metric.id, "name": metric.name, "unit": metric.unit,
            "period_from": self.windows[0].label, "period_to": self.windows[1].label, "start": start, "end": end,
            "names": {d: self.metrics[d].name for d in driver_ids},
            "units": {d: self.metrics[d].unit for d in driver_ids},
            "driver_values": {d: (v0, v1) for d in driver_ids
                              if (v0 := self.value(d, 0)) is not None and (v1 := self.value(d, 1)) is not None},
            "drivers": {d: done[d] for d in driver_ids if d in done},
        }
        if start is None or end is None:
            missing = self._missing_sources(metric.id)
            return Explanation(method=Method.MISSING_ACTUALS, missing=tuple(missing),
                               notes=(self._missing_note(metric, missing),), **common)
        change = end - start
        if formula is None and not links:
            return Explanation(method=Method.NO_DRIVERS, unexplained=change,
                               notes=(f"Nothing in the tree drives '{metric.name}': its change is its own.",),
                               **common)
        notes: list[str] = []
        contributions: dict[str, float] = {}
        gap = 0.0
        method = Method.INFLUENCE
        formula_change: float | None = None
        if formula is not None:
            split, method, formula_notes = self._split_formula(metric, formula)
            notes += formula_notes
            if split is None:
                missing = self._missing_formula_inputs(formula)
                if missing:
                    return Explanation(method=Method.MISSING_ACTUALS, missing=tuple(missing), unexplained=change,
                                       notes=(*notes, self._missing_note(metric, missing)), **common)
                return Explanation(method=method, unexplained=change, notes=tuple(notes), **common)
            contributions = split
            f0, f1 = self._formula_value(metric.id, 0), self._formula_value(metric.id, 1)
            assert f0 is not None and f1 is not None  # a split exists only when both are numbers
            formula_change = f1 - f0
            if not links:
                # zero when the metric's value is its formula's; float dust from a reported value that
                # agrees with its formula in another order of operations is not a gap worth a line
                gap = change - formula_change
                if abs(gap) <= 1e-9 * max(abs(start), abs(end)):
                    gap = 0.0
                else:
                    notes.append(self._gap_note(metric, start, end, f0, f1))
        if links:
            contributions, influence_notes = self._with_influences(metric, links, contributions, formula_change,
                                                                   start, end)
            notes += influence_notes
        # A formula split is exact (its parts add up to the formula's change): only influence links leave
        # a rest. Without links, whatever the formula does not give is the reported-vs-formula gap.
        unexplained = change - sum(contributions.values()) if links else 0.0
        return Explanation(method=method, contributions=contributions, reported_vs_formula=gap,
                           unexplained=unexplained, notes=tuple(notes), **common)

    # --- formulas -----------------------------------------------------------------------------

    def _split_formula(self, metric: Metric, formula: Formula) -> tuple[dict[str, float] | None, Method, list[str]]:
        f0, f1 = self._formula_value(metric.id, 0), self._formula_value(metric.id, 1)
        x0 = {ref: self.value(ref, 0) for ref in formula.refs}
        x1 = {ref: self.value(ref, 1) for ref in formula.refs}
        if f0 is None or f1 is None:
            if all(v is not None for v in (*x0.values(), *x1.values())):
                not_a_number = (f"The formula of '{metric.name}' is not a number in one of the periods "
                                "(a division by zero?), so its change is not split.")
                return None, Method.SHAPLEY, [not_a_number]
            return None, Method.MISSING_ACTUALS, []
        start = {k: v for k, v in x0.items() if v is not None}
        end = {k: v for k, v in x1.items() if v is not None}
        split = split_formula(formula, start, end, f0, f1, metric.name, self.names)
        return split.shares, split.method, list(split.notes)

    def _with_influences(self, metric: Metric, links: list[Link], formula_split: dict[str, float],
                         formula_change: float | None, start: float, end: float
                         ) -> tuple[dict[str, float], list[str]]:
        """Influence links act on the log of the target: the formula part and each link claim their log
        change, in the target's units through its log-mean level; what they leave is unexplained."""
        if start <= 0 or end <= 0:
            no_logs = (f"'{metric.name}' is zero or negative in a period, where logarithms fail: "
                       "its influence links cannot be applied, so their part is left unexplained.")
            return dict(formula_split), [no_logs]
        level = log_mean(end, start)
        contributions: dict[str, float] = {}
        notes: list[str] = []
        if formula_change is not None:
            f0, f1 = self._formula_value(metric.id, 0), self._formula_value(metric.id, 1)
            if f0 is not None and f1 is not None and f0 > 0 and f1 > 0:
                # a share s of the formula's change is s / L(F₁, F₀) of its log change (exact for LMDI
                # shares, even when the factors offset and the formula does not move at all)
                scale = level / log_mean(f1, f0)
                contributions = {ref: share * scale for ref, share in formula_split.items()}
            else:
                contributions = dict(formula_split)
        for link in links:
            d0, d1 = self.value(link.source, 0), self.value(link.source, 1)
            driver = self.metrics[link.source].name
            if d0 is None or d1 is None:
                notes.append(f"No actuals for '{driver}', which influences '{metric.name}': its part is left "
                             f"unexplained; import them ({IMPORT_WAYS}).")
                continue
            if d0 <= 0 or d1 <= 0:
                notes.append(f"'{driver}' is zero or negative in a period, where its elasticity cannot be applied: "
                             "its part is left unexplained.")
                continue
            elasticity = float(link.elasticity or 0.0)
            contributions[link.source] = contributions.get(link.source, 0.0) + level * elasticity * math.log(d1 / d0)
        return contributions, notes

    # --- values -------------------------------------------------------------------------------

    def value(self, metric_id: str, side: int) -> float | None:
        """The metric's value in a window: its own actuals, else its formula on its inputs' values."""
        key = (metric_id, side)
        if key not in self._values:
            reported = self._reported(metric_id, side)
            self._values[key] = reported if reported is not None else self._formula_value(metric_id, side)
        return self._values[key]

    def _reported(self, metric_id: str, side: int) -> float | None:
        key = (metric_id, side)
        if key not in self._reported_values:
            values = self.table.values(metric_id, self.windows[side])
            self._reported_values[key] = (None if values is None else values[0] if len(values) == 1
                                          else aggregate(values, self._aggregation(metric_id)))
        return self._reported_values[key]

    def _aggregation(self, metric_id: str) -> Aggregation:
        found = self._aggregations.get(metric_id)
        if found is None:
            found = self._aggregations[metric_id] = aggregation_of(self.metrics[metric_id])
        return found

    def _formula_value(self, metric_id: str, side: int) -> float | None:
        key = (metric_id, side)
        if key in self._formula_values:
            return self._formula_values[key]
        text = self.metrics[metric_id].formula
        result: float | None = None
        if text is not None:
            formula = parsed_formula(text)
            inputs = [self.value(ref, side) for ref in formula.refs]
            if all(v is not None for v in inputs):
                number = float(evaluator(text)(inputs))
                result = number if math.isfinite(number) else None
        self._formula_values[key] = result
        return result

    # --- what is missing, said plainly --------------------------------------------------------

    def _missing_formula_inputs(self, formula: Formula) -> list[str]:
        out: list[str] = []
        for ref in formula.refs:
            if self.value(ref, 0) is None or self.value(ref, 1) is None:
                out += [m for m in self._missing_sources(ref) if m not in out]
        return out

    def _missing_sources(self, metric_id: str) -> list[str]:
        """The metrics whose missing actuals leave this one without a value: itself when nothing
        computes it, else the inputs of its formula that are missing, followed down."""
        text = self.metrics[metric_id].formula
        if text is None:
            return [metric_id]
        inner = self._missing_formula_inputs(parsed_formula(text))
        return inner or [metric_id]

    def _missing_note(self, metric: Metric, missing: Sequence[str]) -> str:
        parts = []
        for metric_id in missing:
            gaps = [p for w in self.windows for p in self.table.missing_periods(metric_id, w)]
            where = f" in {', '.join(dict.fromkeys(gaps))}" if self.table.has(metric_id) and gaps else ""
            parts.append(f"'{self.metrics[metric_id].name}'{where}")
        return (f"The change of '{metric.name}' cannot be split: there are no actuals for {', '.join(parts)}. "
                f"Import them ({IMPORT_WAYS}), or compare periods where every driver has data.")

    def _gap_note(self, metric: Metric, start: float, end: float, f0: float, f1: float) -> str:
        def gap(value: float) -> str:
            return ("+" if value >= 0 else "-") + format_value(abs(value), metric.unit)

        ranges = any(w.first != w.last for w in self.windows)
        why = ("a tracking change, a missing input, or, over ranges, the formula applied to the ranges' totals and "
               "averages rather than period by period?" if ranges else "a tracking change or a missing input?")
        return (f"The reported '{metric.name}' differs from its formula applied to its inputs' actuals "
                f"(by {gap(start - f0)} in {self.windows[0].label} and {gap(end - f1)} in {self.windows[1].label}); "
                f"the change in that gap is shown on its own line: {why}")

    def _redefined(self, metric: Metric, adopted_on: str) -> Explanation:
        before, after = (definition_on(self.tree, w) for w in self.windows)
        old = f"'{before.name}'" if before is not None else "an earlier definition"
        new = f"'{after.name}'" if after is not None and after is not before else "a newer definition"
        note = (f"The north star was redefined on {adopted_on}: {self.windows[0].label} was measured as {old} and "
                f"{self.windows[1].label} as {new}. The two periods measure different things, so the move is not "
                "explained; compare two periods on the same side of the change.")
        return Explanation(metric=metric.id, name=metric.name, unit=metric.unit, period_from=self.windows[0].label,
                           period_to=self.windows[1].label, start=self.value(metric.id, 0),
                           end=self.value(metric.id, 1), method=Method.DEFINITION_CHANGED,
                           unexplained=_difference(self.value(metric.id, 0), self.value(metric.id, 1)),
                           notes=(note,))


def _difference(start: float | None, end: float | None) -> float:
    return 0.0 if start is None or end is None else end - start
