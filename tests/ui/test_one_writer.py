"""One edit, one computation, one writer: the window with every panel open recomputes the baseline
once per edit, repaints each touched card at most once, and never paints a baseline over a what-if,
whatever order the views subscribed in."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import pytest

from metricscape import io
from metricscape.derived import DerivedState
from metricscape.model import Change, ChangeMode, Document
from metricscape.sim import Engine
from metricscape.ui.binding import DocumentContext
from metricscape.ui.canvas.metric_item import MetricItem
from metricscape.ui.canvas.scene import MetricScene
from metricscape.ui.whatif.controller import WhatIfController

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> tuple[list[int], Counter[str]]:
    """Every baseline evaluation anyone makes, and every card repaint, by metric id."""
    evaluations: list[int] = []
    repaints: Counter[str] = Counter()
    baseline, repaint = Engine.baseline, MetricItem.repaint

    def counted_baseline(self: Engine):
        evaluations.append(1)
        return baseline(self)

    def counted_repaint(self: MetricItem) -> None:
        repaints[self.metric_id] += 1
        repaint(self)

    monkeypatch.setattr(Engine, "baseline", counted_baseline)
    monkeypatch.setattr(MetricItem, "repaint", counted_repaint)
    return evaluations, repaints


def test_one_edit_in_the_window_evaluates_once_and_repaints_each_card_at_most_once(window, counted) -> None:
    session = window.open_path(EXAMPLES / "music-streaming.json")
    assert session is not None
    evaluations, repaints = counted
    evaluations.clear()
    repaints.clear()
    before = {c.metric_id: c.state for c in session.scene.cards()}
    assert session.push(session.doc.plan.update_metric("signups", baseline=500_000.0, name="Sign-ups"))
    assert len(evaluations) == 1
    assert repaints and max(repaints.values()) == 1
    changed = {c.metric_id for c in session.scene.cards() if c.state != before[c.metric_id]} | {"signups"}
    assert set(repaints) == changed  # untouched cards are left alone
    star = session.doc.tree.north_star
    assert star is not None
    expected = Engine(session.doc.tree).baseline().value(star.id).value
    assert math.isclose(session.scene.card(star.id).value, expected, rel_tol=1e-12)


@pytest.mark.parametrize("scene_first", [True, False])
def test_what_if_values_are_never_painted_over_by_baseline_values(qtbot, scene_first: bool) -> None:
    doc = Document(io.load(EXAMPLES / "music-streaming.json").tree)
    state = DerivedState(doc)
    context = DocumentContext(doc, state, doc.apply)
    # Subscribe the scene and the what-if controller in either order, and an eager bystander first.
    seen: list[float | None] = []
    doc.changed.connect(lambda: seen.append(None))
    if scene_first:
        scene = MetricScene(doc, state=state)
        controller = WhatIfController(context)
    else:
        controller = WhatIfController(context)
        scene = MetricScene(doc, state=state)
    try:
        change = Change(metric="activation_rate", mode=ChangeMode.POINTS, value=5)
        controller.show_changes([change])
        star = doc.tree.north_star
        assert star is not None
        for plan in (lambda: doc.plan.update_metric("signups", baseline=450_000.0),  # numbers change
                     lambda: doc.plan.update_metric("signups", name="New sign-ups"),  # only a name
                     lambda: doc.plan.move_metrics({"signups": (40.0, 900.0)})):      # only a position
            doc.apply(plan())
            expected = Engine(doc.tree).what_if([change]).value(star.id).value
            card = scene.card(star.id)
            assert math.isclose(card.value, expected, rel_tol=1e-12)
            assert card.delta[0].startswith("+")
        assert len(seen) == 3
    finally:
        controller.close()
        scene.detach()
        state.detach()


def test_an_overlay_reaches_the_canvas_through_the_scene_alone(qapp) -> None:
    from metricscape.derived import CardMark, LinkMark, Marks, Source

    class Evidence:
        name = "evidence"

        def marks(self, facts):
            return Marks(cards={"signups": CardMark(1.0, Source.BASELINE, note="Actuals: on track")},
                         links={key: LinkMark(badge="Validated by an A/B test")})

    doc = Document(io.load(EXAMPLES / "music-streaming.json").tree)
    key = doc.tree.links[0].key
    state = DerivedState(doc)
    scene = MetricScene(doc, state=state)
    try:
        state.set_overlay(Evidence())
        assert "Validated by an A/B test" in scene.link_item(key).toolTip()
        assert "Actuals: on track" in scene.card("signups").toolTip()
        state.clear_overlay("evidence")
        assert "Validated" not in scene.link_item(key).toolTip()
    finally:
        scene.detach()
        state.detach()
