"""Hundreds of random edits, undos and redos on a real example: the model stays valid after every
step, a refused edit changes nothing, undoing everything gives back the first tree and redoing
everything gives back the last one."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from metricscape.model import (
    Change,
    ChangeMode,
    Correlation,
    Document,
    GamingRisk,
    LinkKind,
    MetricKind,
    MetricscapeError,
    MetricTree,
)
from metricscape.model.edits import Edit

EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "examples" / "music-streaming.json"
NAMES = ["Activation", "Churn", "Reach", "Depth", "Min", "Class", "Search success", "Retention", "NPS"]
KINDS = [MetricKind.INPUT, MetricKind.PROXY, MetricKind.GUARDRAIL, MetricKind.NORTH_STAR]


class DocumentEdits(RuleBasedStateMachine):
    @initialize()
    def open_example(self) -> None:
        envelope = json.loads(EXAMPLE.read_text(encoding="utf-8"))
        self.doc = Document(MetricTree.model_validate(envelope["model"]))
        self.initial = self.doc.tree
        self.done: list[Edit] = []
        self.undone: list[Edit] = []

    # --- helpers ----------------------------------------------------------------------------

    def ids(self) -> list[str]:
        return sorted(self.doc.ids())

    def pick(self, data: st.DataObject, count: int) -> list[str] | None:
        """``count`` distinct metric ids, or None when the model has fewer (everything was deleted)."""
        ids = self.ids()
        if len(ids) < count:
            return None
        return data.draw(st.lists(st.sampled_from(ids), min_size=count, max_size=count, unique=True))

    def attempt(self, build) -> None:  # type: ignore[no-untyped-def]
        """Plan and apply one user action; a refused action must leave the document untouched."""
        before = self.doc.tree
        try:
            edit = self.doc.apply(build())
        except MetricscapeError as exc:
            assert str(exc)
            assert self.doc.tree == before
            return
        after = self.doc.tree
        self.doc.revert(edit)  # every edit undoes on the spot...
        assert self.doc.tree == before
        self.doc.apply(edit)  # ...and redoes to the same result
        assert self.doc.tree == after
        self.done.append(edit)
        self.undone.clear()

    # --- user actions -----------------------------------------------------------------------

    @rule(name=st.sampled_from(NAMES), kind=st.sampled_from(KINDS), baseline=st.floats(0, 1e6))
    def add_metric(self, name: str, kind: MetricKind, baseline: float) -> None:
        self.attempt(lambda: self.doc.plan.add_metric(self.doc.plan.new_metric(name, kind=kind, baseline=baseline)))

    @rule(data=st.data(), baseline=st.floats(-1e6, 1e6), owner=st.sampled_from(["", "Growth", "Search"]))
    def update_metric(self, data: st.DataObject, baseline: float, owner: str) -> None:
        if picked := self.pick(data, 1):
            self.attempt(lambda: self.doc.plan.update_metric(picked[0], baseline=baseline, owner=owner))

    @rule(data=st.data())
    def change_kind(self, data: st.DataObject) -> None:
        if picked := self.pick(data, 1):
            kind = data.draw(st.sampled_from(KINDS))
            self.attempt(lambda: self.doc.plan.update_metric(picked[0], kind=kind))

    @rule(data=st.data())
    def set_formula(self, data: st.DataObject) -> None:
        ids = self.ids()
        if not ids:
            return
        target = data.draw(st.sampled_from(ids))
        refs = data.draw(st.lists(st.sampled_from(ids), min_size=0, max_size=3, unique=True))
        operators = data.draw(st.lists(st.sampled_from([" + ", " * ", " - ", " / "]), min_size=3, max_size=3))
        formula = refs[0] if refs else None
        for ref, op in zip(refs[1:], operators, strict=False):
            formula = f"({formula}){op}{ref}"
        self.attempt(lambda: self.doc.plan.update_metric(target, formula=formula))

    @rule(data=st.data())
    def add_gaming_risk(self, data: st.DataObject) -> None:
        if not (picked := self.pick(data, 2)):
            return
        metric_id, counter = picked
        risks = (GamingRisk(description="inflated by a shortcut", counter_metric=counter),)
        self.attempt(lambda: self.doc.plan.update_metric(metric_id, gaming_risks=risks))

    @rule(data=st.data())
    def remove_metrics(self, data: st.DataObject) -> None:
        doomed = data.draw(st.lists(st.sampled_from(self.ids()), max_size=3, unique=True)) if self.ids() else []
        if doomed:
            self.attempt(lambda: self.doc.plan.remove_metrics(doomed))

    @rule(data=st.data(), x=st.floats(-5000, 5000), y=st.floats(-5000, 5000))
    def move(self, data: st.DataObject, x: float, y: float) -> None:
        if picked := self.pick(data, 1):
            self.attempt(lambda: self.doc.plan.move_metrics({picked[0]: (x, y)}))

    @rule(data=st.data(), kind=st.sampled_from(list(LinkKind)), elasticity=st.floats(-2, 2),
          operator=st.sampled_from(["+", "*", "-", "/"]))
    def connect(self, data: st.DataObject, kind: LinkKind, elasticity: float, operator: str) -> None:
        if not (picked := self.pick(data, 2)):
            return
        source, target = picked
        if kind is LinkKind.INFLUENCE:
            self.attempt(lambda: self.doc.plan.connect(source, target, kind, elasticity=elasticity))
        elif kind is LinkKind.FORMULA:
            self.attempt(lambda: self.doc.plan.connect(source, target, kind, operator=operator))
        else:
            self.attempt(lambda: self.doc.plan.connect(source, target, kind))

    @rule(data=st.data())
    def disconnect(self, data: st.DataObject) -> None:
        links = sorted(link.key for link in self.doc.links())
        if links:
            source, target = data.draw(st.sampled_from(links))
            self.attempt(lambda: self.doc.plan.disconnect(source, target))

    @rule(data=st.data(), elasticity=st.floats(-3, 3), rationale=st.text(max_size=20))
    def update_link(self, data: st.DataObject, elasticity: float, rationale: str) -> None:
        links = sorted(link.key for link in self.doc.links() if link.kind is LinkKind.INFLUENCE)
        if links:
            source, target = data.draw(st.sampled_from(links))
            self.attempt(lambda: self.doc.plan.update_link(source, target, elasticity=elasticity,
                                                            rationale=rationale))

    @rule(data=st.data(), name=st.sampled_from(["Push", "Launch", "Push"]))
    def add_scenario(self, data: st.DataObject, name: str) -> None:
        metrics = data.draw(st.lists(st.sampled_from(self.ids()), max_size=3, unique=True)) if self.ids() else []
        modes = data.draw(st.lists(st.sampled_from(list(ChangeMode)), min_size=3, max_size=3))
        changes = tuple(Change(metric=m, mode=mode, value=5) for m, mode in zip(metrics, modes, strict=False))
        self.attempt(lambda: self.doc.plan.add_scenario(self.doc.plan.new_scenario(name, changes=changes)))

    @rule(data=st.data())
    def edit_or_remove_scenario(self, data: st.DataObject) -> None:
        scenarios = sorted(s.id for s in self.doc.scenarios())
        if scenarios:
            scenario_id = data.draw(st.sampled_from(scenarios))
            if data.draw(st.booleans()):
                self.attempt(lambda: self.doc.plan.remove_scenario(scenario_id))
            else:
                self.attempt(lambda: self.doc.plan.update_scenario(scenario_id, description="revised"))

    @rule(name=st.text(min_size=1, max_size=30).filter(str.strip))
    def rename_model(self, name: str) -> None:
        self.attempt(lambda: self.doc.plan.update_info(name=name))

    @rule(data=st.data(), rho=st.floats(-1, 1))
    def correlate(self, data: st.DataObject, rho: float) -> None:
        if not (picked := self.pick(data, 2)):
            return
        a, b = picked
        correlations = (*self.doc.simulation.correlations, Correlation(a=a, b=b, rho=rho))
        self.attempt(lambda: self.doc.plan.update_simulation(correlations=correlations))

    # --- undo and redo ----------------------------------------------------------------------

    @rule()
    def undo(self) -> None:
        if self.done:
            edit = self.done.pop()
            self.doc.revert(edit)
            self.undone.append(edit)

    @rule()
    def redo(self) -> None:
        if self.undone:
            edit = self.undone.pop()
            self.doc.apply(edit)
            self.done.append(edit)

    # --- what must always hold --------------------------------------------------------------

    @invariant()
    def model_stays_valid(self) -> None:
        assert MetricTree.model_validate(self.doc.tree.model_dump()) == self.doc.tree

    def teardown(self) -> None:
        if not hasattr(self, "doc"):
            return
        final = self.doc.tree
        history = list(self.done)
        for edit in reversed(history):
            self.doc.revert(edit)
        assert self.doc.tree == self.initial
        for edit in history:
            self.doc.apply(edit)
        assert self.doc.tree == final


DocumentEdits.TestCase.settings = settings(max_examples=8, stateful_step_count=60, deadline=None)
test_random_edits_undo_and_redo = DocumentEdits.TestCase
