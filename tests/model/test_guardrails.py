"""A gaming risk's counter-metric and the guard link on the canvas are kept in step by the planner."""

from __future__ import annotations

from metricscape.model import Document, GamingRisk, LinkKind, MetricKind, MetricTree
from metricscape.model.layout import card_size


def doc_with_risk(tree: MetricTree, metric_id: str) -> Document:
    doc = Document(tree)
    metric = doc.metric(metric_id)
    doc.apply(doc.plan.update_metric(metric_id, gaming_risks=(
        *metric.gaming_risks, GamingRisk(description="Count a muted tab as listening"))))
    return doc


def test_add_guardrail_is_one_edit_beside_the_metric_and_undoes_whole(tree: MetricTree) -> None:
    doc = doc_with_risk(tree, "new")
    before = doc.tree
    guardrail, edit = doc.plan.add_guardrail("new", "Muted-play share", risk_index=0)
    doc.apply(edit)
    new = doc.metric("new")
    assert doc.metric(guardrail.id).kind is MetricKind.GUARDRAIL
    assert doc.link(guardrail.id, "new").kind is LinkKind.GUARD
    assert new.gaming_risks[0].counter_metric == guardrail.id
    assert guardrail.position.y == new.position.y
    assert guardrail.position.x >= new.position.x + card_size(new.kind)[0]
    taken = [m for m in doc.metrics() if m.id != guardrail.id and m.position.y == new.position.y]
    assert all(abs(m.position.x - guardrail.position.x) >= card_size(m.kind)[0] for m in taken)
    doc.revert(edit)
    assert doc.tree == before


def test_a_drawn_guard_link_fills_the_first_open_risk_only(tree: MetricTree) -> None:
    doc = doc_with_risk(tree, "new")
    guard = next(m for m in doc.metrics() if m.kind is MetricKind.GUARDRAIL)
    doc.apply(doc.plan.connect(guard.id, "new", LinkKind.GUARD))
    assert doc.metric("new").gaming_risks[-1].counter_metric == guard.id
    # an influence link fills nothing
    doc2 = doc_with_risk(tree, "new")
    doc2.apply(doc2.plan.connect(guard.id, "new", LinkKind.INFLUENCE))
    assert doc2.metric("new").gaming_risks[-1].counter_metric is None


def test_choosing_a_counter_metric_adds_the_guard_link_once(tree: MetricTree) -> None:
    doc = doc_with_risk(tree, "new")
    other = next(m for m in doc.metrics() if m.id != "new" and doc.link(m.id, "new") is None
                 and doc.link("new", m.id) is None)
    links = len(doc.links())
    doc.apply(doc.plan.set_counter_metric("new", 0, other.id))
    assert doc.link(other.id, "new").kind is LinkKind.GUARD and len(doc.links()) == links + 1
    doc.apply(doc.plan.set_counter_metric("new", 0, None))
    doc.apply(doc.plan.set_counter_metric("new", 0, other.id))
    assert len(doc.links()) == links + 1  # the link is there already: not drawn twice
