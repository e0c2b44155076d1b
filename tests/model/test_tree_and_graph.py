"""MetricTree validation (one north star, no loops, known ids) and the graph queries."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from pydantic import ValidationError

from metricscape.io import load
from metricscape.model import CycleError, Link, LinkKind, Metric, MetricKind, MetricTree, ModelError
from metricscape.model.graph import (
    children,
    compute_graph,
    dependents_of,
    drivers_of,
    leaves,
    north_star,
    orphans,
    topological_order,
)
from metricscape.model.tree import find_cycle


def _dump(tree: MetricTree) -> dict:
    """The tree as a file holds it, without the formula links that validation derives again."""
    data = tree.model_dump(mode="json")
    data["links"] = [link for link in data["links"] if link["kind"] != "formula"]
    return data


def test_formula_links_are_derived_from_formulas(tree: MetricTree) -> None:
    formula_links = {link.key for link in tree.links if link.kind is LinkKind.FORMULA}
    assert formula_links == {("wau", "hours"), ("hours_per_user", "hours"), ("new", "wau"), ("retained", "wau")}


def test_topological_order_puts_drivers_first(tree: MetricTree) -> None:
    order = topological_order(tree)
    assert sorted(order) == sorted(m.id for m in tree.metrics)
    for link in tree.links:
        if link.kind.computes:
            assert order.index(link.source) < order.index(link.target)


def test_drivers_and_dependents(tree: MetricTree) -> None:
    assert drivers_of(tree, "hours") == {"wau", "hours_per_user", "new", "retained", "activation"}
    assert drivers_of(tree, "new") == {"activation"}
    assert dependents_of(tree, "activation") == {"new", "wau", "hours"}
    assert dependents_of(tree, "hours") == set()
    assert "churn_guard" not in compute_graph(tree)["wau"]  # guard links compute nothing


def test_children_and_leaves(tree: MetricTree) -> None:
    assert {link.source for link in children(tree, "wau")} == {"new", "retained"}
    assert {link.source for link in children(tree, "wau", kinds=[LinkKind.GUARD])} == {"churn_guard"}
    assert set(leaves(tree)) == {"hours_per_user", "retained", "activation", "churn_guard"}


def test_guardrail_guarding_the_tree_is_not_an_orphan(tree: MetricTree) -> None:
    assert orphans(tree) == []
    data = _dump(tree)
    data["metrics"].append(Metric(id="lonely", name="Lonely").model_dump())
    assert orphans(MetricTree.model_validate(data)) == ["lonely"]


def test_without_a_north_star_everything_is_an_orphan(tree: MetricTree) -> None:
    data = _dump(tree)
    data["metrics"][0]["kind"] = "input"
    headless = MetricTree.model_validate(data)
    assert set(orphans(headless)) == {m.id for m in headless.metrics}
    with pytest.raises(ModelError, match="no north star; mark exactly one metric as the north star"):
        north_star(headless)


def test_north_star_is_found(tree: MetricTree) -> None:
    assert north_star(tree).id == "hours"
    assert tree.north_star is not None and tree.north_star.id == "hours"


def test_two_north_stars_are_refused(tree: MetricTree) -> None:
    data = _dump(tree)
    data["metrics"][1]["kind"] = "north_star"
    with pytest.raises(ValidationError, match=r"2 north star metrics \(hours, wau\)"):
        MetricTree.model_validate(data)
    constructed = MetricTree.model_construct(metrics=(tree.metrics[0], tree.metrics[1].with_changes(
        kind=MetricKind.NORTH_STAR)))
    with pytest.raises(ModelError, match="2 north stars"):
        north_star(constructed)


def test_a_loop_is_refused_and_named(tree: MetricTree) -> None:
    data = _dump(tree)
    data["links"].append(Link(source="hours", target="activation", kind=LinkKind.INFLUENCE,
                              elasticity=0.1).model_dump())
    with pytest.raises(CycleError) as caught:
        MetricTree.model_validate(data)
    loop = caught.value.cycle
    assert set(loop) == {"hours", "activation", "new", "wau"}
    assert "the links form a loop" in str(caught.value)
    # named in the links' direction: each id drives the next (formula links included)
    edges = {(link["source"], link["target"]) for link in data["links"]} | {("new", "wau"), ("wau", "hours")}
    assert all((a, b) in edges for a, b in zip(loop, [*loop[1:], loop[0]], strict=True))
    assert find_cycle(tree.links) == []
    assert " → ".join([*loop, loop[0]]) in str(caught.value)


def test_a_guard_link_never_makes_a_loop(tree: MetricTree) -> None:
    data = _dump(tree)
    data["links"].append(Link(source="hours", target="churn_guard", kind=LinkKind.GUARD).model_dump())
    assert len(MetricTree.model_validate(data).links) == len(tree.links) + 1


@pytest.mark.parametrize(("mutate", "message"), [
    (lambda d: d["metrics"].append(dict(d["metrics"][2])), "the id 'hours_per_user' is used twice"),
    (lambda d: d["metrics"][1].update(formula="new + retaind"),
     r"metrics\[1\].formula of 'wau' at column 7: unknown metric 'retaind' — did you mean 'retained'?"),
    (lambda d: d["metrics"][1].update(formula="wau + 1"), "uses 'wau' itself"),
    (lambda d: d["metrics"][1]["gaming_risks"][0].update(counter_metric="nope"), "unknown counter-metric 'nope'"),
    (lambda d: d["links"].append({"source": "nope", "target": "wau", "kind": "guard"}), "unknown metric 'nope'"),
    (lambda d: d["links"].append({"source": "churn_guard", "target": "wau", "kind": "guard"}),
     "two links from 'churn_guard' to 'wau'"),
    (lambda d: d["links"].append({"source": "activation", "target": "wau", "kind": "formula"}),
     "the formula of 'wau' does not use 'activation'"),
    (lambda d: d["links"].append({"source": "new", "target": "wau", "kind": "influence", "elasticity": 1}),
     "must be of kind 'formula', not 'influence'"),
    (lambda d: d["scenarios"][0]["changes"][0].update(metric="nope"), r"scenarios\[0\].changes\[0\]: unknown"),
    (lambda d: d["simulation"]["correlations"][0].update(b="nope"), r"correlations\[0\]: unknown metric 'nope'"),
    (lambda d: d["scenarios"].append(dict(d["scenarios"][0])), "two scenarios share an id"),
])
def test_broken_references_are_named(tree: MetricTree, mutate, message: str) -> None:
    data = _dump(tree)
    mutate(data)
    with pytest.raises(ValidationError, match=message):
        MetricTree.model_validate(data)


def test_explicit_formula_links_keep_their_rationale(tree: MetricTree) -> None:
    data = _dump(tree)
    data["links"].append({"source": "new", "target": "wau", "kind": "formula", "rationale": "fresh reach"})
    rebuilt = MetricTree.model_validate(data)
    (link,) = [link for link in rebuilt.links if link.key == ("new", "wau")]
    assert link.rationale == "fresh reach"


def test_round_trip_through_a_dump_is_identical(tree: MetricTree) -> None:
    assert MetricTree.model_validate(tree.model_dump(mode="json")) == tree


EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "resources" / "examples").glob("*.json"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_order_and_orphans_agree_with_networkx_on_the_examples(path: Path) -> None:
    """The start-up path walks the graph without networkx (graphlib and a plain walk): networkx,
    an independent implementation, must give the same order (file order breaks ties) and orphans."""
    tree = load(path).tree
    graph = nx.DiGraph()
    graph.add_nodes_from(m.id for m in tree.metrics)
    graph.add_edges_from(link.key for link in tree.links if link.kind.computes)
    position = {m.id: i for i, m in enumerate(tree.metrics)}
    assert topological_order(tree) == list(nx.lexicographical_topological_sort(graph, key=position.__getitem__))
    star = tree.north_star
    assert star is not None
    connected = nx.ancestors(graph, star.id) | {star.id}
    guards = {link.source for link in tree.links if link.kind is LinkKind.GUARD and link.target in connected}
    assert orphans(tree) == [m.id for m in tree.metrics if m.id not in connected | guards]
