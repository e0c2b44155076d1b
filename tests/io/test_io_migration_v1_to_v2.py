"""The real step 1 -> 2: formula links are stored once (in the formula); nothing else is lost.

Every version-1 fixture (including copies of the four examples as they were released) is opened
through the chain and compared with the same model read directly by today's validation, which
still accepts the version-1 representation: the upgrade may only drop what the formulas restate.
"""

import copy
import json

import pytest
from io_paths import FIXTURES

from metricscape.io import dumps, load, loads
from metricscape.io.migrations import v1_to_v2
from metricscape.model import LinkKind, MetricTree

V1 = sorted((FIXTURES / "v1").glob("*.json"))


def _by_key(tree: MetricTree) -> dict:
    return {link.key: link for link in tree.links}


@pytest.mark.parametrize("path", V1, ids=lambda p: p.name)
def test_a_v1_file_opens_with_the_same_model(path):
    raw = json.loads(path.read_text(encoding="utf-8"))
    direct = MetricTree.model_validate(raw["model"])
    loaded = load(path)
    assert loaded.upgraded_from == 1
    upgraded = loaded.tree
    assert upgraded.model_dump(exclude={"links"}) == direct.model_dump(exclude={"links"})
    assert _by_key(upgraded) == _by_key(direct)


@pytest.mark.parametrize("path", V1, ids=lambda p: p.name)
def test_the_upgraded_file_no_longer_restates_plain_formula_links(path):
    raw = json.loads(path.read_text(encoding="utf-8"))
    written = json.loads(dumps(load(path).tree))
    assert written["schema_version"] == 2
    plain = [link for link in raw["model"].get("links", []) if set(link) == {"source", "target", "kind"}
             and link["kind"] == "formula"]
    kept = {(link["source"], link["target"]) for link in written["model"].get("links", [])}
    assert plain or path.name == "minimal.json", "each full v1 fixture restates formulas as links"
    assert not kept & {(link["source"], link["target"]) for link in plain}
    assert loads(dumps(load(path).tree)) == load(path).tree  # and the v2 text reads back the same


def test_a_formula_link_with_its_own_rationale_is_kept():
    tree = load(FIXTURES / "v1" / "every-field.json").tree
    link = _by_key(tree)[("listeners", "weekly_hours")]
    assert link.kind is LinkKind.FORMULA and link.rationale == "Reach"
    written = json.loads(dumps(tree))["model"]["links"]
    assert {"source": "listeners", "target": "weekly_hours", "kind": "formula", "rationale": "Reach"} in written


def test_the_step_leaves_its_input_alone_and_keeps_odd_links_for_validation():
    document = {"format": "metricscape", "schema_version": 1, "model": {
        "metrics": [], "links": [{"source": "a", "target": "b", "kind": "formula"}, "not a link"]}}
    before = copy.deepcopy(document)
    upgraded = v1_to_v2.upgrade(document)
    assert document == before
    assert upgraded["schema_version"] == 2
    assert upgraded["model"]["links"] == ["not a link"]


def test_a_formula_link_that_contradicts_the_formula_is_still_refused_clearly():
    # A v1 file whose formula link names a metric the formula does not use was broken before; it stays refused.
    text = json.dumps({"format": "metricscape", "schema_version": 1, "model": {
        "metrics": [{"id": "a", "name": "A", "formula": "b * 2"}, {"id": "b", "name": "B"},
                    {"id": "c", "name": "C"}],
        "links": [{"source": "c", "target": "a", "kind": "formula", "rationale": "old"}]}})
    with pytest.raises(Exception, match="does not use 'c'"):
        loads(text, source="old.json")
