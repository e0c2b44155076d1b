"""Evidence from the series: checked against statsmodels and scipy computed here, independently."""

from __future__ import annotations

import datetime as dt
import warnings

import numpy as np
import pytest
import statsmodels.api as sm
from evidence_trees import linked_logs, pair_tree, series
from scipy import stats
from statsmodels.tsa.stattools import grangercausalitytests

from metricscape.model import Document, MetricTree
from metricscape.model.actuals import Actuals
from metricscape.model.adopt import adopt_evidence
from metricscape.model.periods import Grain
from metricscape.sim.evidence.align import LogSeries, align
from metricscape.sim.evidence.links import all_evidence
from metricscape.sim.evidence.results import Verdict
from metricscape.sim.evidence.seasonal import one_way_anova_p
from metricscape.sim.evidence.series import MIN_PERIODS, bic, choose_lag, granger_p


def _hac_interval(dy: np.ndarray, dx: np.ndarray) -> tuple[float, float, float]:
    """The textbook regression, fitted by statsmodels here: Δlog y on Δlog x, Newey–West, 90 %."""
    n = len(dy)
    lags = int(4 * (n / 100) ** (2 / 9))
    res = sm.OLS(dy, sm.add_constant(dx)).fit(cov_type="HAC", cov_kwds={"maxlags": lags}, use_t=True)
    low, high = res.conf_int(alpha=0.10)[1]
    return float(res.params[1]), float(low), float(high)


def test_a_known_elasticity_is_recovered_within_its_interval_and_matches_statsmodels() -> None:
    lx, ly = linked_logs(104, 0.6, seed=1)
    [found] = all_evidence(pair_tree(np.exp(lx), np.exp(ly), elasticity=0.6))
    assert found.verdict is Verdict.SUPPORTS and found.lag == 0
    assert found.low is not None and found.high is not None and found.low < 0.6 < found.high
    estimate, low, high = _hac_interval(np.diff(ly), np.diff(lx))
    assert found.estimate == pytest.approx(estimate, rel=1e-9)
    assert (found.low, found.high) == pytest.approx((low, high), rel=1e-9)
    assert found.periods == 104 and "support" in found.message


def test_a_lagged_effect_is_found_at_its_lag() -> None:
    lx, ly = linked_logs(104, 0.8, seed=3, lag=2)
    [found] = all_evidence(pair_tree(np.exp(lx), np.exp(ly), elasticity=0.8))
    assert found.lag == 2 and found.verdict is Verdict.SUPPORTS
    assert found.low is not None and found.high is not None and found.low < 0.8 < found.high
    dx, dy = np.diff(lx), np.diff(ly)
    design = sm.add_constant(np.column_stack([dx[2:], dx[1:-1], dx[:-2]]))
    n = len(design)
    res = sm.OLS(dy[2:], design).fit(cov_type="HAC", cov_kwds={"maxlags": int(4 * (n / 100) ** (2 / 9))},
                                     use_t=True)
    total = res.t_test([0, 1, 1, 1])
    assert found.estimate == pytest.approx(float(total.effect[0]), rel=1e-9)
    assert (found.low, found.high) == pytest.approx(tuple(total.conf_int(alpha=0.10)[0]), rel=1e-9)


def test_a_stated_elasticity_far_from_the_data_is_contradicted() -> None:
    lx, ly = linked_logs(104, 0.6, seed=2)
    [found] = all_evidence(pair_tree(np.exp(lx), np.exp(ly), elasticity=1.5))
    assert found.verdict is Verdict.CONTRADICTS and "contradict" in found.message


def test_a_stated_range_that_meets_the_interval_is_supported() -> None:
    lx, ly = linked_logs(104, 0.6, seed=2)
    [found] = all_evidence(pair_tree(np.exp(lx), np.exp(ly), elasticity=1.0, low=0.5, high=1.2))
    assert found.verdict is Verdict.SUPPORTS


def test_two_independent_trending_random_walks_are_never_called_supported() -> None:
    worded = 0
    for seed in range(10):
        rng = np.random.default_rng(100 + seed)
        lx = np.cumsum(rng.normal(0.01, 0.02, 104))
        ly = np.cumsum(rng.normal(0.01, 0.02, 104))
        assert stats.pearsonr(lx, ly).statistic > 0.7  # the levels "correlate": the trap
        [found] = all_evidence(pair_tree(np.exp(lx + 5), np.exp(ly + 5), elasticity=0.5))
        assert found.verdict is not Verdict.SUPPORTS
        assert found.level_correlation == pytest.approx(stats.pearsonr(lx, ly).statistic)
        unrelated = abs(stats.pearsonr(np.diff(lx), np.diff(ly)).statistic) < 0.2
        said = "both trend up; their week-to-week changes are unrelated" in found.message
        assert said == unrelated
        worded += said
    assert worded >= 5  # most such pairs get the sentence


@pytest.mark.parametrize("n", [104, 156])  # two years of weeks are enough to see a season
def test_a_seasonal_pair_gets_season_dummies_and_the_elasticity_survives_the_season(n: int) -> None:
    rng = np.random.default_rng(7)
    weeks = np.arange(n)
    season = 0.25 * np.sin(2 * np.pi * weeks / 52)
    base = np.cumsum(rng.normal(0.0, 0.03, n))
    lx = base + season                                  # the driver peaks in spring
    ly = 0.5 * base - season + rng.normal(0, 0.01, n)   # the target's own season runs the other way
    [found] = all_evidence(pair_tree(np.exp(lx + 6), np.exp(ly + 6), elasticity=0.5))
    assert "season" in found.method
    assert found.low is not None and found.high is not None and found.low < 0.5 < found.high
    _naive, naive_low, naive_high = _hac_interval(np.diff(ly), np.diff(lx))
    assert not naive_low < 0.5 < naive_high  # without the season, the same data mislead


def test_too_few_periods_says_how_many_more_are_needed() -> None:
    lx, ly = linked_logs(12, 0.6, seed=1)
    [found] = all_evidence(pair_tree(np.exp(lx), np.exp(ly)))
    assert found.verdict is Verdict.NO_DATA
    assert found.periods == 12 and found.periods_needed == MIN_PERIODS - 12
    assert f"{MIN_PERIODS - 12} weeks more" in found.message


def test_missing_and_non_positive_values_are_left_out() -> None:
    lx, ly = linked_logs(60, 0.6, seed=4)
    x: list[float | None] = list(np.exp(lx))
    y: list[float | None] = list(np.exp(ly))
    x[10], y[30], y[31] = None, 0.0, None
    [found] = all_evidence(pair_tree(x, y))
    assert found.periods == 57 and found.verdict is Verdict.SUPPORTS


def test_the_lag_selection_bic_is_the_one_statsmodels_reports() -> None:
    rng = np.random.default_rng(5)
    x = sm.add_constant(rng.normal(size=(80, 3)))
    y = x @ [0.1, 0.5, -0.2, 0.0] + rng.normal(size=80)
    assert bic(y, x) == pytest.approx(sm.OLS(y, x).fit().bic, rel=1e-12)


def test_the_granger_p_value_is_the_f_test_of_the_drivers_past() -> None:
    lx, ly = linked_logs(104, 0.6, seed=6, lag=1)
    x_series, y_series = pair_tree(np.exp(lx), np.exp(ly)).actuals.series
    aligned = align(LogSeries.of(x_series, Grain.WEEK), LogSeries.of(y_series, Grain.WEEK))
    dx, dy = np.diff(lx), np.diff(ly)
    target = dy[1:]
    restricted = sm.OLS(target, sm.add_constant(dy[:-1])).fit()
    full = sm.OLS(target, sm.add_constant(np.column_stack([dy[:-1], dx[:-1]]))).fit()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, expected, _ = full.compare_f_test(restricted)
    assert granger_p(aligned, 1) == pytest.approx(expected, rel=1e-9)
    assert expected < 0.01  # a lagged driver does Granger-cause
    for lag in (1, 2, 3):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tests = grangercausalitytests(np.column_stack([dy, dx]), maxlag=[lag])
        assert granger_p(aligned, lag) == pytest.approx(tests[lag][0]["ssr_ftest"][1], rel=1e-8)


@pytest.mark.parametrize(("seed", "true_lag"), [(21, 0), (22, 1), (23, 2), (24, 3)])
def test_the_chosen_lag_is_the_lowest_statsmodels_bic_over_one_common_sample(seed: int, true_lag: int) -> None:
    lx, ly = linked_logs(104, 0.7, seed=seed, lag=true_lag)
    x_series, y_series = pair_tree(np.exp(lx), np.exp(ly)).actuals.series
    aligned = align(LogSeries.of(x_series, Grain.WEEK), LogSeries.of(y_series, Grain.WEEK))
    dx, dy = np.diff(lx), np.diff(ly)
    rows = slice(4, None)  # the common sample: the first 4 changes lack a 4th lag
    bics = []
    for k in range(5):
        lags = np.column_stack([np.roll(dx, j)[rows] for j in range(k + 1)])
        bics.append(sm.OLS(dy[rows], sm.add_constant(lags)).fit().bic)
    assert choose_lag(aligned, 4, seasonal=False, grain=Grain.WEEK) == int(np.argmin(bics)) == true_lag


def test_the_90_percent_interval_covers_the_true_elasticity_about_90_percent_of_the_time() -> None:
    covered = 0
    for seed in range(200):
        lx, ly = linked_logs(104, 0.6, seed=1000 + seed, noise=0.03)
        [found] = all_evidence(pair_tree(np.exp(lx), np.exp(ly)))
        assert found.low is not None and found.high is not None
        covered += found.low <= 0.6 <= found.high
    assert 0.84 <= covered / 200 <= 0.96  # Newey–West intervals run a little narrow in 100 periods


def test_a_proxys_path_to_the_north_star_is_tested_against_what_the_model_implies() -> None:
    lx, ly = linked_logs(104, 0.8, seed=1)
    tree = MetricTree.model_validate({
        "metrics": [{"id": "revenue", "name": "Revenue", "kind": "north_star", "formula": "orders * 20"},
                    {"id": "orders", "name": "Orders", "baseline": 100},
                    {"id": "visits", "name": "Visits", "kind": "proxy", "baseline": 1000}],
        "links": [{"source": "visits", "target": "orders", "elasticity": 0.8}],
        "actuals": Actuals(series=(series("visits", np.exp(lx)), series("revenue", np.exp(ly))))})
    found = all_evidence(tree)
    link, path = found
    assert (link.source, link.target, link.verdict) == ("visits", "orders", Verdict.NO_DATA)
    assert "No actuals for ‘Orders’" in link.message
    assert (path.source, path.target, path.path) == ("visits", "revenue", True)
    assert path.stated == pytest.approx(0.8, abs=0.01)  # 1 % more visits: 0.8 % more orders, so revenue
    assert path.verdict is Verdict.SUPPORTS


def test_adopting_an_estimate_records_it_and_the_link_is_then_supported() -> None:
    lx, ly = linked_logs(104, 0.6, seed=2)
    doc = Document(pair_tree(np.exp(lx), np.exp(ly), elasticity=1.5))
    [found] = all_evidence(doc.tree)
    assert found.verdict is Verdict.CONTRADICTS
    doc.apply(adopt_evidence(doc, "visits", "revenue", found.as_evidence(dt.date(2026, 11, 30))))
    link = doc.link("visits", "revenue")
    assert link is not None and link.evidence is not None
    assert link.elasticity == pytest.approx(found.estimate, abs=1e-4)
    assert (link.evidence.periods, link.evidence.method, link.evidence.recorded_on) == (
        104, found.method, dt.date(2026, 11, 30))
    [again] = all_evidence(doc.tree.model_copy(update={"actuals": pair_tree(np.exp(lx), np.exp(ly)).actuals}))
    assert again.verdict is Verdict.SUPPORTS


@pytest.mark.parametrize("seed", range(5))
def test_the_seasonality_test_is_scipys_one_way_anova(seed: int) -> None:
    rng = np.random.default_rng(seed)
    values = rng.normal(size=103) + 0.3 * np.sin(np.arange(103) / 52 * 2 * np.pi) * seed
    groups = np.arange(103) % 52
    expected = stats.f_oneway(*[values[groups == g] for g in range(52) if (groups == g).sum() >= 2]).pvalue
    assert one_way_anova_p(values, groups, 52) == pytest.approx(expected, rel=1e-9)
