"""Marginals built from a metric's uncertainty: parameters, percentiles and truncation."""

import numpy as np
import pytest
from scipy import stats

from metricscape.model import Metric, Uncertainty
from metricscape.sim import SimulationError
from metricscape.sim.distributions import metric_marginal


def marginal(baseline=10.0, unit="", **uncertainty):
    return metric_marginal(Metric(id="m", name="M", baseline=baseline, unit=unit,
                                  uncertainty=Uncertainty(**uncertainty)))


def test_a_positive_range_is_a_lognormal_90_percent_interval():
    m = marginal(distribution="range", low=2, high=50)
    assert m.family == "lognormal"
    assert m.percentile(5) == pytest.approx(2)
    assert m.percentile(95) == pytest.approx(50)
    assert m.percentile(50) == pytest.approx(10)  # geometric mean


def test_a_range_crossing_zero_is_normal():
    m = marginal(distribution="range", low=-10, high=30)
    assert m.family == "normal"
    assert (m.percentile(5), m.percentile(50), m.percentile(95)) == pytest.approx((-10, 10, 30))


def test_normal_defaults_its_mean_to_the_baseline():
    m = marginal(baseline=7, distribution="normal", sd=2)
    assert m.percentile(50) == pytest.approx(7)
    assert m.percentile(84.134474) == pytest.approx(9, abs=1e-5)


def test_triangular_and_pert_use_the_baseline_as_mode():
    tri = marginal(baseline=4, distribution="triangular", low=0, high=10)
    assert tri.mean == pytest.approx((0 + 4 + 10) / 3)
    pert = marginal(baseline=4, distribution="pert", low=0, high=10)
    assert pert.mean == pytest.approx((0 + 4 * 4 + 10) / 6)


ORACLES = [  # the same distribution as scipy.stats builds it
    ({"baseline": 5, "distribution": "normal", "sd": 2}, stats.norm(5, 2)),
    ({"distribution": "lognormal", "low": 2, "high": 8},
     stats.lognorm(s=np.log(4) / (2 * stats.norm.ppf(0.95)), scale=4)),
    ({"distribution": "uniform", "low": -1, "high": 3}, stats.uniform(-1, 4)),
    ({"baseline": 4, "distribution": "triangular", "low": 1, "high": 10}, stats.triang(1 / 3, loc=1, scale=9)),
    ({"baseline": 4, "distribution": "pert", "low": 1, "high": 10}, stats.beta(1 + 4 / 3, 1 + 8 / 3, loc=1, scale=9)),
]


@pytest.mark.parametrize(("uncertainty", "oracle"), ORACLES)
def test_quantiles_and_cdf_match_scipy_stats(uncertainty, oracle):
    m = marginal(**uncertainty)
    q = np.array([0.001, 0.05, 0.2, 0.5, 0.77, 0.99])
    assert m.ppf(q) == pytest.approx(oracle.ppf(q), rel=1e-9)
    assert [m.percentile(p * 100) for p in q] == pytest.approx(oracle.ppf(q), rel=1e-9)
    assert [m.cdf(x) for x in oracle.ppf(q)] == pytest.approx(q, rel=1e-9)
    assert m.mean == pytest.approx(oracle.mean())
    z = np.random.default_rng(0).standard_normal(50_000)
    assert stats.kstest(m.from_normal(z), oracle.cdf).statistic < 0.01


def test_uniform_percentiles():
    m = marginal(distribution="uniform", low=2, high=4)
    assert m.percentile(10) == pytest.approx(2.2)


def test_fixed_and_degenerate_uncertainties_are_not_uncertain():
    assert marginal(distribution="fixed") is None
    assert marginal(distribution="normal", sd=0) is None
    assert marginal(distribution="range", low=3, high=3) is None


def test_truncation_conditions_instead_of_clipping():
    m = marginal(baseline=0, distribution="normal", sd=1, floor=0)
    z = np.random.default_rng(1).standard_normal(200_000)
    x = m.from_normal(z)
    assert x.min() >= 0
    assert np.mean(x == 0) == 0  # no mass piled up at the bound
    assert x.mean() == pytest.approx(stats.halfnorm.mean(), abs=0.01)


def test_a_rate_stays_within_0_and_1():
    m = marginal(baseline=0.9, unit="%", distribution="range", low=0.7, high=1.05)
    x = m.from_normal(np.random.default_rng(2).standard_normal(100_000))
    assert x.max() <= 1 and x.min() > 0


def test_a_mode_outside_the_range_is_a_clear_error():
    with pytest.raises(SimulationError, match="baseline 20 lies outside 0 to 10"):
        marginal(baseline=20, distribution="pert", low=0, high=10)


def test_bounds_that_exclude_the_whole_distribution_are_a_clear_error():
    with pytest.raises(SimulationError, match="outside its bounds"):
        marginal(baseline=100, distribution="normal", sd=1, ceiling=50)


def test_every_declared_distribution_has_a_sampler_and_every_sampler_a_declaration():
    from metricscape.model.distributions import DISTRIBUTIONS
    from metricscape.sim.distributions import SAMPLERS
    assert set(SAMPLERS) == set(DISTRIBUTIONS)
