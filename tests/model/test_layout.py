"""The tidy tree layout: no overlaps, parents centred, shared inputs placed once, guardrails beside."""

from __future__ import annotations

import random
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from metricscape.model import Link, LinkKind, Metric, MetricKind, MetricTree
from metricscape.model.layout import H_GAP, card_size, tidy_layout


def tree_of(parents: dict[str, list[str]], star: str = "ns", guards: dict[str, str] | None = None,
            formulas: dict[str, str] | None = None) -> MetricTree:
    """``parents`` maps each metric to the metrics it drives (influence links), in file order."""
    ids = list(dict.fromkeys([star, *parents, *(p for ps in parents.values() for p in ps), *(guards or {})]))
    formulas = formulas or {}
    metrics = tuple(Metric(id=i, name=i, formula=formulas.get(i),
                           kind=MetricKind.NORTH_STAR if i == star else
                           MetricKind.GUARDRAIL if i in (guards or {}) else MetricKind.INPUT) for i in ids)
    links = [Link(source=c, target=p, kind=LinkKind.INFLUENCE, elasticity=1.0)
             for c, ps in parents.items() for p in ps if c not in (formulas.get(p) or "")]
    links += [Link(source=g, target=t, kind=LinkKind.GUARD) for g, t in (guards or {}).items()]
    return MetricTree(metrics=metrics, links=tuple(links))


def rects(tree: MetricTree, positions: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float, float, float]]:
    kinds = {m.id: m.kind for m in tree.metrics}
    return {i: (x, y, x + card_size(kinds[i])[0], y + card_size(kinds[i])[1]) for i, (x, y) in positions.items()}


def assert_no_overlap(boxes: dict[str, tuple[float, float, float, float]]) -> None:
    by_row: dict[float, list[tuple[float, float, str]]] = {}
    for i, (x0, y0, x1, _y1) in boxes.items():
        by_row.setdefault(y0, []).append((x0, x1, i))
    for row in by_row.values():
        row.sort()
        for (_a0, a1, a), (b0, _b1, b) in pairwise(row):
            assert b0 - a1 >= H_GAP - 1e-6, f"{a} and {b} overlap or touch"
    ys = sorted(by_row)
    for upper, lower in pairwise(ys):  # rows never overlap vertically either
        assert max(boxes[i][3] for _, _, i in by_row[upper]) < lower


def centre_x(box: tuple[float, float, float, float]) -> float:
    return (box[0] + box[2]) / 2


def test_parent_is_centred_over_its_children_and_children_sit_one_level_down() -> None:
    tree = tree_of({"a": ["ns"], "b": ["ns"], "c": ["ns"], "a1": ["a"], "a2": ["a"]})
    boxes = rects(tree, tidy_layout(tree))
    assert centre_x(boxes["ns"]) == (centre_x(boxes["a"]) + centre_x(boxes["c"])) / 2
    assert centre_x(boxes["a"]) == (centre_x(boxes["a1"]) + centre_x(boxes["a2"])) / 2
    assert boxes["a"][1] == boxes["b"][1] == boxes["c"][1] > boxes["ns"][1]
    assert boxes["a1"][1] > boxes["a"][1]
    assert [i for i, _ in sorted(((i, centre_x(boxes[i])) for i in "abc"), key=lambda t: t[1])] == ["a", "b", "c"]
    assert_no_overlap(boxes)


def test_a_shared_input_is_placed_once_under_its_first_parent() -> None:
    tree = tree_of({"a": ["ns"], "b": ["ns"], "shared": ["a", "b"], "b1": ["b"]})
    positions = tidy_layout(tree)
    boxes = rects(tree, positions)
    assert set(positions) == {m.id for m in tree.metrics}
    assert boxes["shared"][0] < boxes["b1"][0]  # under a, which comes first
    assert centre_x(boxes["a"]) == centre_x(boxes["shared"])
    assert_no_overlap(boxes)


def test_a_guardrail_sits_beside_the_metric_it_guards() -> None:
    tree = tree_of({"a": ["ns"], "b": ["ns"]}, guards={"churn": "a"})
    boxes = rects(tree, tidy_layout(tree))
    assert boxes["churn"][1] == boxes["a"][1]
    assert boxes["churn"][0] == boxes["a"][2] + H_GAP
    assert_no_overlap(boxes)


def test_unconnected_trees_stand_side_by_side_north_star_first() -> None:
    tree = tree_of({"a": ["ns"], "x1": ["x"], "x2": ["x"], "lonely": []})
    boxes = rects(tree, tidy_layout(tree))
    assert boxes["ns"][1] == boxes["x"][1] == boxes["lonely"][1]
    assert boxes["ns"][0] < boxes["lonely"][0] < boxes["x"][0]  # file order after the north star
    assert_no_overlap(boxes)


def test_formula_children_are_laid_out_like_any_driver() -> None:
    tree = tree_of({"u": ["ns"], "h": ["ns"]}, formulas={"ns": "u * h"})
    boxes = rects(tree, tidy_layout(tree))
    assert centre_x(boxes["ns"]) == (centre_x(boxes["u"]) + centre_x(boxes["h"])) / 2


def random_tree(n: int, seed: int, shared: float = 0.0) -> MetricTree:
    rnd = random.Random(seed)
    parents: dict[str, list[str]] = {}
    for i in range(1, n):
        chosen = [f"m{rnd.randrange(0, i)}"]
        if i > 2 and rnd.random() < shared:
            other = f"m{rnd.randrange(0, i)}"
            if other not in chosen:
                chosen.append(other)
        parents[f"m{i}"] = chosen
    return tree_of(parents, star="m0")


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 60), st.integers(0, 10_000), st.sampled_from([0.0, 0.3]))
def test_random_trees_and_dags_never_overlap(n: int, seed: int, shared: float) -> None:
    tree = random_tree(n, seed, shared)
    positions = tidy_layout(tree)
    assert set(positions) == {m.id for m in tree.metrics}
    assert_no_overlap(rects(tree, positions))


def test_two_thousand_metrics_are_all_placed_without_overlap() -> None:
    tree = random_tree(2000, seed=7, shared=0.1)
    positions = tidy_layout(tree)
    assert len(positions) == 2000
    assert_no_overlap(rects(tree, positions))


def test_a_10000_deep_chain_lays_out_in_memory_proportional_to_its_size():
    # Issue 16, item 3: each node kept a copy of the contour below it, O(n * depth): 1.1 GB for an SVG.
    import tracemalloc


    n = 10_000
    chain = MetricTree.model_validate({"metrics": [
        {"id": f"m{i}", "name": f"m{i}", **({"formula": f"m{i + 1} * 2"} if i < n - 1 else {"baseline": 1})}
        for i in range(n)]})
    tracemalloc.start()
    try:
        positions = tidy_layout(chain)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len({x for x, _ in positions.values()}) == 1  # a chain stands in one column
    assert peak < 50_000_000
