"""Tornado against an exactly known linear model; Sobol against SALib and analytic indices."""

import math
from pathlib import Path

import numpy as np
import pytest
from SALib.analyze import sobol as salib_sobol
from SALib.sample import sobol as salib_sample
from sim_trees import funnel_tree, linear_tree

from metricscape.io import load
from metricscape.sim import Engine
from metricscape.sim.sobol import design, estimate, evaluate_design


def test_tornado_of_a_linear_model_is_exact():
    result = Engine(linear_tree()).tornado()
    assert result.target == "y" and result.baseline == 30
    assert [b.input for b in result.bars] == ["a", "b", "c"]  # sorted by swing
    a, b, c = result.bars
    assert (a.low, a.high, a.target_low, a.target_high, a.swing) == pytest.approx((9, 11, 28, 32, 4))
    assert (b.target_low, b.target_high, b.swing) == pytest.approx((28.8, 31.2, 2.4))
    assert (c.target_low, c.target_high, c.swing) == pytest.approx((30.2, 29.8, 0.4))
    assert [x.elasticity for x in result.bars] == pytest.approx([20 / 30, 12 / 30, -2 / 30], abs=1e-8)
    assert a.source == "±10 % of the baseline"


def test_tornado_uses_p10_p90_of_uncertain_inputs_and_the_swing_setting_otherwise():
    result = Engine(funnel_tree(simulation={"tornado_swing_pct": 20})).tornado()
    bars = {b.input: b for b in result.bars}
    engine = Engine(funnel_tree())
    users = next(f for f in engine.factors if f.key == "users").marginal
    assert (bars["users"].low, bars["users"].high) == pytest.approx((users.percentile(10), users.percentile(90)))
    assert bars["users"].source.startswith("P10/P90 of 80000 to 125000")
    assert bars["users"].elasticity == pytest.approx(1.0)
    assert bars["quality"].elasticity == pytest.approx(0.4)  # through the influence link


def test_tornado_of_another_metric_lists_only_what_feeds_it():
    result = Engine(funnel_tree()).tornado("per_user")
    assert {b.input for b in result.bars} == {"per_user", "quality"}  # its own base value counts as an input


def ishigami(x, a=7.0, b=0.1):
    return np.sin(x[0]) + a * np.sin(x[1]) ** 2 + b * x[2] ** 4 * np.sin(x[0])


ISHIGAMI = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-math.pi, math.pi]] * 3}


def test_the_estimator_matches_salib_on_ishigami():
    x = salib_sample.sample(ISHIGAMI, 1024, calc_second_order=False, seed=1)
    y = ishigami(x.T)
    oracle = salib_sobol.analyze(ISHIGAMI, y, calc_second_order=False, seed=2)
    rows = y.reshape(-1, 5)  # SALib's layout per base row: A, AB_1, AB_2, AB_3, B
    mine = estimate(rows[:, 0], rows[:, 4], rows[:, 1:4].T, seed=2)
    assert mine.first == pytest.approx(oracle["S1"], abs=1e-12)
    assert mine.total == pytest.approx(oracle["ST"], abs=1e-12)
    assert mine.first_ci == pytest.approx(oracle["S1_conf"], rel=0.35)  # different resamples, same spread
    assert mine.total_ci == pytest.approx(oracle["ST_conf"], rel=0.35)


def test_the_estimator_finds_the_analytic_ishigami_indices():
    rng = np.random.default_rng(4)
    n = 100_000
    a, b = rng.uniform(-math.pi, math.pi, (2, 3, n))
    ab = np.repeat(a[None], 3, axis=0)
    ab[[0, 1, 2], [0, 1, 2]] = b
    result = estimate(ishigami(a), ishigami(b), np.stack([ishigami(m) for m in ab]), resamples=20)
    assert result.first == pytest.approx([0.3139, 0.4424, 0.0], abs=0.015)
    assert result.total == pytest.approx([0.5576, 0.4424, 0.2437], abs=0.015)


def test_engine_sobol_on_a_model_agrees_with_salib():
    engine = Engine(funnel_tree())
    target = engine.plan.index("hours")
    factors = engine.factors
    problem = {"num_vars": len(factors), "names": [f.key for f in factors], "bounds": [[0, 1]] * len(factors)}
    u = salib_sample.sample(problem, 4096, calc_second_order=False, seed=3)
    x = np.vstack([f.marginal.ppf(col) for f, col in zip(factors, u.T, strict=True)])
    needed = engine.plan.upstream(target) | {target}
    y = evaluate_design(engine.plan, factors, x, target, needed)
    oracle = salib_sobol.analyze(problem, np.ascontiguousarray(y), calc_second_order=False, seed=1)
    ours = {i.input: i for i in engine.sobol(n=8192, seed=5).indices}
    for j, f in enumerate(factors):
        assert ours[f.key].total == pytest.approx(oracle["ST"][j], abs=0.03), f.key
        assert ours[f.key].first == pytest.approx(oracle["S1"][j], abs=0.03), f.key


def test_sobol_of_an_additive_model_matches_variance_shares():
    from sim_trees import tree
    t = tree([{"id": "y", "kind": "north_star", "formula": "a + 2*b"},
              {"id": "a", "baseline": 0, "uncertainty": {"distribution": "normal", "sd": 1}},
              {"id": "b", "baseline": 0, "uncertainty": {"distribution": "normal", "sd": 1}},
              {"id": "unused", "baseline": 0, "uncertainty": {"distribution": "normal", "sd": 1}}])
    result = Engine(t).sobol(n=4096, seed=2)
    indices = {i.input: i for i in result.indices}
    assert set(indices) == {"a", "b"}  # inputs that cannot move y are left out
    assert (indices["b"].first, indices["b"].total) == pytest.approx((0.8, 0.8), abs=0.04)
    assert (indices["a"].first, indices["a"].total) == pytest.approx((0.2, 0.2), abs=0.04)
    assert 0 < indices["a"].first_ci < 0.1
    assert result.indices[0].input == "b"


def test_the_design_swaps_one_column_per_block():
    engine = Engine(funnel_tree())
    batch = design(engine.factors, 8, seed=1)
    k, n = len(engine.factors), 8
    a, b = batch[:, :n], batch[:, n:2 * n]
    for i in range(k):
        block = batch[:, (2 + i) * n:(3 + i) * n]
        assert np.array_equal(block[i], b[i])
        assert np.array_equal(np.delete(block, i, axis=0), np.delete(a, i, axis=0))


EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "examples" / "music-streaming.json"


def test_engine_sobol_on_an_example_model_agrees_with_salib():
    engine = Engine(load(EXAMPLE).tree)
    star = engine.tree.north_star.id
    target = engine.plan.index(star)
    needed = engine.plan.upstream(target) | {target}
    factors = [f for f in engine.factors if f.position in needed]
    problem = {"num_vars": len(factors), "names": [f.key for f in factors], "bounds": [[0, 1]] * len(factors)}
    u = salib_sample.sample(problem, 4096, calc_second_order=False, seed=3)
    x = np.vstack([f.marginal.ppf(col) for f, col in zip(factors, u.T, strict=True)])
    y = evaluate_design(engine.plan, factors, x, target, needed)
    oracle = salib_sobol.analyze(problem, np.ascontiguousarray(y), calc_second_order=False, seed=1)
    ours = {i.input: i for i in engine.sobol(n=8192, seed=5).indices}
    assert set(ours) == {f.key for f in factors}
    for j, f in enumerate(factors):
        assert ours[f.key].total == pytest.approx(oracle["ST"][j], abs=0.03), f.key
        assert ours[f.key].first == pytest.approx(oracle["S1"][j], abs=0.03), f.key


def test_sobol_reports_progress_and_can_be_cancelled():
    from metricscape.sim import Cancelled
    seen = []
    Engine(funnel_tree()).sobol(n=64, progress=lambda f: seen.append(f) or True)
    assert seen[0] == 0.0 and seen[-1] == 1.0
    with pytest.raises(Cancelled):
        Engine(funnel_tree()).sobol(n=64, progress=lambda f: False)
