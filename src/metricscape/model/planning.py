"""Builds the edits behind every user action, keeping the model consistent.

A planner reads the document but never changes it: each method returns an Edit that, applied,
performs the whole action as one undo step (removing a metric also removes its links, clears
the formulas that used it and the references to it in risks, scenarios and correlations).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from graphlib import TopologicalSorter
from typing import TYPE_CHECKING, Any

from .actuals import Actuals
from .edits import (
    Compound,
    Edit,
    SetActuals,
    SetInfo,
    SetLink,
    SetMetric,
    SetScenario,
    SetSimulation,
)
from .errors import FormulaError, ModelError
from .formula import parse
from .link import Link, LinkKind
from .metadata import ModelInfo, SimulationSettings
from .metric import Metric, Position, slugify
from .scenario import Scenario

if TYPE_CHECKING:
    from .document import Document


class Planner:
    def __init__(self, doc: Document) -> None:
        self.doc = doc

    # --- metrics ------------------------------------------------------------------------------

    def add_metric(self, metric: Metric, links: Iterable[Link] = ()) -> Edit:
        parts: list[Edit] = [SetMetric(None, metric)]
        parts += [SetLink(None, link) for link in links]
        return Compound(f"Add metric ‘{metric.name}’", parts)

    def new_metric(self, name: str, **fields: Any) -> Metric:
        """A metric with a fresh id derived from its name (not yet added)."""
        return Metric(id=slugify(name, self.doc.ids()), name=name, **fields)

    def update_metric(self, metric_id: str, **changes: Any) -> Edit:
        old = self.doc.metric(metric_id)
        new = old.with_changes(**changes)
        parts: list[Edit] = [SetMetric(old, new)]
        if new.formula != old.formula:
            parts += self._formula_link_edits(old, new)
        return Compound(f"Edit ‘{new.name}’: {_describe_fields(changes)}", parts)

    def _formula_link_edits(self, old: Metric, new: Metric) -> list[Edit]:
        known = self.doc.ids()
        old_refs = set(parse(old.formula).refs) if old.formula else set()
        new_refs = parse(new.formula, known=known, owner=new.id).refs if new.formula else ()
        edits: list[Edit] = []
        for ref in old_refs - set(new_refs):
            link = self.doc.link(ref, new.id)
            if link is not None:
                edits.append(SetLink(link, None))
        for ref in new_refs:
            if ref in old_refs:
                continue
            existing = self.doc.link(ref, new.id)
            rationale = existing.rationale if existing else ""
            edits.append(SetLink(existing, Link(source=ref, target=new.id, kind=LinkKind.FORMULA,
                                                rationale=rationale)))
        return edits

    def remove_metrics(self, metric_ids: Iterable[str]) -> Edit:
        ids = list(dict.fromkeys(metric_ids))
        doomed = set(ids)
        for metric_id in ids:
            self.doc.metric(metric_id)  # raises for an unknown id
        parts: list[Edit] = []
        for link in self.doc.links():
            if link.source in doomed or link.target in doomed:
                parts.append(SetLink(link, None))
        for metric in self.doc.metrics():
            if metric.id in doomed:
                continue
            changes: dict[str, Any] = {}
            if metric.formula and doomed & set(parse(metric.formula).refs):
                changes["formula"] = None  # the formula no longer has its inputs; undo restores it
                # its other formula links go too, or the model would no longer load
                parts += [SetLink(link, None) for link in self.doc.links()
                          if link.target == metric.id and link.kind is LinkKind.FORMULA
                          and link.source not in doomed]
            risks = tuple(r.model_copy(update={"counter_metric": None}) if r.counter_metric in doomed else r
                          for r in metric.gaming_risks)
            if risks != metric.gaming_risks:
                changes["gaming_risks"] = risks
            if changes:
                parts.append(SetMetric(metric, metric.with_changes(**changes)))
        for scenario in self.doc.scenarios():
            kept = tuple(c for c in scenario.changes if c.metric not in doomed)
            if kept != scenario.changes:
                parts.append(SetScenario(scenario, scenario.with_changes(changes=kept)))
        settings = self.doc.simulation
        correlations = tuple(c for c in settings.correlations if not {c.a, c.b} & doomed)
        if correlations != settings.correlations:
            parts.append(SetSimulation(settings, settings.model_copy(update={"correlations": correlations})))
        actuals = self.doc.actuals.without_metrics(doomed)
        if actuals != self.doc.actuals:
            parts.append(SetActuals(self.doc.actuals, actuals))
        parts += [SetMetric(self.doc.metric(i), None) for i in self._dependents_first(ids)]
        names = [self.doc.metric(i).name for i in ids]
        text = f"Delete ‘{names[0]}’" if len(names) == 1 else f"Delete {len(names)} metrics"
        return Compound(text, parts)

    def _dependents_first(self, ids: list[str]) -> list[str]:
        """Removal order in which a metric goes before the metrics its formula uses, so that undo
        (which runs the parts backwards) re-adds the inputs before the formula that needs them."""
        doomed = set(ids)
        uses = {i: doomed & set(parse(f).refs) if (f := self.doc.metric(i).formula) else set() for i in ids}
        return list(reversed(list(TopologicalSorter(uses).static_order())))

    def move_metrics(self, positions: Mapping[str, tuple[float, float]]) -> Edit:
        parts: list[Edit] = []
        for metric_id, (x, y) in positions.items():
            old = self.doc.metric(metric_id)
            new = old.model_copy(update={"position": Position(x=x, y=y)})
            if new != old:
                parts.append(SetMetric(old, new))
        count = len(parts)
        text = f"Move ‘{self.doc.metric(next(iter(positions))).name}’" if count == 1 else f"Move {count} metrics"
        return Compound(text, parts)

    # --- links --------------------------------------------------------------------------------

    def connect(self, source: str, target: str, kind: LinkKind = LinkKind.INFLUENCE, *,
                elasticity: float | None = None, operator: str = "*", rationale: str = "") -> Edit:
        """Link ``source`` (the driver) to ``target``. A formula link also extends the target's
        formula with ``operator source`` (or makes ``source`` the whole formula)."""
        if self.doc.link(source, target) is not None:
            raise ModelError(f"‘{self.doc.metric(source).name}’ already drives ‘{self.doc.metric(target).name}’")
        if self.doc.link(target, source) is not None:
            raise ModelError(f"‘{self.doc.metric(target).name}’ already drives ‘{self.doc.metric(source).name}’; "
                             "a link in both directions would be a loop")
        parent = self.doc.metric(target)
        child = self.doc.metric(source)
        text = f"Link ‘{child.name}’ → ‘{parent.name}’"
        if kind is LinkKind.FORMULA:
            if operator not in ("+", "-", "*", "/"):
                raise ModelError(f"'{operator}' is not an operator; use + - * or /")
            formula = f"{parent.formula} {operator} {source}" if parent.formula else source
            if parent.formula and operator in "*/" and re.search(r"[+-]", parent.formula):
                formula = f"({parent.formula}) {operator} {source}"
            edit = self.update_metric(target, formula=formula)
            parts = list(edit.parts)  # type: ignore[attr-defined]
            if rationale:
                parts.append(SetLink(Link(source=source, target=target, kind=LinkKind.FORMULA),
                                     Link(source=source, target=target, kind=LinkKind.FORMULA, rationale=rationale)))
            return Compound(text, parts)
        if kind is LinkKind.INFLUENCE and elasticity is None:
            elasticity = 1.0
        link = Link(source=source, target=target, kind=kind, elasticity=elasticity, rationale=rationale)
        return Compound(text, [SetLink(None, link)])

    def disconnect(self, source: str, target: str) -> Edit:
        link = self.doc.link(source, target)
        if link is None:
            raise ModelError(f"‘{source}’ is not linked to ‘{target}’")
        text = f"Unlink ‘{self.doc.metric(source).name}’ → ‘{self.doc.metric(target).name}’"
        if link.kind is not LinkKind.FORMULA:
            return Compound(text, [SetLink(link, None)])
        parent = self.doc.metric(target)
        formula = _formula_without(parent.formula or "", source)
        if formula is not None and formula.strip():
            try:
                if source in parse(formula).refs:
                    formula = None
            except FormulaError:
                formula = None
            if formula is None:
                raise ModelError(f"‘{source}’ is woven into the formula of ‘{parent.name}’; "
                                 f"edit that formula to remove it")
        return Compound(text, list(self.update_metric(target, formula=formula or None).parts))  # type: ignore

    def update_link(self, source: str, target: str, **changes: Any) -> Edit:
        old = self.doc.link(source, target)
        if old is None:
            raise ModelError(f"‘{source}’ is not linked to ‘{target}’")
        new = old.with_changes(**changes)
        return Compound(f"Edit link ‘{source}’ → ‘{target}’: {_describe_fields(changes)}", [SetLink(old, new)])

    # --- scenarios, model details, settings ---------------------------------------------------

    def add_scenario(self, scenario: Scenario) -> Edit:
        return Compound(f"Add scenario ‘{scenario.name}’", [SetScenario(None, scenario)])

    def new_scenario(self, name: str, **fields: Any) -> Scenario:
        return Scenario(id=slugify(name, {s.id for s in self.doc.scenarios()}), name=name, **fields)

    def update_scenario(self, scenario_id: str, **changes: Any) -> Edit:
        old = self.doc.scenario(scenario_id)
        new = old.with_changes(**changes)
        return Compound(f"Edit scenario ‘{new.name}’", [SetScenario(old, new)])

    def remove_scenario(self, scenario_id: str) -> Edit:
        old = self.doc.scenario(scenario_id)
        return Compound(f"Delete scenario ‘{old.name}’", [SetScenario(old, None)])

    def update_info(self, **changes: Any) -> Edit:
        old = self.doc.info
        return Compound(f"Edit model {_describe_fields(changes)}", [SetInfo(old, old.with_changes(**changes))])

    def replace_info(self, info: ModelInfo) -> Edit:
        return Compound("Edit model details", [SetInfo(self.doc.info, info)])

    def replace_actuals(self, actuals: Actuals, text: str = "Update actuals") -> Edit:
        """One edit for an import or a refresh: the whole actuals section at once."""
        return Compound(text, [SetActuals(self.doc.actuals, actuals)])

    def update_simulation(self, **changes: Any) -> Edit:
        old = self.doc.simulation
        new = SimulationSettings.model_validate({**old.model_dump(), **changes})
        return Compound("Edit simulation settings", [SetSimulation(old, new)])


def _formula_without(formula: str, ref: str) -> str | None:
    """The formula with one ``ref`` and its operator removed, for simple + and * chains."""
    if formula.strip() == ref:
        return ""
    word = rf"\b{re.escape(ref)}\b"
    for pattern in (rf"\s*[-+*/]\s*{word}(?!\s*[\^(])", rf"^\s*{word}\s*[+*]\s*"):
        candidate, count = re.subn(pattern, "", formula, count=1)
        if count:
            return candidate.strip()
    return None


def _describe_fields(changes: Mapping[str, Any]) -> str:
    return ", ".join(key.replace("_", " ") for key in changes) or "no change"
