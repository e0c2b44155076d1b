"""The derived state, without Qt: one computation per edit, payloads with only what changed,
overlays that survive any edit, the same collapse rule as the exports, stale results spotted."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest

from metricscape.derived import DerivedState, Source, WhatIfOverlay
from metricscape.io import load
from metricscape.model import Change, ChangeMode, Document
from metricscape.model.rules import check
from metricscape.model.visibility import visibility
from metricscape.sim import Engine

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"
TODAY = dt.date(2026, 11, 3)


@pytest.fixture
def doc() -> Document:
    return Document(load(EXAMPLES / "music-streaming.json").tree)


@pytest.fixture
def baseline_runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts every baseline evaluation anyone makes."""
    runs: list[int] = []
    original = Engine.baseline

    def counted(self: Engine):
        runs.append(1)
        return original(self)

    monkeypatch.setattr(Engine, "baseline", counted)
    return runs


def test_one_edit_evaluates_the_baseline_exactly_once(doc: Document, baseline_runs: list[int]) -> None:
    state = DerivedState(doc, today=TODAY)
    baseline_runs.clear()
    doc.apply(doc.plan.update_metric("signups", baseline=500_000.0))
    assert len(baseline_runs) == 1
    expected = {v.metric: v.value for v in Engine(doc.tree).baseline().values}
    assert state.cards["signups"].value == 500_000.0 and state.cards["signups"].source is Source.BASELINE
    star = doc.tree.north_star
    assert star is not None and math.isclose(state.cards[star.id].value, expected[star.id])  # type: ignore[arg-type]
    assert state.cards[star.id].source is Source.FORMULA


def test_an_edit_that_changes_no_number_evaluates_nothing_and_repaints_nothing(doc: Document,
                                                                              baseline_runs: list[int]) -> None:
    state = DerivedState(doc, today=TODAY)
    payloads: list[dict] = []
    state.cards_changed.connect(payloads.append)
    versions: list[int] = []
    state.updated.connect(versions.append)
    baseline_runs.clear()
    doc.apply(doc.plan.move_metrics({"signups": (10.0, 20.0)}))
    assert baseline_runs == [] and payloads == []
    assert versions == [state.version]  # still "up to date", at the same version


def test_only_the_cards_whose_state_changed_are_in_the_payload(doc: Document) -> None:
    state = DerivedState(doc, today=TODAY)
    payloads: list[dict] = []
    state.cards_changed.connect(payloads.append)
    engine = Engine(doc.tree)
    reached = {engine.plan.ids[i] for i in engine.plan.downstream({engine.plan.index("signups"): 1.0})}
    doc.apply(doc.plan.update_metric("signups", baseline=500_000.0))
    assert len(payloads) == 1
    assert set(payloads[0]) <= reached | {"signups"}
    assert "signups" in payloads[0]


def test_the_what_if_overlay_survives_every_later_edit(doc: Document) -> None:
    state = DerivedState(doc, today=TODAY)
    change = Change(metric="signups", mode=ChangeMode.RELATIVE, value=10)
    state.set_overlay(WhatIfOverlay((change,)))
    star = doc.tree.north_star
    assert star is not None
    assert state.cards[star.id].source is Source.WHAT_IF and state.cards[star.id].delta.startswith("+")
    doc.apply(doc.plan.update_metric("premium_churn_rate", name="Churn of premium listeners"))
    doc.apply(doc.plan.update_metric("activation_rate", baseline=0.5))  # a number elsewhere
    expected = Engine(doc.tree).what_if([change]).value(star.id).value
    assert math.isclose(state.cards[star.id].value, expected, rel_tol=1e-12)  # type: ignore[arg-type]
    assert state.cards[star.id].source is Source.WHAT_IF
    state.clear_overlay("what_if")
    assert state.cards[star.id].source is Source.FORMULA and state.cards[star.id].delta == ""


def test_a_scenario_overlay_follows_edits_of_the_scenario(doc: Document) -> None:
    state = DerivedState(doc, today=TODAY)
    scenario = doc.tree.scenarios[0]
    state.set_overlay(WhatIfOverlay(scenario=scenario.id))
    star = doc.tree.north_star
    assert star is not None and state.cards[star.id].source is Source.SCENARIO
    bigger = tuple(c.model_copy(update={"value": c.value * 2}) for c in scenario.changes)
    doc.apply(doc.plan.update_scenario(scenario.id, changes=bigger))
    expected = Engine(doc.tree).scenario(scenario.id).value(star.id).value
    assert math.isclose(state.cards[star.id].value, expected, rel_tol=1e-12)  # type: ignore[arg-type]


def test_health_is_checked_once_per_edit_and_announced_only_when_findings_change(doc: Document) -> None:
    state = DerivedState(doc, today=TODAY)
    assert state.health.findings == check(doc.tree, today=TODAY).findings
    reports: list = []
    state.health_changed.connect(reports.append)
    doc.apply(doc.plan.move_metrics({"signups": (1.0, 2.0)}))
    assert reports == []
    doc.apply(doc.plan.update_metric("premium_churn_rate", last_review=dt.date(2026, 1, 5), review_cadence_days=90))
    assert len(reports) == 1
    assert any(f.rule == "overdue-review" for f in reports[0].for_metric("premium_churn_rate"))
    assert state.cards["premium_churn_rate"].health != ""


def test_collapse_hides_what_the_export_rule_hides(doc: Document) -> None:
    state = DerivedState(doc, today=TODAY)
    star = doc.tree.north_star
    assert star is not None
    driver = next(link.source for link in doc.tree.links if link.target == star.id)
    doc.apply(doc.plan.update_metric(driver, collapsed=True))
    seen = visibility(doc.tree)
    assert seen.hidden, "a collapsed driver hides its own drivers"
    assert {m for m, card in state.cards.items() if not card.visible} == set(seen.hidden)
    assert state.cards[driver].hidden_drivers == seen.hidden_drivers[driver] > 0
    assert all(not link.visible for key, link in state.links.items() if key[0] in seen.hidden)


def test_results_for_an_older_version_are_recognised_as_stale(doc: Document) -> None:
    state = DerivedState(doc, today=TODAY)
    submitted = state.version
    doc.apply(doc.plan.move_metrics({"signups": (5.0, 5.0)}))
    assert state.is_current(submitted)  # a move changes no number: results still hold
    doc.apply(doc.plan.update_metric("signups", baseline=1.0))
    assert not state.is_current(submitted)


def test_a_model_that_cannot_compute_shows_stored_values_and_says_why() -> None:
    doc = Document()
    state = DerivedState(doc, today=TODAY)
    doc.apply(doc.plan.add_metric(doc.plan.new_metric("Weekly hours")))
    only = next(iter(state.cards.values()))
    assert only.source is Source.BASELINE


def test_the_compiled_engine_serves_later_snapshots_with_the_same_numbers(doc: Document) -> None:
    state = DerivedState(doc, today=TODAY)
    live = state.live
    assert live is not None
    scenario = doc.tree.scenarios[0]
    bigger = tuple(c.model_copy(update={"value": c.value * 3}) for c in scenario.changes)
    doc.apply(doc.plan.update_scenario(scenario.id, changes=bigger, name="Bolder"))
    assert state.live is live  # a scenario edit changes no metric's numbers: nothing recompiled
    shared = live.engine_for(doc.tree).compare([scenario.id])
    fresh = Engine(doc.tree).compare([scenario.id])
    assert shared.evaluations[1].label == "Bolder"
    assert [v.value for v in shared.evaluations[1].values] == [v.value for v in fresh.evaluations[1].values]


class EvidenceOverlay:
    """A stand-in for the evidence work: a badge on one link and a note on one card."""

    name = "evidence"

    def __init__(self, link: tuple[str, str], metric: str) -> None:
        self.link, self.metric = link, metric

    def marks(self, facts):
        from metricscape.derived import CardMark, LinkMark, Marks

        assert facts.live is not None and facts.version >= 1
        value = facts.live.base(self.metric)
        return Marks(cards={self.metric: CardMark(value, Source.BASELINE, note="Actuals: on track")},
                     links={self.link: LinkMark(badge="Validated by an A/B test")})


def test_a_new_overlay_marks_cards_and_links_without_touching_the_rest(doc: Document) -> None:
    state = DerivedState(doc, today=TODAY)
    link = doc.tree.links[0].key
    payloads: list[dict] = []
    state.cards_changed.connect(payloads.append)
    links: list[dict] = []
    state.links_changed.connect(links.append)
    state.set_overlay(EvidenceOverlay(link, "signups"))
    assert payloads == [{"signups": state.cards["signups"]}]
    assert state.cards["signups"].notes == ("Actuals: on track",)
    assert links == [{link: state.links[link]}] and state.links[link].badge == "Validated by an A/B test"
    state.set_overlay(WhatIfOverlay((Change(metric="signups", mode=ChangeMode.RELATIVE, value=10),)))
    assert state.cards["signups"].notes == ("Actuals: on track",)  # the layers add up
    assert state.cards["signups"].source is Source.WHAT_IF       # the what-if set after it wins the value
    state.clear_overlay("evidence")
    assert state.cards["signups"].notes == () and state.links[link].badge == ""
