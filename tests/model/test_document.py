"""The Document: every action, its undo, the signals views rely on, and refusals that change nothing."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from metricscape.model import (
    Change,
    ChangeMode,
    CycleError,
    Document,
    FormulaError,
    Link,
    LinkKind,
    Metric,
    MetricKind,
    MetricTree,
    ModelError,
    Position,
    Scenario,
)
from metricscape.model.edits import Compound, SetMetric


class Recorder:
    """Counts every signal a document emits, with its arguments."""

    NAMES = ("metric_added", "metric_removed", "metric_changed", "link_added", "link_removed", "link_changed",
             "scenarios_changed", "info_changed", "simulation_changed", "changed")

    def __init__(self, doc: Document) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        for name in self.NAMES:
            getattr(doc, name).connect(lambda *args, _name=name: self.calls.append((_name, args)))

    def counts(self) -> Counter[str]:
        return Counter(name for name, _ in self.calls)

    def clear(self) -> None:
        self.calls.clear()


@pytest.fixture
def doc(tree: MetricTree) -> Document:
    return Document(tree)


@pytest.fixture
def signals(doc: Document) -> Recorder:
    return Recorder(doc)


def assert_valid(doc: Document) -> None:
    assert MetricTree.model_validate(doc.tree.model_dump()) == doc.tree


def test_add_metric_and_undo(doc: Document, signals: Recorder) -> None:
    before = doc.tree
    metric = doc.plan.new_metric("Weekly hours", unit="hours")
    assert metric.id == "weekly_hours"
    edit = doc.apply(doc.plan.add_metric(metric))
    assert doc.metric("weekly_hours").unit == "hours"
    assert signals.counts() == {"metric_added": 1, "changed": 1}
    assert signals.calls[0] == ("metric_added", (metric,))
    signals.clear()
    doc.revert(edit)
    assert doc.tree == before
    assert signals.counts() == {"metric_removed": 1, "changed": 1}


def test_new_metric_ids_never_collide(doc: Document) -> None:
    assert doc.plan.new_metric("Hours").id == "hours_2"
    assert doc.plan.new_metric("Min").id == "min_metric"  # 'min' is a formula function
    assert doc.plan.new_metric("Class").id == "class_metric"  # a Python word cannot be used in a formula


def test_add_metric_with_links_is_one_step(doc: Document, signals: Recorder) -> None:
    metric = Metric(id="search_success", name="Search success", kind=MetricKind.PROXY)
    edit = doc.apply(doc.plan.add_metric(metric, [Link(source="search_success", target="hours_per_user", elasticity=0.2)]))
    assert doc.link("search_success", "hours_per_user") is not None
    assert signals.counts()["changed"] == 1
    doc.revert(edit)
    assert not doc.has_metric("search_success") and doc.link("search_success", "hours_per_user") is None


def test_update_metric_and_undo(doc: Document, signals: Recorder) -> None:
    old = doc.metric("new")
    edit = doc.apply(doc.plan.update_metric("new", baseline=25.0, owner="Growth"))
    assert doc.metric("new").baseline == 25.0 and doc.metric("new").owner == "Growth"
    assert signals.calls[0] == ("metric_changed", (old, doc.metric("new")))
    assert "baseline" in edit.text and "owner" in edit.text
    doc.revert(edit)
    assert doc.metric("new") == old


def test_changing_a_formula_rewires_its_links(doc: Document, signals: Recorder) -> None:
    before = doc.tree
    edit = doc.apply(doc.plan.update_metric("wau", formula="new + retained + activation * 10"))
    assert doc.link("activation", "wau").kind is LinkKind.FORMULA
    assert signals.counts()["link_added"] == 1
    doc.revert(edit)
    assert doc.tree == before
    edit = doc.apply(doc.plan.update_metric("wau", formula="retained"))
    assert doc.link("new", "wau") is None
    doc.revert(edit)
    assert doc.tree == before


def test_an_invalid_edit_is_refused_and_changes_nothing(doc: Document, signals: Recorder) -> None:
    before = doc.tree
    with pytest.raises(FormulaError, match="unknown metric 'retaind' — did you mean 'retained'?"):
        doc.apply(doc.plan.update_metric("wau", formula="new + retaind"))
    with pytest.raises(ModelError, match="'Weekly hours' is already the north star"):
        doc.apply(doc.plan.update_metric("new", kind=MetricKind.NORTH_STAR))
    with pytest.raises(ModelError, match="there is no metric 'nope'"):
        doc.apply(doc.plan.update_metric("nope", baseline=1.0))
    with pytest.raises(CycleError, match="the links form a loop: activation → new → wau → hours → activation"):
        doc.apply(doc.plan.connect("hours", "activation", LinkKind.INFLUENCE, elasticity=0.1))
    assert doc.tree == before
    assert signals.calls == []


def test_a_failing_compound_edit_is_rolled_back(doc: Document) -> None:
    before = doc.tree
    good = SetMetric(doc.metric("new"), doc.metric("new").with_changes(baseline=99.0))
    bad = SetMetric(None, doc.metric("wau"))  # the id exists: fails after `good` was applied
    with pytest.raises(ModelError, match="already exists"):
        doc.apply(Compound("two parts", [good, bad]))
    assert doc.tree == before


def test_remove_metric_cleans_every_reference_and_undo_restores_all(doc: Document, signals: Recorder) -> None:
    before = doc.tree
    edit = doc.apply(doc.plan.remove_metrics(["new"]))
    assert not doc.has_metric("new")
    assert doc.metric("wau").formula is None  # the formula lost an input; undo brings it back
    assert all("new" not in link.key for link in doc.links())
    assert doc.scenario("push").changes == (Change(metric="activation", mode=ChangeMode.POINTS, value=2),)
    assert doc.simulation.correlations == ()
    assert signals.counts()["changed"] == 1
    assert_valid(doc)
    doc.revert(edit)
    assert doc.tree == before  # same content, same order: an undone delete leaves no diff in the file


def test_undo_re_adds_inputs_before_the_formulas_that_use_them(doc: Document) -> None:
    before = doc.tree
    edit = doc.apply(doc.plan.remove_metrics(["new", "wau"]))  # wau's formula uses new
    doc.revert(edit)
    assert doc.tree == before


def test_removing_a_guardrail_clears_the_counter_metrics(doc: Document) -> None:
    before = doc.tree
    edit = doc.apply(doc.plan.remove_metrics(["churn_guard"]))
    assert doc.metric("wau").gaming_risks[0].counter_metric is None
    assert doc.metric("wau").gaming_risks[0].description == "bots"
    assert_valid(doc)
    doc.revert(edit)
    assert doc.tree == before


def test_remove_several_metrics_at_once(doc: Document) -> None:
    before = doc.tree
    edit = doc.apply(doc.plan.remove_metrics(["new", "retained", "activation"]))
    assert edit.text == "Delete 3 metrics"
    assert {m.id for m in doc.metrics()} == {"hours", "wau", "hours_per_user", "churn_guard"}
    assert_valid(doc)
    doc.revert(edit)
    assert doc.tree == before


def test_move_is_one_step(doc: Document, signals: Recorder) -> None:
    edit = doc.apply(doc.plan.move_metrics({"new": (10.04, 20.0), "retained": (300.0, 20.0)}))
    assert doc.metric("new").position == Position(x=10.0, y=20.0)
    assert edit.text == "Move 2 metrics"
    assert signals.counts() == {"metric_changed": 2, "changed": 1}
    doc.revert(edit)
    assert doc.metric("new").position == Position()


def test_connect_influence_and_undo(doc: Document, signals: Recorder) -> None:
    before = doc.tree
    edit = doc.apply(doc.plan.connect("activation", "retained", LinkKind.INFLUENCE, elasticity=0.3, rationale="onboarded stay"))
    link = doc.link("activation", "retained")
    assert link.elasticity == 0.3 and link.rationale == "onboarded stay"
    assert signals.calls[0] == ("link_added", (link,))
    doc.revert(edit)
    assert doc.tree == before
    doc.apply(doc.plan.connect("activation", "retained"))
    assert doc.link("activation", "retained").elasticity == 1.0  # a neutral default the PM then adjusts


def test_connect_formula_extends_the_parent_formula(doc: Document) -> None:
    before = doc.tree
    edit = doc.apply(doc.plan.connect("activation", "wau", LinkKind.FORMULA, operator="*"))
    assert doc.metric("wau").formula == "(new + retained) * activation"
    assert doc.link("activation", "wau").kind is LinkKind.FORMULA
    doc.revert(edit)
    assert doc.tree == before
    doc.apply(doc.plan.connect("activation", "retained", LinkKind.FORMULA))
    assert doc.metric("retained").formula == "activation"
    with pytest.raises(ModelError, match="is not an operator"):
        doc.apply(doc.plan.connect("churn_guard", "hours_per_user", LinkKind.FORMULA, operator="%"))


def test_connect_twice_or_both_ways_is_refused(doc: Document) -> None:
    with pytest.raises(ModelError, match="‘Activation’ already drives ‘New users’"):
        doc.apply(doc.plan.connect("activation", "new"))
    with pytest.raises(ModelError, match="a link in both directions would be a loop"):
        doc.apply(doc.plan.connect("new", "activation"))


def test_disconnect_and_undo(doc: Document) -> None:
    before = doc.tree
    edit = doc.apply(doc.plan.disconnect("activation", "new"))
    assert doc.link("activation", "new") is None
    doc.revert(edit)
    assert doc.tree == before
    edit = doc.apply(doc.plan.disconnect("hours_per_user", "hours"))
    assert doc.metric("hours").formula == "wau"
    doc.revert(edit)
    assert doc.tree == before
    with pytest.raises(ModelError, match="is not linked to"):
        doc.apply(doc.plan.disconnect("hours", "new"))


def test_disconnect_refuses_a_link_woven_into_a_formula(doc: Document) -> None:
    doc.apply(doc.plan.update_metric("hours", formula="wau * hours_per_user / (1 + hours_per_user)"))
    with pytest.raises(ModelError, match="woven into the formula of ‘Weekly hours’"):
        doc.apply(doc.plan.disconnect("hours_per_user", "hours"))


def test_update_link_and_undo(doc: Document, signals: Recorder) -> None:
    old = doc.link("activation", "new")
    edit = doc.apply(doc.plan.update_link("activation", "new", elasticity=0.5, elasticity_low=0.2, elasticity_high=0.7))
    assert doc.link("activation", "new").elasticity_high == 0.7
    assert signals.calls[0] == ("link_changed", (old, doc.link("activation", "new")))
    doc.revert(edit)
    assert doc.link("activation", "new") == old


def test_scenarios_add_update_remove_and_undo(doc: Document, signals: Recorder) -> None:
    before = doc.tree
    scenario = doc.plan.new_scenario("Push")
    assert scenario.id == "push_2"
    added = doc.apply(doc.plan.add_scenario(scenario.with_changes(changes=[Change(metric="new", mode=ChangeMode.SET, value=30)])))
    updated = doc.apply(doc.plan.update_scenario("push_2", name="Bigger push", description="twice the budget"))
    removed = doc.apply(doc.plan.remove_scenario("push"))
    assert [s.name for s in doc.scenarios()] == ["Bigger push"]
    assert signals.counts()["scenarios_changed"] == 3
    for edit in (removed, updated, added):
        doc.revert(edit)
    assert doc.tree == before
    with pytest.raises(ModelError, match="changes an unknown metric 'nope'"):
        doc.apply(doc.plan.add_scenario(Scenario(id="x", name="X", changes=(Change(metric="nope", value=1),))))
    with pytest.raises(ModelError, match="there is no scenario 'nope'"):
        doc.apply(doc.plan.remove_scenario("nope"))


def test_info_and_simulation_edits_and_undo(doc: Document, signals: Recorder) -> None:
    before = doc.tree
    info_edit = doc.apply(doc.plan.update_info(name="Streaming", authors=("Maya",)))
    replaced = doc.apply(doc.plan.replace_info(doc.info.with_changes(description="Why we listen")))
    sim_edit = doc.apply(doc.plan.update_simulation(samples=5000, seed=7))
    assert doc.tree.info.name == "Streaming" and doc.tree.info.description == "Why we listen"
    assert doc.simulation.samples == 5000
    assert signals.counts() == {"info_changed": 2, "simulation_changed": 1, "changed": 3}
    for edit in (sim_edit, replaced, info_edit):
        doc.revert(edit)
    assert doc.tree == before


def test_changed_fires_once_per_batch(doc: Document, signals: Recorder) -> None:
    with doc.batch():
        doc.apply(doc.plan.update_metric("new", baseline=1.0))
        doc.apply(doc.plan.update_metric("retained", baseline=2.0))
    assert signals.counts()["changed"] == 1
    assert signals.counts()["metric_changed"] == 2


def test_a_slot_can_disconnect(doc: Document) -> None:
    seen: list[int] = []

    def slot() -> None:
        seen.append(1)

    doc.changed.connect(slot)
    doc.apply(doc.plan.update_metric("new", baseline=1.0))
    doc.changed.disconnect(slot)
    doc.apply(doc.plan.update_metric("new", baseline=2.0))
    assert seen == [1]


def test_snapshot_is_cached_until_the_next_edit(doc: Document) -> None:
    first = doc.tree
    assert doc.tree is first
    doc.apply(doc.plan.update_metric("new", baseline=3.0))
    assert doc.tree is not first
    assert_valid(doc)
