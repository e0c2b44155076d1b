"""Builds the edits behind every user action, keeping the model consistent.

A planner reads the document but never changes it: each method returns an Edit that, applied,
performs the whole action as one undo step (removing a metric also removes its links, clears
the formulas that used it and the references to it in risks, scenarios and correlations).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from graphlib import TopologicalSorter
from typing import TYPE_CHECKING, Any

from . import guardrails, renaming
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
from .formula import append_term, parse, remove_ref, rename_refs
from .link import Link, LinkKind
from .metadata import UNTITLED, ModelInfo, SimulationSettings
from .metric import Metric, MetricKind, Position, slugify
from .numbers import is_rate
from .scenario import Scenario

if TYPE_CHECKING:
    from .document import Document


PASTE_OFFSET = 40.0  # a pasted copy lands down and to the right of its original


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

    def update_metric(self, metric_id: str, **changes: Any) -> Compound:
        if set(changes) == {"name"}:  # the id may follow the new name
            return self.rename(metric_id, changes["name"])
        old = self.doc.metric(metric_id)
        if "formula" in changes and "unit" not in changes and not old.unit and self._rate_formula(changes["formula"]):
            changes = {**changes, "unit": "%"}  # shares of shares are a share: the card reads 85.6 %, not 0.856
        new = old.with_changes(**changes)
        parts: list[Edit] = [SetMetric(old, new)]
        if new.formula != old.formula:
            parts += self._formula_link_edits(old, new)
        return Compound(f"Edit ‘{new.name}’: {_describe_fields(changes)}", parts)

    def rename(self, metric_id: str, name: str, saved_ids: Collection[str] | None = None) -> Compound:
        """A new name; the id follows it while ``renaming.id_follows_name`` allows (a metric not in
        the saved file whose id was made from its name): 'New input 2' becomes 'cancellation_rate'."""
        old = self.doc.metric(metric_id)
        text = f"Rename ‘{old.name}’ to ‘{name}’"
        named = old.with_changes(name=name)
        parts: list[Edit] = [SetMetric(old, named)]
        info = self.doc.info
        if old.kind is MetricKind.NORTH_STAR and info.name in (UNTITLED, old.name):
            # an unnamed model takes its north star's name: exports and the save dialog say it
            parts.append(SetInfo(info, info.with_changes(name=name)))
        saved = self.doc.saved_ids if saved_ids is None else saved_ids
        if renaming.id_follows_name(self.doc, metric_id, saved):
            new_id = slugify(name, self.doc.ids() - {metric_id})
            if new_id != metric_id:
                parts.append(renaming.rename_id(self.doc, metric_id, new_id, current=named))
        return Compound(text, parts)

    def rename_id(self, metric_id: str, new_id: str) -> Edit:
        """*Rename id…*: every formula, link, risk, scenario, correlation, actuals mapping and
        experiment lift that names ``metric_id`` names ``new_id`` instead, as one undo step."""
        return renaming.rename_id(self.doc, metric_id, new_id)

    def _rate_formula(self, formula: object) -> bool:
        """Products, complements and sums of rates only, e.g. ``(1 - cancellation_rate) * uptime``."""
        if not isinstance(formula, str) or not formula.strip() or any(op in formula for op in ("/", "^", "**")):
            return False
        try:
            refs = parse(formula).refs
        except FormulaError:
            return False
        return bool(refs) and all(self.doc.has_metric(r) and is_rate(self.doc.metric(r).unit) for r in refs)

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

    def paste(self, data: Mapping[str, Any], offset: float = PASTE_OFFSET) -> tuple[Compound, list[str]]:
        """One edit that adds a copied fragment (``{"metrics": [...], "links": [...]}``, as JSON data)
        with the links among its metrics; also the new ids, in order. A metric whose id is taken gets
        a fresh one and formulas follow; a formula using a metric that was not copied is dropped (the
        card stays); a second north star becomes an input."""
        doc = self.doc
        taken = set(doc.ids())
        has_star = any(m.kind is MetricKind.NORTH_STAR for m in doc.metrics())
        renamed: dict[str, str] = {}
        plain: list[Metric] = []
        formulas: dict[str, str] = {}
        for raw in data["metrics"]:
            metric = Metric.model_validate(raw)
            new_id = slugify(metric.name, taken) if metric.id in taken else metric.id
            taken.add(new_id)
            renamed[metric.id] = new_id
            changes: dict[str, Any] = {"id": new_id, "formula": None,
                                       "position": Position(x=metric.position.x + offset, y=metric.position.y + offset)}
            if metric.kind is MetricKind.NORTH_STAR:
                if has_star:
                    changes["kind"] = MetricKind.INPUT
                has_star = True
            if metric.formula:
                formulas[new_id] = metric.formula
            plain.append(metric.model_copy(update=changes))
        plain = [m.model_copy(update={"gaming_risks": tuple(
            r.model_copy(update={"counter_metric": renamed.get(r.counter_metric or "")}) for r in m.gaming_risks)})
            for m in plain]
        parts: list[Edit] = [SetMetric(None, m) for m in plain]
        by_id = {m.id: m for m in plain}
        for raw in data.get("links", []):
            link = Link.model_validate(raw)
            if link.kind is LinkKind.FORMULA or link.source not in renamed or link.target not in renamed:
                continue  # formula links follow from the formulas below
            parts.append(SetLink(None, link.model_copy(update={"source": renamed[link.source],
                                                                "target": renamed[link.target]})))
        for new_id, formula in formulas.items():
            rewritten = _renamed_formula(formula, renamed)
            if rewritten is None:
                continue  # it used metrics that were not copied: keep the card, drop the formula
            parts.append(SetMetric(by_id[new_id], by_id[new_id].with_changes(formula=rewritten)))
            for ref in parse(rewritten).refs:
                parts.append(SetLink(None, Link(source=ref, target=new_id, kind=LinkKind.FORMULA)))
        count = len(plain)
        text = f"Paste ‘{plain[0].name}’" if count == 1 else f"Paste {count} metrics"
        return Compound(text, parts), [m.id for m in plain]

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
            formula = append_term(parent.formula, operator, source)
            edit = self.update_metric(target, formula=formula)
            formula_parts = list(edit.parts)
            if rationale:
                formula_parts.append(SetLink(Link(source=source, target=target, kind=LinkKind.FORMULA),
                                     Link(source=source, target=target, kind=LinkKind.FORMULA, rationale=rationale)))
            return Compound(text, formula_parts)
        if kind is LinkKind.INFLUENCE and elasticity is None:
            elasticity = 1.0
        link = Link(source=source, target=target, kind=kind, elasticity=elasticity, rationale=rationale)
        parts: list[Edit] = [SetLink(None, link)]
        if kind is LinkKind.GUARD:  # the guarded metric's open gaming risk gets this counter-metric
            parts += guardrails.fill_counter_from_link(self.doc, source, target)
        return Compound(text, parts)

    def disconnect(self, source: str, target: str) -> Edit:
        link = self.doc.link(source, target)
        if link is None:
            raise ModelError(f"‘{self._name(source)}’ is not linked to ‘{self._name(target)}’")
        text = f"Unlink ‘{self.doc.metric(source).name}’ → ‘{self.doc.metric(target).name}’"
        if link.kind is not LinkKind.FORMULA:
            return Compound(text, [SetLink(link, None)])
        parent = self.doc.metric(target)
        child_name = self._name(source)
        try:
            formula = remove_ref(parent.formula or "", source)
        except FormulaError:
            formula = None
        if formula is None or (formula and source in parse(formula).refs):
            raise ModelError(f"‘{child_name}’ is woven into the formula of ‘{parent.name}’; "
                             f"edit that formula to remove it")
        return Compound(text, list(self.update_metric(target, formula=formula or None).parts))

    def update_link(self, source: str, target: str, **changes: Any) -> Edit:
        old = self.doc.link(source, target)
        if old is None:
            raise ModelError(f"‘{self._name(source)}’ is not linked to ‘{self._name(target)}’")
        new = old.with_changes(**changes)
        return Compound(f"Edit link ‘{self._name(source)}’ → ‘{self._name(target)}’: {_describe_fields(changes)}",
                        [SetLink(old, new)])

    def _name(self, metric_id: str) -> str:
        return self.doc.metric(metric_id).name if self.doc.has_metric(metric_id) else metric_id

    # --- guardrails (see guardrails.py) -------------------------------------------------------

    def add_guardrail(self, metric_id: str, name: str, risk_index: int | None = None) -> tuple[Metric, Edit]:
        """A new guardrail beside ``metric_id``, guarding it, as the counter-metric of that risk."""
        guarded = self.doc.metric(metric_id)
        guardrail = self.new_metric(name, kind=MetricKind.GUARDRAIL,
                                    position=guardrails.spot_beside(self.doc, guarded))
        return guardrail, guardrails.add_guardrail(self.doc, guardrail, metric_id, risk_index)

    def set_counter_metric(self, metric_id: str, risk_index: int, counter_id: str | None) -> Edit:
        return guardrails.set_counter_metric(self.doc, metric_id, risk_index, counter_id)

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


def _describe_fields(changes: Mapping[str, Any]) -> str:
    return ", ".join(key.replace("_", " ") for key in changes) or "no change"


def _renamed_formula(formula: str, renamed: dict[str, str]) -> str | None:
    try:
        refs = parse(formula).refs
    except FormulaError:
        return None
    if any(ref not in renamed for ref in refs):
        return None
    return rename_refs(formula, renamed)
