"""The evidence health rules: on what the file records, and on facts the statistics layer measured."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from metricscape.model import MetricTree
from metricscape.model.actuals import Actuals, Series
from metricscape.model.experiments import Experiment, Lift
from metricscape.model.rules import check
from metricscape.model.rules.facts import DataFacts, LinkVerdict, NoiseCheck
from metricscape.sim.evidence.facts import data_facts

TODAY = dt.date(2026, 11, 30)


def tree(**extra: object) -> MetricTree:
    link = {"source": "visits", "target": "revenue", "elasticity": 0.5, **extra.pop("link", {})}  # type: ignore[dict-item]
    return MetricTree.model_validate({
        "metrics": [{"id": "revenue", "name": "Revenue", "kind": "north_star"},
                    {"id": "visits", "name": "Visits", "kind": "proxy", "review_cadence_days": 90}],
        "links": [link], **extra})


def findings(model: MetricTree, rule: str, facts: DataFacts | None = None) -> list[str]:
    return [f.message for f in check(model, today=TODAY, facts=facts).findings if f.rule == rule]


EVIDENCE = {"source": "series", "method": "weekly changes of logs", "estimate": 0.45, "low": 0.3, "high": 0.6,
            "periods": 104, "recorded_on": "2026-10-01"}


UNRELATED = [Experiment(name="Pricing", lifts=(Lift(metric="revenue", lift=0.01, se=0.01),))]


def test_a_proxy_without_evidence_is_flagged_once_the_model_has_data_until_evidence_exists() -> None:
    assert not findings(tree(), "proxy-without-evidence")  # no data at all yet: nothing new to say
    [message] = findings(tree(experiments=UNRELATED), "proxy-without-evidence")
    assert message.startswith("'Visits' is a proxy, but nothing shows")
    assert not findings(tree(experiments=UNRELATED, link={"evidence": EVIDENCE}), "proxy-without-evidence")
    ledger = [Experiment(name="A", lifts=(Lift(metric="visits", lift=0.02, se=0.01),
                                          Lift(metric="revenue", lift=0.01, se=0.01)))]
    assert not findings(tree(experiments=ledger), "proxy-without-evidence")
    facts = DataFacts(verdicts={("visits", "revenue"): LinkVerdict("supports", "ok")})
    assert not findings(tree(experiments=UNRELATED), "proxy-without-evidence", facts)


def test_a_contradicted_elasticity_is_flagged_from_facts_or_from_the_recorded_interval() -> None:
    facts = DataFacts(verdicts={("visits", "revenue"): LinkVerdict("contradicts", "The data contradict it.")})
    assert "The data contradict it." in findings(tree(), "elasticity-contradicted", facts)[0]
    assert not findings(tree(link={"evidence": EVIDENCE}), "elasticity-contradicted")
    off = tree(link={"evidence": EVIDENCE, "elasticity": 0.9})
    assert "recorded evidence put it between 0.3 and 0.6" in findings(off, "elasticity-contradicted")[0]


def test_evidence_older_than_the_review_cadence_is_flagged() -> None:
    assert not findings(tree(link={"evidence": EVIDENCE}), "evidence-outdated")  # 60 days, cadence 90
    old = {**EVIDENCE, "recorded_on": "2026-06-01"}
    assert "182 days old" in findings(tree(link={"evidence": old}), "evidence-outdated")[0]


def test_a_north_star_move_within_its_noise_is_called_noise_and_a_big_one_is_not() -> None:
    quiet = NoiseCheck("revenue", "2026-W46", "2026-W47", change=-0.012, typical=0.02, shift_detected=False,
                       grain="week")
    [message] = findings(tree(), "north-star-noise", DataFacts(north_star_noise=quiet))
    assert "(-1.2% from 2026-W46 to 2026-W47) is within its normal week-to-week noise (typically ±2.0%)" in message
    big = NoiseCheck("revenue", "2026-W46", "2026-W47", -0.09, 0.02, False, "week")
    assert not findings(tree(), "north-star-noise", DataFacts(north_star_noise=big))


def _star_series(values: np.ndarray) -> Actuals:
    return Actuals(series=(Series(metric="revenue", start="2025-W01", values=tuple(float(v) for v in values)),))


def test_the_noise_facts_come_from_the_series_and_a_recent_level_shift_is_detected() -> None:
    rng = np.random.default_rng(3)
    steady = 1000 * np.exp(rng.normal(0, 0.02, 60))
    noise = data_facts(tree(actuals=_star_series(steady))).north_star_noise
    assert noise is not None and not noise.shift_detected
    assert noise.typical == pytest.approx(np.std(np.diff(np.log(steady[-52:]))[:-1], ddof=1))
    assert noise.change == pytest.approx(steady[-1] / steady[-2] - 1)
    shifted = steady.copy()
    shifted[-2:] *= 1.25
    after = data_facts(tree(actuals=_star_series(shifted))).north_star_noise
    assert after is not None and after.shift_detected


def test_actuals_that_stopped_arriving_are_flagged() -> None:
    series = (Series(metric="revenue", start="2026-W31", values=(1.0,) * 17),
              Series(metric="visits", start="2026-W31", values=(1.0,) * 12 + (None,) * 5))
    messages = findings(tree(actuals=Actuals(series=series)), "actuals-stopped")
    assert messages == [("The actuals of 'Visits' stop at 2026-W42, 5 weeks before the other metrics' (2026-W47). "
                        "Check the export or the source that feeds it.")]
    old = (Series(metric="revenue", start="2026-W01", values=(1.0,) * 20),)
    [stale] = findings(tree(actuals=Actuals(series=old)), "actuals-stopped")
    assert stale.startswith("The actuals end at 2026-W20, 28 weeks before the last complete one")
