"""Issue 14 item 6: links run around cards, never through them, and a guard link is drawn from the
guardrail's side to the side of the metric it guards, with its arrow there."""

from __future__ import annotations

from PySide6.QtCore import QPointF

from metricscape.model import Link, LinkKind, Metric, MetricKind, MetricTree, Position
from metricscape.ui.session import DocumentSession

GUARD_CHOICE = "Guardrail: watches it for gaming"


def row_tree() -> MetricTree:
    """A guarded metric, a card in the way, and a guardrail further along the same row; below, a
    driver whose straight curve to the north star would cross the card in the middle row."""
    metrics = (
        Metric(id="star", name="Orders delivered", kind=MetricKind.NORTH_STAR, baseline=100,
               position=Position(x=0, y=0)),
        Metric(id="speed", name="Average delivery time", baseline=30, unit="min", position=Position(x=0, y=300)),
        Metric(id="between", name="Restaurants live", baseline=7, unit="%", position=Position(x=260, y=300)),
        Metric(id="refunds", name="Refund rate", kind=MetricKind.GUARDRAIL, baseline=0.02, unit="%",
               position=Position(x=520, y=300)),
        Metric(id="blocker", name="Courier hours", baseline=5, position=Position(x=20, y=600)),
        Metric(id="deep", name="Courier sign-ups", baseline=9, position=Position(x=20, y=900)),
    )
    links = (Link(source="speed", target="star", kind=LinkKind.INFLUENCE, elasticity=0.5),
             Link(source="deep", target="star", kind=LinkKind.INFLUENCE, elasticity=0.2))
    return MetricTree(metrics=metrics, links=links)


def samples_inside_cards(scene, link_item) -> list[str]:
    """Which other cards the drawn path passes through (sampled independently of the router)."""
    path = link_item._path
    hits = []
    for card in scene.cards():
        if card in (link_item.source, link_item.target):
            continue
        rect = card.scene_card_rect()
        if any(rect.contains(path.pointAtPercent(i / 200)) for i in range(1, 200)):
            hits.append(card.metric_id)
    return hits


def test_a_guard_link_goes_around_the_card_in_between_and_arrives_at_the_side(window) -> None:
    session = DocumentSession(row_tree())
    window.add_session(session)
    window.current_tab.controller.link("refunds", "speed", GUARD_CHOICE)
    scene = session.scene
    link = scene.link_item(("refunds", "speed"))
    assert samples_inside_cards(scene, link) == []
    # moving the card out of the way lets the guard run straight beside its row
    session.push(session.doc.plan.move_metrics({"between": (260, 700)}))
    link = scene.link_item(("refunds", "speed"))
    assert samples_inside_cards(scene, link) == []
    speed = scene.card("speed").scene_card_rect()
    end = link.path_end()
    assert end.x() == speed.right() and speed.top() < end.y() < speed.bottom()  # into its side
    start = link.path_start()
    assert start.x() == scene.card("refunds").scene_card_rect().left()  # out of the guardrail's side
    tip = link._arrow.at(0)
    assert tip == end and all(p.x() > end.x() for p in (link._arrow.at(1), link._arrow.at(2)))


def test_a_driver_link_detours_around_a_card_in_its_way(window) -> None:
    session = DocumentSession(row_tree())
    window.add_session(session)
    scene = session.scene
    link = scene.link_item(("deep", "star"))
    assert samples_inside_cards(scene, link) == []
    assert link.path_end().y() == scene.card("star").scene_card_rect().bottom()  # still into the parent
    # the plain link right above it keeps the usual curve from the driver's top
    plain = scene.link_item(("speed", "star"))
    assert plain.path_start() == QPointF(scene.card("speed").scene_card_rect().center().x(),
                                         scene.card("speed").scene_card_rect().top())
