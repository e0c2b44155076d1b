"""Evidence on links and the experiment ledger in the model: validation, adoption as one undo step, files."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from metricscape.io import dumps, loads
from metricscape.model import Document, MetricTree, ModelError
from metricscape.model.adopt import adopt_evidence
from metricscape.model.evidence import Evidence
from metricscape.model.experiments import Experiment, Lift

EVIDENCE = Evidence(method="weekly changes of logs", estimate=0.45, low=0.3, high=0.6, periods=104,
                    recorded_on=dt.date(2026, 11, 30))


def shop() -> MetricTree:
    return MetricTree.model_validate({
        "metrics": [{"id": "revenue", "name": "Revenue", "kind": "north_star", "formula": "orders * 20"},
                    {"id": "orders", "name": "Orders"}, {"id": "visits", "name": "Visits", "kind": "proxy"}],
        "links": [{"source": "visits", "target": "orders", "elasticity": 0.8, "elasticity_low": 0.5,
                   "elasticity_high": 1.0, "rationale": "More visits, more orders"}]})


def test_adopting_an_estimate_sets_elasticity_range_and_evidence_in_one_undoable_edit() -> None:
    doc = Document(shop())
    before = doc.link("visits", "orders")
    edit = adopt_evidence(doc, "visits", "orders", EVIDENCE)
    doc.apply(edit)
    after = doc.link("visits", "orders")
    assert after is not None and before is not None
    assert (after.elasticity, after.elasticity_low, after.elasticity_high) == (0.45, 0.3, 0.6)
    assert after.evidence == EVIDENCE and after.rationale == before.rationale
    assert "Adopt the estimated elasticity" in edit.text
    doc.revert(edit)
    assert doc.link("visits", "orders") == before


def test_only_influence_links_take_evidence() -> None:
    doc = Document(shop())
    with pytest.raises(ModelError, match="formula link"):
        adopt_evidence(doc, "orders", "revenue", EVIDENCE)
    with pytest.raises(ModelError, match="not linked"):
        adopt_evidence(doc, "revenue", "visits", EVIDENCE)
    wild = EVIDENCE.model_copy(update={"low": -150.0})
    with pytest.raises(ModelError, match="beyond ±100"):
        adopt_evidence(doc, "visits", "orders", wild)


def test_evidence_must_hold_its_estimate_within_its_interval() -> None:
    with pytest.raises(ValidationError, match="must lie between"):
        Evidence(method="m", estimate=0.9, low=0.3, high=0.6, periods=10, recorded_on=dt.date(2026, 1, 1))


def test_the_ledger_rejects_what_cannot_be_true() -> None:
    with pytest.raises(ValidationError, match="ends .* before it starts"):
        Experiment(name="A", start=dt.date(2026, 2, 1), end=dt.date(2026, 1, 1),
                   lifts=(Lift(metric="visits", lift=0.1, se=0.01),))
    with pytest.raises(ValidationError, match="lists the metric 'visits' twice"):
        Experiment(name="A", lifts=(Lift(metric="visits", lift=0.1, se=0.01), Lift(metric="visits", lift=0.2, se=0.01)))
    with pytest.raises(ValidationError, match="greater than 0"):
        Lift(metric="visits", lift=0.1, se=0)
    twice = [Experiment(name="A", lifts=(Lift(metric="visits", lift=0.1, se=0.01),))] * 2
    with pytest.raises(ValidationError, match="the name 'A' is used twice"):
        MetricTree.model_validate({**shop().model_dump(), "experiments": twice})


def test_evidence_and_ledger_survive_a_save_and_a_document_round_trip() -> None:
    doc = Document(shop().model_copy(update={"experiments": (
        Experiment(name="Bigger button", start=dt.date(2026, 3, 1), segment="mobile",
                   lifts=(Lift(metric="visits", lift=0.03, se=0.01), Lift(metric="revenue", lift=0.01, se=0.004))),)}))
    doc.apply(adopt_evidence(doc, "visits", "orders", EVIDENCE))
    reloaded = loads(dumps(doc.tree))
    assert reloaded.experiments == doc.tree.experiments and len(reloaded.experiments) == 1
    link = next(link for link in reloaded.links if link.key == ("visits", "orders"))
    assert link.evidence == EVIDENCE
