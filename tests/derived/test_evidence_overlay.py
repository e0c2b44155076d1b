"""The evidence overlay: a badge per influence link from the series, judged against what the link
states now, or from the evidence recorded on the link."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
import statsmodels.api as sm
from evidence_app_trees import STATED_SIGNUPS, changes, evidence_tree

from metricscape.derived import DerivedState
from metricscape.derived.evidence import EvidenceOverlay, compute_evidence
from metricscape.model import Document, MetricTree
from metricscape.model.evidence import Evidence


@pytest.fixture(scope="module")
def report():
    return compute_evidence(evidence_tree())


def test_one_link_is_supported_and_one_contradicted(report) -> None:
    state = DerivedState(Document(evidence_tree()))
    state.set_overlay(EvidenceOverlay(report))
    assert state.links[("visits", "revenue")].badge == "supported"
    assert state.links[("signups", "revenue")].badge == "contradicted"
    assert any("contradict" in note for note in state.links[("signups", "revenue")].notes)


def test_the_estimate_is_the_regression_of_changes_statsmodels_fits(report) -> None:
    lv, _ls, ly = changes()
    found = report.links[("visits", "revenue")]
    assert found.lag == 0
    fit = sm.OLS(np.diff(ly), sm.add_constant(np.diff(lv))).fit()
    assert found.estimate == pytest.approx(float(fit.params[1]), rel=1e-9)


def test_editing_the_elasticity_rejudges_without_new_statistics(report) -> None:
    doc = Document(evidence_tree())
    state = DerivedState(doc)
    state.set_overlay(EvidenceOverlay(report))
    estimate = report.links[("signups", "revenue")].estimate
    doc.apply(doc.plan.update_link("signups", "revenue", elasticity=round(estimate, 2)))
    assert state.links[("signups", "revenue")].badge == "supported"
    assert STATED_SIGNUPS != round(estimate, 2)


def test_recorded_evidence_shows_when_there_are_no_actuals() -> None:
    tree = evidence_tree(with_ledger=False)
    bare = MetricTree.model_validate({**tree.model_dump(), "actuals": {}})
    evidence = Evidence(method="weekly changes of logs", estimate=0.5, low=0.4, high=0.7, periods=80,
                        recorded_on=dt.date(2026, 11, 2))
    doc = Document(bare)
    doc.apply(doc.plan.update_link("visits", "revenue", evidence=evidence.model_dump()))
    state = DerivedState(doc)
    state.set_overlay(EvidenceOverlay(compute_evidence(doc.tree)))
    assert state.links[("visits", "revenue")].badge == "supported"  # 0.6 lies in 0.4..0.7
    assert "02 Nov 2026" in state.links[("visits", "revenue")].notes[0]
    assert state.links[("signups", "revenue")].badge == ""  # nothing to say: no badge at all


def test_too_few_weeks_get_a_quiet_no_data_badge_that_says_how_many_more() -> None:
    from evidence_trees import pair_tree
    tree = pair_tree([100.0 + i for i in range(10)], [50.0 + 2 * i for i in range(10)])
    state = DerivedState(Document(tree))
    state.set_overlay(EvidenceOverlay(compute_evidence(tree)))
    link = state.links[("visits", "revenue")]
    assert link.badge == "no data"
    assert "more with both" in link.notes[0]
