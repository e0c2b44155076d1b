"""The bundled example models are the app's first impression and the other tests' fixtures:
they must load, be complete, and their numbers must add up."""

from __future__ import annotations

import ast
import operator
from pathlib import Path

import pytest

from metricscape.io import dumps, load
from metricscape.model import LinkKind, MetricKind, MetricTree
from metricscape.model.formula import function_name
from metricscape.model.graph import north_star, orphans
from metricscape.model.tree import parsed_formula

EXAMPLES = Path(__file__).resolve().parents[1] / "resources" / "examples"
EXPECTED = ["b2b-collaboration", "learning-app", "marketplace", "music-streaming"]
PATHS = sorted(EXAMPLES.glob("*.json"))


@pytest.fixture(params=PATHS, ids=[p.stem for p in PATHS])
def path(request: pytest.FixtureRequest) -> Path:
    return request.param


@pytest.fixture
def tree(path: Path) -> MetricTree:
    return load(path).tree


def test_the_four_examples_are_bundled() -> None:
    assert [p.stem for p in PATHS] == EXPECTED


def test_loads_and_saves_back_byte_for_byte(path: Path) -> None:
    # Opening an example and saving it must not change a byte: no diff, no "modified" surprise.
    assert dumps(load(path).tree) == path.read_text(encoding="utf-8")


def test_has_one_north_star_and_no_orphans(tree: MetricTree) -> None:
    assert north_star(tree).kind is MetricKind.NORTH_STAR
    assert orphans(tree) == []


def test_size_and_mix_of_metrics(tree: MetricTree) -> None:
    kinds = [m.kind for m in tree.metrics]
    assert 15 <= len(tree.metrics) <= 30
    assert kinds.count(MetricKind.PROXY) >= 3
    assert 2 <= kinds.count(MetricKind.GUARDRAIL) <= 4
    link_kinds = {link.kind for link in tree.links}
    assert link_kinds == {LinkKind.FORMULA, LinkKind.INFLUENCE, LinkKind.GUARD}


def test_every_input_and_proxy_documents_why_it_matters(tree: MetricTree) -> None:
    undocumented = [m.id for m in tree.metrics
                    if m.kind in (MetricKind.INPUT, MetricKind.PROXY) and len(m.rationale.strip()) < 20]
    assert undocumented == []
    assert all(m.definition.strip() and m.unit and m.owner for m in tree.metrics)


def test_every_guardrail_guards_something(tree: MetricTree) -> None:
    guarding = {link.source for link in tree.links if link.kind is LinkKind.GUARD}
    guardrails = {m.id for m in tree.metrics if m.kind is MetricKind.GUARDRAIL}
    assert guardrails == guarding


def test_gaming_risks_point_to_guardrails(tree: MetricTree) -> None:
    kinds = {m.id: m.kind for m in tree.metrics}
    risks = [(m.id, r) for m in tree.metrics for r in m.gaming_risks]
    assert len(risks) >= 5
    for metric_id, risk in risks:
        assert risk.detection and risk.mitigation, metric_id
        if risk.counter_metric is not None:
            assert kinds[risk.counter_metric] is MetricKind.GUARDRAIL, metric_id
        if risk.severity.value == "high":
            assert risk.counter_metric is not None, metric_id


def test_leaf_inputs_have_baseline_and_uncertainty(tree: MetricTree) -> None:
    computing_sources = {link.source for link in tree.links if link.kind.computes}
    for metric in tree.metrics:
        assert metric.baseline is not None, metric.id
        assert metric.baseline_as_of is not None and metric.baseline_source, metric.id
        if metric.id in computing_sources and not metric.is_computed:
            assert metric.uncertainty is not None, metric.id
        if metric.unit == "%" and metric.uncertainty is not None:
            assert metric.uncertainty.floor == 0 and metric.uncertainty.ceiling == 1, metric.id


def test_proxies_are_less_noisy_than_the_north_star(tree: MetricTree) -> None:
    star = north_star(tree)
    assert star.unit_variability is not None
    proxy_cvs = [m.unit_variability for m in tree.metrics
                 if m.kind is MetricKind.PROXY and m.unit_variability is not None]
    assert proxy_cvs and min(proxy_cvs) < star.unit_variability / 2


OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
             ast.Pow: operator.pow}


def _evaluate(node: ast.expr, values: dict[str, float]) -> float:
    """Enough arithmetic to check the examples' numbers; the engine proper lives in ``sim``."""
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        return values[node.id]
    if isinstance(node, ast.UnaryOp):
        sign = -1.0 if isinstance(node.op, ast.USub) else 1.0
        return sign * _evaluate(node.operand, values)
    if isinstance(node, ast.BinOp):
        return OPERATORS[type(node.op)](_evaluate(node.left, values), _evaluate(node.right, values))
    assert isinstance(node, ast.Call)
    raise AssertionError(f"the examples use no functions, found {function_name(node)}()")


def test_computed_baselines_match_their_formulas(tree: MetricTree) -> None:
    values = {m.id: m.baseline for m in tree.metrics}
    for metric in tree.metrics:
        if metric.formula:
            expected = _evaluate(parsed_formula(metric.formula).tree, values)  # type: ignore[arg-type]
            assert metric.baseline == pytest.approx(expected, rel=0.01), metric.id


def test_scenarios_use_every_mode(tree: MetricTree) -> None:
    assert len(tree.scenarios) >= 2
    modes = {change.mode.value for s in tree.scenarios for change in s.changes}
    assert modes == {"set", "relative", "points"}
    assert all(s.description for s in tree.scenarios)


def test_model_documentation_is_complete(tree: MetricTree) -> None:
    info = tree.info
    assert all(entry.assessed and entry.evidence for _, _, entry in info.scorecard.entries())
    assert len(info.north_star_history) >= 2
    assert all(d.reason for d in info.north_star_history)
    assert 2 <= len(info.changelog) <= 3
    assert info.north_star_history[-1].name == north_star(tree).name
    assert 1 <= len(tree.simulation.correlations) <= 2


def test_north_star_is_drawn_on_top_and_cards_do_not_overlap(tree: MetricTree) -> None:
    star = north_star(tree)
    assert all(m.position.y > star.position.y for m in tree.metrics if m is not star)
    boxes = [(m.position.x, m.position.y) for m in tree.metrics]
    for i, (x1, y1) in enumerate(boxes):
        for x2, y2 in boxes[i + 1:]:
            assert abs(x1 - x2) >= 220 or abs(y1 - y2) >= 96
