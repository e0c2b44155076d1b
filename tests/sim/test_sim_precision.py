"""Known precision (issue 17): closed forms at a requested precision, honest standard errors,
the same numbers whatever the thread count, and Sobol indices from QMC against the Ishigami function."""

import itertools
import json
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats
from sim_trees import funnel_tree, tree

from metricscape.sim import Engine
from metricscape.sim import engine as engine_module
from metricscape.sim.distributions import Family, Marginal
from metricscape.sim.factors import Factor, FactorKind
from metricscape.sim.sobol import design, estimate

Z90 = stats.norm.ppf(0.95)


def lognormal_product():
    t = tree([{"id": "p", "kind": "north_star", "formula": "a * b"},
              {"id": "a", "baseline": 4, "uncertainty": {"distribution": "lognormal", "low": 2, "high": 8}},
              {"id": "b", "baseline": 5, "uncertainty": {"distribution": "range", "low": 1, "high": 25}}])
    sigma = math.hypot(math.log(4) / (2 * Z90), math.log(25) / (2 * Z90))
    return t, stats.lognorm(s=sigma, scale=20)


@pytest.mark.parametrize("sampler", ["sobol", "lhs", "random"])
def test_a_lognormal_product_reaches_the_asked_precision(sampler):
    t, exact = lognormal_product()
    result = Engine(t).monte_carlo(precision=0.005, seed=4, sampler=sampler)
    s = result.summary("p")
    assert result.precision <= 0.005 and result.precision_target == 0.005 and result.seconds > 0
    for figure, q in (("p10", 0.1), ("p50", 0.5), ("p90", 0.9)):
        value, se = getattr(s, figure), getattr(s, figure + "_se")
        assert 1.96 * se / value <= 0.005
        assert value == pytest.approx(exact.ppf(q), rel=0.01)  # twice the precision: a 4-sigma miss
        assert abs(value - exact.ppf(q)) <= 4 * se


def test_a_sum_of_normals_at_a_given_precision_and_its_mean_error():
    t = tree([{"id": "s", "kind": "north_star", "formula": "a + b + c"},
              {"id": "a", "baseline": 100, "uncertainty": {"distribution": "normal", "sd": 3}},
              {"id": "b", "baseline": 50, "uncertainty": {"distribution": "normal", "sd": 4}},
              {"id": "c", "baseline": 20, "uncertainty": {"distribution": "normal", "sd": 2}}])
    s = Engine(t).monte_carlo(precision=0.001, seed=8).summary("s")
    exact = stats.norm(170, math.sqrt(9 + 16 + 4))
    for figure, q in (("p10", 0.1), ("p50", 0.5), ("p90", 0.9)):
        assert getattr(s, figure) == pytest.approx(exact.ppf(q), rel=0.002)
    assert abs(s.mean - 170) <= 4 * s.mean_se + 1e-9


def test_precision_mode_needs_fewer_samples_with_sobol_than_with_plain_draws():
    t, _ = lognormal_product()
    sobol = Engine(t).monte_carlo(precision=0.002, seed=1, sampler="sobol")
    plain = Engine(t).monte_carlo(precision=0.002, seed=1, sampler="random")
    assert sobol.samples < plain.samples


def test_reported_standard_errors_match_the_spread_over_seeds():
    """The small honesty check (the benchmark runs 100 seeds on a 33-metric tree)."""
    t, _ = lognormal_product()
    engine = Engine(t)
    runs = [engine.monte_carlo(samples=4096, seed=seed).summary("p") for seed in range(40)]
    for figure in ("p10", "p50", "p90", "mean"):
        observed = np.std([getattr(r, figure) for r in runs], ddof=1)
        reported = np.mean([getattr(r, figure + "_se") for r in runs])
        assert 0.6 < observed / reported < 1.5, figure


def test_the_numbers_do_not_depend_on_the_thread_count():
    engine = Engine(funnel_tree(simulation={"correlations": [{"a": "users", "b": "conversion", "rho": 0.6}]}))
    outputs = {json.dumps(engine.monte_carlo(samples=20_000, seed=3, threads=n, metrics=["per_user"]).to_dict())
               for n in (1, 2, 3, 8)}
    assert len(outputs) == 1
    precise = {json.dumps(engine.monte_carlo(precision=0.003, seed=3, threads=n).summary("hours").to_dict())
               for n in (1, 2)}
    assert len(precise) == 1


def test_turned_draws_are_the_same_bits_whatever_the_thread_count():
    """Matrix products round differently with different neighbours: the turn and the copula must see
    the same columns together however the round is shared out."""
    inputs = [{"id": f"x{k}", "baseline": 10 + k,
               "uncertainty": {"distribution": ("lognormal", "uniform", "triangular")[k % 3], "low": 5 + k, "high": 20 + k}}
              for k in range(7)]
    t = tree([{"id": "s", "kind": "north_star", "formula": "x0 * x1 + x2 * x3 / x4 + x5 - x6"}, *inputs],
             simulation={"correlations": [{"a": "x0", "b": "x3", "rho": 0.4}]})
    engine = Engine(t)
    draws = []
    for threads in (1, 2, 3, 5):
        engine.monte_carlo(samples=2 * 4096 + 2, seed=12, threads=threads)  # halves cut anywhere: 4097 columns
        assert engine._last_run.options.rotation is not None
        draws.append(np.array([engine._last_run.sources[engine.plan.index(f"x{k}")] for k in range(7)]))
    assert all(np.array_equal(draws[0], other) for other in draws[1:])


@given(columns=st.integers(1, 300_000), threads=st.integers(1, 9), power=st.integers(4, 16))
def test_a_round_is_shared_out_in_spans_cut_where_any_thread_count_cuts(columns, threads, power):
    from metricscape.sim.montecarlo import SPAN, _spans

    step = 1 << power
    spans = _spans(columns, threads, step)
    assert spans[0].start == 0 and spans[-1].stop == columns
    assert all(a.stop == b.start for a, b in itertools.pairwise(spans))
    assert all(s.start % step == 0 and s.stop > s.start for s in spans)  # the products see the same columns
    assert len(spans) >= min(threads, columns // step)                   # every thread gets work where there is room
    assert all(s.stop - s.start <= SPAN + step for s in spans)            # a cancel is heard between spans


def test_precision_mode_says_plainly_when_its_time_runs_out():
    t, _ = lognormal_product()
    result = Engine(t).monte_carlo(precision=1e-6, seed=2, max_seconds=0.0)
    assert result.precision > 1e-6
    assert result.warnings and result.warnings[0].startswith("stopped after")
    assert "instead of the ±0.0001 % asked" in result.warnings[0]


def test_ishigami_sobol_indices_from_the_qmc_design_match_the_closed_form():
    a, b = 7.0, 0.1
    uniform = Marginal("uniform(-pi, pi)", Family.UNIFORM, (-math.pi, math.pi))
    factors = [Factor(FactorKind.METRIC, f"x{i}", f"x{i}", uniform, i, i) for i in range(3)]
    n = 2 ** 13
    x = design(factors, n, seed=5)
    y = np.sin(x[0]) + a * np.sin(x[1]) ** 2 + b * x[2] ** 4 * np.sin(x[0])
    f_a, f_b, f_ab = y[:n], y[n:2 * n], y[2 * n:].reshape(3, n)
    got = estimate(f_a, f_b, f_ab)
    variance = a ** 2 / 8 + b * math.pi ** 4 / 5 + b ** 2 * math.pi ** 8 / 18 + 0.5
    v1, v2 = 0.5 * (1 + b * math.pi ** 4 / 5) ** 2, a ** 2 / 8
    v13 = b ** 2 * math.pi ** 8 * (1 / 18 - 1 / 50)
    assert got.first == pytest.approx([v1 / variance, v2 / variance, 0.0], abs=0.01)
    assert got.total == pytest.approx([(v1 + v13) / variance, v2 / variance, v13 / variance], abs=0.01)


def test_a_run_too_large_to_keep_works_in_blocks_and_gives_the_same_numbers(monkeypatch):
    engine = Engine(funnel_tree())
    kept = engine.monte_carlo(samples=30_000, seed=6, metrics=["per_user"]).to_dict()
    kept_what_if = engine.what_if_samples(funnel_tree().scenario("recs").changes, ["per_user"]).to_dict()
    rows = len(engine.plan) + len(engine.factors)
    monkeypatch.setattr(engine_module, "sample_budget", lambda: 30_000 * rows * 8)  # too little to keep all
    monkeypatch.setattr(engine_module, "BLOCK_BYTES", 1000 * rows * 8 * 2)
    lean = engine.monte_carlo(samples=30_000, seed=6, metrics=["per_user"])
    assert engine._last_run.lean and engine._last_run.options.block == 1000
    assert lean.to_dict() == kept
    again = engine.what_if_samples(funnel_tree().scenario("recs").changes, ["per_user"]).to_dict()
    assert again == kept_what_if


def test_opening_a_huge_simulation_setting_does_not_allocate_it_in_precision_mode():
    """The app's outlook runs in precision mode: samples: 2,000,000 in the file is not what it draws."""
    inputs = [{"id": f"i{k}", "baseline": 1.0, "uncertainty": {"distribution": "range", "low": 0.8, "high": 1.25}}
              for k in range(229)]
    groups = [{"id": f"g{g}", "formula": " + ".join(f"i{k}" for k in range(g, 229, 10))} for g in range(10)]
    t = tree([{"id": "star", "kind": "north_star", "formula": " + ".join(f"g{g}" for g in range(10))}, *groups,
              *inputs], simulation={"samples": 2_000_000})
    result = Engine(t).monte_carlo(precision=0.005, seed=1)
    assert result.samples <= 2 ** 16 and result.precision <= 0.005


def test_a_sobol_replicate_gives_the_same_points_however_it_is_cut_and_never_warns():
    import warnings

    from metricscape.sim.sampling import Replicate, Sampler

    def points(cuts):
        replicate = Replicate(Sampler.SOBOL, np.random.SeedSequence(11), 3)
        parts = []
        for m in cuts:
            out = np.empty((3, m))
            replicate.raw([False] * 3, out)
            parts.append(out)
        return np.concatenate(parts, axis=1)

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # scipy warns when a Sobol' sequence starts at a size not a power of two
        whole = points([1024])
        assert np.array_equal(points([512, 300, 212]), whole)
        assert np.array_equal(points([100, 924]), whole)
    assert np.all((whole > 0) & (whole < 1))


def test_replicates_share_one_scramble_and_differ_by_a_digital_shift_each():
    from metricscape.sim.sampling import Replicate, Sampler

    def integer_points(child):
        out = np.empty((4, 256))
        Replicate(Sampler.SOBOL, child, 4).raw([False] * 4, out)
        ints = out * 2.0 ** 30
        assert np.array_equal(ints, np.round(ints))  # scipy's points are 30-bit integers over 2^30
        return ints.astype(np.uint64)

    first, second, third = (integer_points(c) for c in np.random.SeedSequence(5).spawn(3))
    for a, b in ((first, second), (first, third)):
        xor = a ^ b
        assert np.all(xor == xor[:, :1])  # the same scramble, XORed with one constant per dimension
        assert np.all(xor[:, 0] != 0)     # ... which differs between replicates
    for points in (first, second, third):  # each still a net: one point in every 1/256 of every dimension
        assert all(np.array_equal(np.sort(row >> 22), np.arange(256)) for row in points)


def test_a_dimension_order_hands_the_first_sobol_dimensions_to_the_factors_it_names():
    from metricscape.sim.sampling import Replicate, Sampler

    def draw(order):
        out = np.empty((3, 256))
        Replicate(Sampler.SOBOL, np.random.SeedSequence(4), 3, order).raw([False] * 3, out)
        return out

    plain, ordered = draw(None), draw((2, 0, 1))  # factor 2 takes dimension 0, factor 0 dimension 1, ...
    assert np.array_equal(ordered[2], plain[0])
    assert np.array_equal(ordered[0], plain[1])
    assert np.array_equal(ordered[1], plain[2])


def test_the_direction_that_moves_the_north_star_most_gets_the_first_sobol_dimension():
    t = tree([{"id": "s", "kind": "north_star", "formula": "a + b + c"},
              {"id": "a", "baseline": 10, "uncertainty": {"distribution": "normal", "sd": 1}},
              {"id": "b", "baseline": 10, "uncertainty": {"distribution": "normal", "sd": 2}},
              {"id": "c", "baseline": 10, "uncertainty": {"distribution": "normal", "sd": 5}}])
    engine = Engine(t)
    engine.monte_carlo(precision=0.01, seed=1)
    turn = engine._last_run.options.rotation
    assert turn.T @ turn == pytest.approx(np.eye(3), abs=1e-12)  # a turn: each input keeps its distribution
    # s moves along (1, 2, 5) in the normal scores of a, b, c: that direction is Sobol' dimension 0.
    assert np.abs(turn[:, 0]) == pytest.approx(np.array([1, 2, 5]) / math.sqrt(30), abs=1e-6)
    engine.monte_carlo(samples=4096, seed=1)
    assert engine._last_run.options.rotation is turn  # measured once per model and metric


def test_a_turned_run_keeps_every_input_distribution_exactly():
    t = tree([{"id": "s", "kind": "north_star", "formula": "a * b + c"},
              {"id": "a", "baseline": 10, "uncertainty": {"distribution": "triangular", "low": 8, "high": 14}},
              {"id": "b", "baseline": 3, "uncertainty": {"distribution": "lognormal", "low": 2, "high": 5}},
              {"id": "c", "baseline": 10, "uncertainty": {"distribution": "uniform", "low": 9, "high": 11}}])
    engine = Engine(t)
    engine.monte_carlo(samples=2 ** 15, seed=2)
    assert engine._last_run.options.rotation is not None
    exact = {"a": stats.triang(c=1 / 3, loc=8, scale=6), "c": stats.uniform(9, 2),
             "b": stats.lognorm(s=math.log(5 / 2) / (2 * Z90), scale=math.sqrt(10))}
    for factor in engine.factors:
        draws = engine._last_run.sources[factor.target]
        assert stats.kstest(draws, exact[factor.key].cdf).statistic < 0.01, factor.key


def test_models_with_too_many_inputs_to_turn_put_the_widest_swing_first():
    from metricscape.sim.rotation import MAX_FACTORS

    wide = [{"id": f"x{k}", "baseline": 10, "uncertainty": {"distribution": "normal", "sd": 1 + (k == 7) * 9}}
            for k in range(MAX_FACTORS + 1)]
    t = tree([{"id": "s", "kind": "north_star", "formula": " + ".join(m["id"] for m in wide)}, *wide])
    engine = Engine(t)
    engine.monte_carlo(samples=4096, seed=1)
    options = engine._last_run.options
    assert options.rotation is None and engine.factors[options.order[0]].key == "x7"


def test_precision_mode_stops_on_the_same_precision_it_reports():
    """The stop rule's quick P10/P50/P90 check and the full summary agree on the final draws."""
    t, _ = lognormal_product()
    result = Engine(t).monte_carlo(precision=0.004, seed=9)
    s = result.summary("p")
    widest = max(1.959963984540054 * getattr(s, f + "_se") / getattr(s, f) for f in ("p10", "p50", "p90"))
    assert result.precision == pytest.approx(widest, rel=1e-12)
    assert result.precision <= 0.004
