"""Monte Carlo against closed forms, reproducibility, correlations and the cached what-if."""

import json
import math

import numpy as np
import pytest
from scipy import stats
from sim_trees import funnel_tree, tree

from metricscape.model import Change, ChangeMode
from metricscape.sim import Cancelled, Engine, SimulationError


def test_a_product_of_independent_lognormals_is_lognormal():
    t = tree([{"id": "p", "kind": "north_star", "formula": "a * b", "target": 25},
              {"id": "a", "baseline": 4, "uncertainty": {"distribution": "lognormal", "low": 2, "high": 8}},
              {"id": "b", "baseline": 5, "uncertainty": {"distribution": "range", "low": 1, "high": 25}}])
    s = Engine(t).monte_carlo(samples=200_000, seed=7).summary("p")
    z = stats.norm.ppf(0.95)
    mu = math.log(4) + math.log(5)
    sigma = math.hypot(math.log(4) / (2 * z), math.log(25) / (2 * z))
    exact = stats.lognorm(s=sigma, scale=math.exp(mu))
    assert s.p50 == pytest.approx(exact.median(), rel=0.01)
    assert s.p5 == pytest.approx(exact.ppf(0.05), rel=0.02)
    assert s.p95 == pytest.approx(exact.ppf(0.95), rel=0.02)
    assert s.mean == pytest.approx(exact.mean(), rel=0.02)
    assert s.p_meet_target == pytest.approx(exact.sf(25), abs=0.005)


def test_a_sum_of_normals_is_normal():
    t = tree([{"id": "s", "kind": "north_star", "formula": "a + b - c", "target": 20, "direction": "lower"},
              {"id": "a", "baseline": 10, "uncertainty": {"distribution": "normal", "sd": 3}},
              {"id": "b", "baseline": 5, "uncertainty": {"distribution": "normal", "sd": 4}},
              {"id": "c", "baseline": 2, "uncertainty": {"distribution": "range", "low": -2, "high": 6}}])
    s = Engine(t).monte_carlo(samples=200_000, seed=3).summary("s")
    sd = math.sqrt(9 + 16 + (8 / (2 * stats.norm.ppf(0.95))) ** 2)
    assert s.mean == pytest.approx(13, abs=0.05)
    assert s.sd == pytest.approx(sd, rel=0.01)
    assert s.p10 == pytest.approx(13 + sd * stats.norm.ppf(0.1), abs=0.1)
    assert s.p_meet_target == pytest.approx(stats.norm(13, sd).cdf(20), abs=0.005)  # lower is better


def test_same_seed_gives_byte_identical_json_and_another_seed_does_not():
    first = json.dumps(Engine(funnel_tree()).monte_carlo(seed=11, metrics=["per_user"]).to_dict())
    again = json.dumps(Engine(funnel_tree()).monte_carlo(seed=11, metrics=["per_user"]).to_dict())
    other = json.dumps(Engine(funnel_tree()).monte_carlo(seed=12, metrics=["per_user"]).to_dict())
    assert first == again
    assert first != other
    data = json.loads(first)
    assert data["seed"] == 11 and data["engine"].startswith("metricscape-sim")


def test_a_rank_correlation_of_0_8_shows_up_in_the_samples():
    t = funnel_tree(simulation={"correlations": [{"a": "users", "b": "conversion", "rho": 0.8}]})
    engine = Engine(t)
    engine.monte_carlo(samples=50_000, seed=5)
    run = engine._last_run
    users, conversion = run.values[engine.plan.index("users")], run.values[engine.plan.index("conversion")]
    assert stats.spearmanr(users, conversion).statistic == pytest.approx(0.8, abs=0.01)
    quality = run.values[engine.plan.index("quality")]
    assert abs(stats.spearmanr(users, quality).statistic) < 0.02


def test_correlations_that_cannot_hold_together_name_the_pairs():
    t = funnel_tree(simulation={"correlations": [{"a": "users", "b": "conversion", "rho": 0.9},
                                                 {"a": "conversion", "b": "quality", "rho": 0.9},
                                                 {"a": "users", "b": "quality", "rho": -0.9}]})
    with pytest.raises(SimulationError, match="cannot all hold at once") as error:
        Engine(t).monte_carlo(samples=1000)
    assert "'Visitors'–'Conversion' (+0.9)" in str(error.value)


def test_a_correlation_with_a_certain_metric_is_a_warning():
    t = funnel_tree(simulation={"correlations": [{"a": "users", "b": "hours", "rho": 0.5}]})
    result = Engine(t).monte_carlo(samples=1000)
    assert result.warnings == [("the correlation between 'Visitors' and 'Weekly hours' is ignored: "
                               "'Weekly hours' has no uncertainty to correlate")]


def test_uncertain_elasticities_widen_the_result():
    certain = funnel_tree()
    data = certain.model_dump()
    data["links"][0].update(elasticity_low=0.4, elasticity_high=0.4)
    from metricscape.model import MetricTree
    narrow = Engine(MetricTree.model_validate(data)).monte_carlo(samples=50_000, seed=1, metrics=["per_user"])
    wide = Engine(certain).monte_carlo(samples=50_000, seed=1, metrics=["per_user"])
    assert wide.summary("per_user").sd > narrow.summary("per_user").sd


def test_what_if_on_cached_draws_equals_a_fresh_run_of_the_changed_model():
    engine = Engine(funnel_tree())
    engine.monte_carlo(samples=20_000, seed=9)
    cached = engine.what_if_samples([Change(metric="quality", mode=ChangeMode.RELATIVE, value=10)],
                                    metrics=["per_user"])
    fresh = engine.monte_carlo(samples=20_000, seed=9, metrics=["per_user"], scenario="recs")
    assert cached.to_dict()["summaries"] == fresh.to_dict()["summaries"]
    base = engine.monte_carlo(samples=20_000, seed=9, metrics=["per_user"])
    assert cached.summary("per_user").mean > base.summary("per_user").mean


def test_summaries_only_for_what_is_asked():
    result = Engine(funnel_tree()).monte_carlo(samples=1000, metrics=["conversion"])
    assert [s.metric for s in result.summaries] == ["hours", "conversion"]
    hist = result.summary("hours").histogram
    assert sum(hist.counts) == 1000 and len(hist.edges) == len(hist.counts) + 1


def test_non_finite_samples_are_counted_and_traced_to_their_formula():
    t = tree([{"id": "r", "kind": "north_star", "formula": "log(a)"},
              {"id": "a", "baseline": 1, "uncertainty": {"distribution": "normal", "sd": 1}}])
    result = Engine(t).monte_carlo(samples=10_000, seed=1)
    s = result.summary("r")
    assert s.nonfinite == pytest.approx(10_000 * stats.norm.cdf(-1), abs=120)  # log of a negative
    assert np.isfinite(s.mean)
    assert [p.metric for p in result.nonfinite] == ["r"]
    assert "formula 'log(a)'" in result.nonfinite[0].message


def test_precision_mode_traces_bad_samples_to_a_metric_it_did_not_summarise():
    t = tree([{"id": "r", "kind": "north_star", "formula": "l + b"},
              {"id": "l", "formula": "log(a)"},
              {"id": "b", "baseline": 5, "uncertainty": {"distribution": "normal", "sd": 1}},
              {"id": "a", "baseline": 1, "uncertainty": {"distribution": "normal", "sd": 1}}])
    engine = Engine(t)
    result = engine.monte_carlo(precision=0.05, seed=1)
    assert [p.metric for p in result.nonfinite] == ["l"]  # not "r": the log is where it starts
    moved = engine.what_if_samples([Change(metric="b", mode=ChangeMode.RELATIVE, value=20)])  # b +20 %
    assert moved.summary("r").mean - result.summary("r").mean == pytest.approx(0.2 * 5, rel=0.02)


def test_progress_is_reported_and_cancel_stops_the_run():
    seen = []
    Engine(funnel_tree()).monte_carlo(samples=1000, progress=lambda f: seen.append(f) or True)
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)
    with pytest.raises(Cancelled):
        Engine(funnel_tree()).monte_carlo(samples=1000, progress=lambda f: f < 0.5)


def test_what_if_on_samples_needs_a_run_first():
    with pytest.raises(SimulationError, match="Monte Carlo"):
        Engine(funnel_tree()).what_if_samples([])


def test_summary_percentiles_and_histogram_match_numpy():
    from metricscape.sim.summaries import histogram, quantiles
    rng = np.random.default_rng(3)
    for data in (rng.lognormal(size=10_001), np.round(rng.normal(size=5000), 1), np.full(10, 2.5)):
        ordered = np.sort(data)
        qs = (0.05, 0.1, 0.5, 0.9, 0.95)
        assert quantiles(ordered, qs) == pytest.approx(np.quantile(data, qs), rel=1e-12)
        edges, counts = histogram(ordered, 40)
        np_counts, np_edges = np.histogram(data, bins=40)
        assert np.allclose(edges, np_edges) and counts.tolist() == np_counts.tolist()


def test_runs_too_large_for_memory_are_refused_before_allocating():
    engine = Engine(funnel_tree())
    with pytest.raises(SimulationError, match=r"need about 32\.0 GB of memory, more than the .* GB this computer "
                                              "can spare now; use fewer samples"):
        engine.monte_carlo(samples=2_000_000_000)
    with pytest.raises(SimulationError, match="too few"):
        engine.sobol(n=4)
