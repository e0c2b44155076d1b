"""The examples' actuals: two years of weekly data with a story, kept as CSV sources and as the snapshot."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

from metricscape.io import load
from metricscape.model import MetricTree
from metricscape.model.formula_fit import formula_fits
from metricscape.sim.data import refresh_actuals

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "resources" / "examples"
PATHS = sorted(EXAMPLES.glob("*.json"))


@pytest.fixture(params=PATHS, ids=[p.stem for p in PATHS])
def path(request: pytest.FixtureRequest) -> Path:
    return request.param


def test_every_metric_has_two_years_of_weekly_actuals(path: Path) -> None:
    tree = load(path).tree
    assert tree.actuals.grain.value == "week"
    for metric in tree.metrics:
        series = tree.actuals.find(metric.id)
        assert series is not None and len(series.as_dict()) == 104, metric.id
    assert [s.path for s in tree.actuals.sources] == [f"data/{path.stem}.csv"]
    assert tree.actuals.segments(), "a few metrics are split by segment"


def test_the_snapshot_is_what_the_csv_gives(path: Path) -> None:
    refreshed = refresh_actuals(load(path).tree, path)
    assert refreshed.added == () and refreshed.changed == ()


def test_formulas_explain_their_metrics_except_where_the_story_has_a_tracking_change(path: Path) -> None:
    fits = {fit.metric: fit for fit in formula_fits(load(path).tree)}
    drifting = {m: f.shift_from for m, f in fits.items() if f.shift_from or f.mean_abs_gap > 0.01}
    assert drifting == ({"weekly_listening_hours": "2026-W21"} if path.stem == "music-streaming" else {})


def test_a_launch_lifts_an_input_from_its_week() -> None:
    values = load(EXAMPLES / "music-streaming.json").tree.actuals.find("taste_onboarding_completion").as_dict()
    before = [values[f"2025-W{w}"] for w in range(28, 36)]
    after = [values[f"2025-W{w}"] for w in range(40, 48)]
    assert min(after) > max(before)


def test_counts_follow_a_season() -> None:
    searchers = load(EXAMPLES / "marketplace.json").tree.actuals.find("new_searchers").as_dict()
    assert searchers["2025-W30"] > 1.3 * searchers["2025-W05"]  # summer travel


def segment_rate(tree: MetricTree, rate: str, count: str, week: str) -> tuple[dict[str, float], float]:
    segments = {s.segment for s in tree.actuals.series if s.metric == rate and s.segment}
    per_segment = {s: tree.actuals.find(rate, s).as_dict()[week] for s in segments}
    counts = {s: tree.actuals.find(count, s).as_dict()[week] for s in segments}
    overall = tree.actuals.find(rate).as_dict()[week]
    assert overall == pytest.approx(sum(per_segment[s] * counts[s] for s in segments) / sum(counts.values()),
                                    rel=1e-4)
    return per_segment, overall


def test_a_rate_shows_simpsons_paradox_when_the_mix_shifts() -> None:
    tree = load(EXAMPLES / "music-streaming.json").tree
    before, overall_before = segment_rate(tree, "activation_rate", "signups", "2026-W29")
    during, overall_during = segment_rate(tree, "activation_rate", "signups", "2026-W30")
    assert all(during[s] > before[s] for s in before)  # every platform converts better...
    assert overall_during < overall_before              # ...and the whole converts worse: more web sign-ups
    web_share = [tree.actuals.find("signups", "web").as_dict()[w] / tree.actuals.find("signups").as_dict()[w]
                 for w in ("2026-W29", "2026-W30")]
    assert web_share[1] > 2 * web_share[0]


def test_the_generator_is_seeded_and_reproduces_the_committed_csv() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import make_example_actuals as generator
    finally:
        sys.path.pop(0)
    tree = load(EXAMPLES / "learning-app.json").tree
    rows = generator.generate(tree.model_copy(update={"actuals": type(tree.actuals)()}),
                              generator.STORIES["learning-app"])
    with open(EXAMPLES / "data" / "learning-app.csv", encoding="utf-8") as f:
        committed = [(r["period"], r["metric"], r["segment"], float(r["value"])) for r in csv.DictReader(f)]
    assert sorted(committed) == sorted((w, m, s, float(f"{v:.10g}")) for w, m, s, v in rows)
