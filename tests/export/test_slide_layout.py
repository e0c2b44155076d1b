"""The slide layout engine on its own (no writer): splitting, continuation, breadcrumbs, depth."""

from __future__ import annotations

import re

from metricscape.export.options import Detail, ExportOptions
from metricscape.export.slides import build_deck
from metricscape.export.values import MetricValues
from metricscape.model import (
    Link,
    LinkKind,
    Metric,
    MetricKind,
    MetricTree,
    ModelInfo,
    SimulationSettings,
)


def chain(n: int) -> MetricTree:
    metrics = [Metric(id="m0", name="North star", kind=MetricKind.NORTH_STAR, baseline=1.0)]
    metrics += [Metric(id=f"m{i}", name=f"Metric {i}", baseline=1.0) for i in range(1, n)]
    links = [Link(source=f"m{i}", target=f"m{i - 1}", kind=LinkKind.INFLUENCE, elasticity=0.1)
             for i in range(1, n)]
    # model_construct: the model's own validation is not what is under test here
    return MetricTree.model_construct(info=ModelInfo(name="chain"), metrics=tuple(metrics), links=tuple(links),
                                      scenarios=(), simulation=SimulationSettings())


def test_a_10000_deep_chain_is_split_without_recursion():
    tree = chain(10_000)
    deck = build_deck(tree, ExportOptions(detail=Detail.NAMES), MetricValues({m.id: 1.0 for m in tree.metrics}))
    on_slides = {card.metric_id for slide in deck.slides for card in slide.cards}
    assert on_slides == {m.id for m in tree.metrics}
    last = deck.slides[-1]
    assert last.subtitle is not None
    assert last.subtitle.lines[0].text.startswith("Overview › North star › … › Metric 99")


def test_every_continuation_points_at_the_slide_that_repeats_the_branch(make_wide_tree):
    tree = make_wide_tree(300)
    deck = build_deck(tree)
    descendants = {m.id: 0 for m in tree.metrics}
    parent = {link.source: link.target for link in tree.links}
    for metric_id in parent:  # count the drivers below each metric the slow, obvious way
        up = parent.get(metric_id)
        while up is not None:
            descendants[up] += 1
            up = parent.get(up)
    targets: set[int] = set()
    for slide in deck.slides:
        for card in slide.cards:
            if card.continues_on is None:
                continue
            targets.add(card.continues_on)
            line = card.lines[-1].text
            count = int(re.match(r"\+(\d+) metrics? · see slide (\d+)", line).group(1))
            assert line.endswith(f"see slide {card.continues_on}") and count == descendants[card.metric_id]
            target = deck.slides[card.continues_on - 1]
            assert target.cards[0].metric_id == card.metric_id  # the branch's root, repeated on top
            assert target.title.lines[0].text.startswith("What drives")
    # every branch slide is reached from a card (later parts of a split branch follow their first part)
    firsts = {s.number for s in deck.slides[1:] if not re.search(r"\(part [2-9]\d* of",
                                                                        " ".join(t.text for t in s.title.lines))}
    assert len(deck.slides) > 5 and firsts == targets


def test_levels_per_slide_are_the_users_choice(make_wide_tree):
    deck = build_deck(make_wide_tree(60), ExportOptions(levels=2))
    for slide in deck.slides:
        rows = {round(card.box.y) for card in slide.cards}
        assert len(rows) <= 2


def test_a_long_name_without_spaces_is_shown_whole_on_at_most_three_lines():
    name = "x" * 90
    tree = MetricTree(info=ModelInfo(name="t"), metrics=(Metric(id="a", name=name, kind=MetricKind.NORTH_STAR),))
    card = build_deck(tree, ExportOptions(detail=Detail.NAMES)).slides[0].cards[0]
    name_lines = [line.text for line in card.lines]
    assert "".join(name_lines) == name and len(name_lines) <= 3


def test_names_and_details_keep_the_minimum_sizes(make_wide_tree):
    for slide in build_deck(make_wide_tree(300)).slides:
        for card in slide.cards:
            assert card.lines[0].size >= 12
            assert min(line.size for line in card.lines) >= 10
