"""The semantic diff: a model against itself is empty; known edits come out as exactly those edits."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metricscape.io import load
from metricscape.model import (
    Change,
    Document,
    GamingRisk,
    LinkKind,
    MetricTree,
    NorthStarDefinition,
    Scenario,
)
from metricscape.model.diff import diff, render, summarize

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"
MUSIC = load(EXAMPLES / "music-streaming.json").tree


def changes_of(a: MetricTree, b: MetricTree) -> set[tuple[str, str]]:
    """(metric id, field) for every per-field change, plus ('+'/'-', id) for metrics added or removed."""
    d = diff(a, b)
    return ({(c.key, f.field) for c in d.metrics_changed for f in c.fields}
            | {("+", m.id) for m in d.metrics_added} | {("-", m.id) for m in d.metrics_removed})


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.stem)
def test_a_model_against_itself_is_empty(path: Path) -> None:
    tree = load(path).tree
    d = diff(tree, tree)
    assert d.is_empty(include_layout=True)
    assert render(d) == "No changes."
    assert summarize(d) == []
    flat = json.dumps(d.to_dict())
    assert json.loads(flat)["metrics"] == {"added": [], "removed": [], "changed": [], "moved": []}


def test_a_target_change_reads_as_a_pm_would_say_it() -> None:
    doc = Document(MUSIC)
    doc.apply(doc.plan.update_metric("activation_rate", target=0.7))
    d = diff(MUSIC, doc.tree)
    assert changes_of(MUSIC, doc.tree) == {("activation_rate", "target")}
    assert render(d) == "~ 7-day activation rate: target 66 % → 70 %"
    assert summarize(d) == ["Target changed: 7-day activation rate"]
    assert d.to_dict()["metrics"]["changed"] == [{"id": "activation_rate", "name": "7-day activation rate", "fields": [
        {"field": "target", "old": 0.66, "new": 0.7}]}]


def test_a_sequence_of_known_edits_lists_exactly_those_edits() -> None:
    doc = Document(MUSIC)
    doc.apply(doc.plan.update_metric("signups", name="Weekly registrations"))
    doc.apply(doc.plan.update_metric("weekly_listening_hours", formula="weekly_active_listeners * sessions_per_listener "
                                                        "* minutes_per_session / 60 * 1.01"))
    doc.apply(doc.plan.update_metric("skip_rate", rationale="Skips mean the recommendation missed.",
                      gaming_risks=(GamingRisk(description="Hide the skip button", severity="high"),)))
    referral = doc.plan.new_metric("Referral invites", unit="invites", baseline=1000.0)
    doc.apply(doc.plan.add_metric(referral))
    doc.apply(doc.plan.connect(referral.id, "signups", LinkKind.INFLUENCE, elasticity=0.2))
    doc.apply(doc.plan.remove_metrics(["offline_downloads_per_listener"]))
    doc.apply(doc.plan.update_link("time_to_first_play", "activation_rate", elasticity=-0.2))
    doc.apply(doc.plan.add_scenario(Scenario(id="referrals", name="Referral push", changes=(Change(metric=referral.id, value=20),))))
    doc.apply(doc.plan.remove_scenario("better_search"))
    doc.apply(doc.plan.update_info(north_star_history=(*MUSIC.info.north_star_history,
                                        NorthStarDefinition(name="Weekly listening hours (30 s plays)",
                                                            adopted_on=dt.date(2026, 11, 1)))))
    doc.apply(doc.plan.move_metrics({"skip_rate": (10.0, 20.0)}))
    after = doc.tree
    d = diff(MUSIC, after)

    assert changes_of(MUSIC, after) == {
        ("signups", "name"), ("weekly_listening_hours", "formula"), ("skip_rate", "rationale"),
        ("skip_rate", "gaming_risks"), ("+", "referral_invites"), ("-", "offline_downloads_per_listener")}
    assert [link.key for link in d.links_added] == [("referral_invites", "signups")]
    assert [link.key for link in d.links_removed] == [("offline_downloads_per_listener", "sessions_per_listener")]
    assert [(c.key, [f.field for f in c.fields]) for c in d.links_changed] == [
        ("time_to_first_play->activation_rate", ["elasticity"])]
    assert [s.id for s in d.scenarios_added] == ["referrals"] and [s.id for s in d.scenarios_removed] == [
        "better_search"]
    assert [f.field for f in d.info] == ["north_star_history"]
    assert d.moved == ["skip_rate"] and d.simulation == []
    assert [c.key for c in d.renamed] == ["signups"]
    assert summarize(d) == [
        "Added metrics: Referral invites",
        "Removed metrics: Offline downloads per listener",
        "Renamed: Weekly sign-ups → Weekly registrations",
        "Formula changed: Weekly listening hours",
        "Rationale updated: Skip rate",
        "Gaming risks updated: Skip rate",
        "Links: 1 added, 1 removed, 1 changed",
        "Added scenarios: Referral push",
        "Removed scenarios: Search ranking v4",
        "North-star definition changed",
    ]
    text = render(d)
    assert "~ Renamed \"Weekly sign-ups\" → \"Weekly registrations\"" in text
    assert "+ Added metric \"Referral invites\" (input)" in text
    assert "+ Link Referral invites → Weekly registrations (influence, elasticity 0.2)" in text
    assert "(1 card moved on the canvas)" in text


def test_the_reverse_diff_swaps_added_and_removed() -> None:
    doc = Document(MUSIC)
    doc.apply(doc.plan.remove_metrics(["skip_rate"]))
    forward, backward = diff(MUSIC, doc.tree), diff(doc.tree, MUSIC)
    assert [m.id for m in forward.metrics_removed] == [m.id for m in backward.metrics_added] == ["skip_rate"]
    assert [link.key for link in forward.links_removed] == [link.key for link in backward.links_added]


def test_scorecard_changes_are_listed_per_question() -> None:
    doc = Document(MUSIC)
    scorecard = MUSIC.info.scorecard.model_copy(update={"breadth": MUSIC.info.scorecard.breadth.model_copy(
        update={"rating": 2})})
    doc.apply(doc.plan.update_info(scorecard=scorecard))
    d = diff(MUSIC, doc.tree)
    assert [(f.field, f.new) for f in d.info] == [("scorecard.breadth.rating", 2)]
    assert summarize(d) == ["Scorecard updated: breadth"]
    assert render(d).startswith("~ Model: scorecard: breadth: rating")


EDITABLE = {
    "owner": st.text(min_size=1, max_size=20).filter(str.strip),
    "target": st.floats(min_value=0, max_value=1e6, allow_nan=False),
    "baseline_source": st.text(min_size=1, max_size=30),
    "notes": st.text(min_size=1, max_size=50),
    "unit_variability": st.floats(min_value=0.01, max_value=5),
    "review_cadence_days": st.integers(min_value=1, max_value=3660),
}


@settings(max_examples=60, deadline=None)
@given(metric_index=st.integers(0, len(MUSIC.metrics) - 1), data=st.data())
def test_any_single_field_edit_comes_out_as_exactly_that_field(metric_index: int, data: st.DataObject) -> None:
    metric = MUSIC.metrics[metric_index]
    field = data.draw(st.sampled_from(sorted(EDITABLE)))
    value = data.draw(EDITABLE[field])
    doc = Document(MUSIC)
    doc.apply(doc.plan.update_metric(metric.id, **{field: value}))
    expected = set() if getattr(metric, field) == getattr(doc.tree.metric(metric.id), field) else {(metric.id, field)}
    assert changes_of(MUSIC, doc.tree) == expected
    assert (len(summarize(diff(MUSIC, doc.tree))) == 1) == bool(expected)
    json.dumps(diff(MUSIC, doc.tree).to_dict())  # always serialisable


def test_lists_in_a_field_show_what_was_added_and_removed() -> None:
    doc = Document(MUSIC)
    risks = MUSIC.metric("activation_rate").gaming_risks
    doc.apply(doc.plan.update_metric("activation_rate", gaming_risks=(*risks, GamingRisk(description="Count a 5 s play",
                                                                          severity="high"))))
    doc.apply(doc.plan.update_scenario("onboarding_revamp", changes=MUSIC.scenario("onboarding_revamp").changes[1:]))
    removed = MUSIC.scenario("onboarding_revamp").changes[0]
    assert render(diff(MUSIC, doc.tree)).splitlines() == [
        "~ 7-day activation rate: gaming risks: added Count a 5 s play (high)",
        f"~ Scenario \"Onboarding revamp\": changes: removed {removed.metric} {removed.mode.describe(removed.value)}",
    ]
