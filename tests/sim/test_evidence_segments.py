"""Rate and mix effects across segments: exact, and in words when they point opposite ways."""

from __future__ import annotations

import numpy as np
import pytest
from evidence_trees import linked_logs, series

from metricscape.model import MetricTree
from metricscape.model.actuals import Actuals
from metricscape.sim.evidence.by_segment import segment_evidence
from metricscape.sim.evidence.results import Verdict
from metricscape.sim.evidence.segments import SegmentError, denominator_of, rate_mix, top_segments

# visitors and buyers per segment in two weeks: each segment converts better in week 2, but traffic
# moves to mobile, which converts far less (Simpson's paradox)
VISITORS = {"desktop": (8000, 4000), "mobile": (2000, 8000)}
BUYERS = {"desktop": (800, 440), "mobile": (40, 200)}


def shop() -> MetricTree:
    rows = []
    for segment, (v0, v1) in VISITORS.items():
        b0, b1 = BUYERS[segment]
        rows += [series("visitors", [v0, v1], segment=segment),
                 series("conversion", [b0 / v0, b1 / v1], segment=segment),
                 series("orders", [b0, b1], segment=segment)]
    return MetricTree.model_validate({
        "metrics": [{"id": "orders", "name": "Orders", "kind": "north_star", "formula": "visitors * conversion"},
                    {"id": "visitors", "name": "Visitors"}, {"id": "conversion", "name": "Conversion", "unit": "%"}],
        "actuals": Actuals(series=tuple(rows))})


def test_the_denominator_is_what_the_rate_multiplies_in_its_parents_formula() -> None:
    assert denominator_of(shop(), "conversion") == "visitors"
    assert denominator_of(shop(), "visitors") == "conversion"  # symmetric: the caller decides what is a rate
    assert denominator_of(shop(), "orders") is None


def test_simpsons_paradox_rate_and_mix_point_opposite_ways_and_sum_exactly_to_the_change() -> None:
    result = rate_mix(shop(), "conversion", "2024-W01", "2024-W02")
    before = sum(b[0] for b in BUYERS.values()) / sum(v[0] for v in VISITORS.values())
    after = sum(b[1] for b in BUYERS.values()) / sum(v[1] for v in VISITORS.values())
    assert result["total_from"] == pytest.approx(before) and result["total_to"] == pytest.approx(after)
    rate_effect, mix_effect = result["rate_effect"], result["mix_effect"]
    assert isinstance(rate_effect, float) and isinstance(mix_effect, float)
    assert rate_effect > 0 > mix_effect and after < before
    assert rate_effect + mix_effect == pytest.approx(after - before, abs=1e-15)
    assert result["message"] == ("Conversion rose in every segment, but visitors moved to mobile, where "
                                 "conversion is lower: the total fell.")
    mobile = next(s for s in result["segments"] if s["segment"] == "mobile")  # type: ignore[attr-defined]
    assert mobile["share_from"] == pytest.approx(0.2) and mobile["share_to"] == pytest.approx(2 / 3)
    assert mobile["rate_effect"] == pytest.approx((0.2 + 2 / 3) / 2 * (200 / 8000 - 40 / 2000))


def test_a_decomposition_without_segments_says_what_is_missing() -> None:
    with pytest.raises(SegmentError, match="at least two segments"):
        rate_mix(shop(), "conversion", "2024-W01", "2024-W09")
    with pytest.raises(SegmentError, match="not multiplied by another metric"):
        rate_mix(shop(), "orders", "2024-W01", "2024-W02")


def test_top_segments_rank_a_counts_change_by_contribution() -> None:
    rows = top_segments(shop(), "orders", "2024-W01", "2024-W02")
    assert [r["segment"] for r in rows] == ["desktop", "mobile"]
    assert rows[0]["contribution"] == 440 - 800 and rows[1]["contribution"] == 200 - 40
    assert rows[0]["share_of_change"] == pytest.approx(-360 / (-360 + 160))


def test_a_link_that_holds_overall_but_not_in_a_large_segment_is_flagged() -> None:
    big_x, big_y = linked_logs(104, 0.9, seed=11, noise=0.005)     # web: the stated 0.9 holds
    small_x, small_y = linked_logs(104, 0.0, seed=12, noise=0.005)  # app: no link at all
    whole_x = np.log(np.exp(big_x) + np.exp(small_x))
    whole_y = np.log(np.exp(big_y) + np.exp(small_y) * 0.6)
    rows = [series("visits", np.exp(whole_x)), series("revenue", np.exp(whole_y)),
            series("visits", np.exp(big_x), segment="web"), series("revenue", np.exp(big_y), segment="web"),
            series("visits", np.exp(small_x), segment="app"), series("revenue", np.exp(small_y) * 0.6, segment="app")]
    tree = MetricTree.model_validate({
        "metrics": [{"id": "revenue", "name": "Revenue", "kind": "north_star"},
                    {"id": "visits", "name": "Visits", "kind": "proxy"}],
        "links": [{"source": "visits", "target": "revenue", "elasticity": 0.9, "elasticity_low": 0.6,
                   "elasticity_high": 1.0}],
        "actuals": Actuals(series=tuple(rows))})
    found = segment_evidence(tree, "visits", "revenue")
    by_name = {e.segment: (e, share) for e, share in found.segments}
    assert found.overall.verdict is Verdict.SUPPORTS
    assert by_name["web"][0].verdict is Verdict.SUPPORTS and by_name["app"][0].verdict is Verdict.CONTRADICTS
    assert by_name["app"][1] > 0.2
    assert found.warning.startswith("The data support this link overall, but contradict it in app")


def test_top_segments_of_a_rate_rank_rate_plus_mix_and_add_up_to_the_change() -> None:
    rows = top_segments(shop(), "conversion", "2024-W01", "2024-W02")
    split = rate_mix(shop(), "conversion", "2024-W01", "2024-W02")
    by_segment = {s["segment"]: s["rate_effect"] + s["mix_effect"] for s in split["segments"]}  # type: ignore[attr-defined]
    assert {r["segment"]: r["contribution"] for r in rows} == pytest.approx(by_segment)
    assert abs(rows[0]["contribution"]) >= abs(rows[1]["contribution"])  # type: ignore[arg-type]
    assert sum(r["contribution"] for r in rows) == pytest.approx(split["change"])  # type: ignore[misc]
