"""Elasticity from the series: regress the change in log target on the change in log driver.

First differences of logs, so that two metrics that merely trend together do not pass as evidence.
The driver enters with lags 0..k; k (at most ``max_lag``) is chosen by BIC over one common sample,
so the candidates are compared on the same periods. When either metric is seasonal, season dummies
join the regression. The elasticity is the sum of the lag coefficients (the total effect), with a
Newey–West (HAC) 90 % interval from statsmodels; the Granger test asks whether the driver's past
changes help predict the target's beyond the target's own past.

Lag selection solves the candidate least-squares problems with numpy (statsmodels would build a
results object per candidate; with a thousand links that is most of the time); only the chosen
model is fitted with statsmodels. tests/sim/test_evidence_series.py checks that both give the same BIC.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import statsmodels.api as sm
from statsmodels.tsa.stattools import grangercausalitytests

from metricscape.model.periods import Grain

from .align import Aligned, FloatArray, LogSeries, align, season_of
from .results import Scatter

LEVEL = 0.90
MIN_PERIODS = 20    # periods with both metrics: fewer cannot separate a real link from noise
MIN_DOF = 10        # residual degrees of freedom the regression must keep


@dataclass(frozen=True)
class Fit:
    estimate: float
    low: float
    high: float
    lag: int
    seasonal: bool
    observations: int       # changes used in the regression
    granger_p: float | None
    change_correlation: float | None
    scatter: Scatter


@dataclass(frozen=True)
class TooShort:
    periods_needed: int
    reason: str


def newey_west_lags(n: int) -> int:
    """The Newey–West (1994) rule of thumb for the HAC bandwidth: 4 (n/100)^(2/9)."""
    return max(1, int(4 * (n / 100) ** (2 / 9)))


@lru_cache(maxsize=4096)
def _seasons(first: int, count: int, grain: Grain) -> tuple[int, ...]:
    return tuple(season_of(first + i, grain) for i in range(count))


def _lagged(dx: FloatArray, lags: int) -> FloatArray:
    """Column j is the driver's change j periods earlier (rows start at change ``lags``)."""
    n = len(dx)
    return np.column_stack([dx[lags - j:n - j] for j in range(lags + 1)])


def _dummies(season: np.ndarray) -> FloatArray:
    """One column per season seen, minus the first (the constant stands for it)."""
    present = np.unique(season)
    return (season[:, None] == present[None, 1:]).astype(np.float64)


def _design(aligned: Aligned, lags: int, seasonal: bool, grain: Grain
            ) -> tuple[FloatArray, FloatArray, FloatArray]:
    """(target changes, regressors with the constant first, driver lag columns) over the usable rows."""
    dx, dy = np.diff(aligned.x), np.diff(aligned.y)
    lag_cols, target = _lagged(dx, lags), dy[lags:]
    parts = [np.ones((len(target), 1)), lag_cols]
    ok = np.isfinite(target) & np.isfinite(lag_cols).all(axis=1)
    if seasonal:
        season = np.array(_seasons(aligned.first + 1 + lags, len(target), grain))[ok]
        return target[ok], np.column_stack([parts[0][ok], lag_cols[ok], _dummies(season)]), lag_cols[ok]
    return target[ok], np.column_stack([p[ok] for p in parts]), lag_cols[ok]


def bic(y: FloatArray, x: FloatArray) -> float:
    """The BIC statsmodels reports for OLS (Gaussian log-likelihood, parameters = rank of X)."""
    beta, _, rank, _ = np.linalg.lstsq(x, y, rcond=None)
    resid = y - x @ beta
    n = len(y)
    ssr = float(resid @ resid)
    return n * math.log(2 * math.pi) + n * math.log(ssr / n) + n + rank * math.log(n)


def choose_lag(aligned: Aligned, max_lag: int, seasonal: bool, grain: Grain) -> int | None:
    """The lag 0..max_lag with the lowest BIC, every candidate fitted on the rows the longest can use."""
    y, x, _ = _design(aligned, max_lag, seasonal, grain)
    if len(y) - x.shape[1] < MIN_DOF:
        return None
    best, best_bic = 0, math.inf
    seasonal_cols = x[:, 2 + max_lag:]
    for k in range(max_lag + 1):
        candidate = np.column_stack([x[:, :2 + k], seasonal_cols])
        value = bic(y, candidate)
        if value < best_bic - 1e-12:
            best, best_bic = k, value
    return best


def fit(x: LogSeries, y: LogSeries, grain: Grain, *, seasonal: bool, max_lag: int = 4) -> Fit | TooShort:
    aligned = align(x, y)
    both = int(aligned.both.sum())
    if both < MIN_PERIODS:
        return TooShort(MIN_PERIODS - both, f"{both} periods with both metrics")
    lags = max_lag
    chosen = choose_lag(aligned, lags, seasonal, grain)
    while chosen is None and lags > 0:  # short series: try fewer lags before giving up
        lags -= 1
        chosen = choose_lag(aligned, lags, seasonal, grain)
    if chosen is None:
        reason = "too few consecutive periods to estimate the season and the lags" if seasonal else \
                 "too few consecutive periods"
        return TooShort(max(1, MIN_DOF), reason)
    target, design, lag_cols = _design(aligned, chosen, seasonal, grain)
    n = len(target)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # statsmodels warns about small samples; the interval says it
        result = sm.OLS(target, design).fit(cov_type="HAC", cov_kwds={"maxlags": newey_west_lags(n)}, use_t=True)
        weights = np.zeros(design.shape[1])
        weights[1:2 + chosen] = 1.0
        total = result.t_test(weights)
    low, high = (float(v) for v in np.asarray(total.conf_int(alpha=1 - LEVEL))[0])
    estimate = float(np.asarray(total.effect).ravel()[0])
    params = np.asarray(result.params)
    scatter = Scatter(driver_changes=tuple(float(v) for v in lag_cols.sum(axis=1)),
                      target_changes=tuple(float(v) for v in target), intercept=float(params[0]), slope=estimate)
    return Fit(estimate=estimate, low=low, high=high, lag=chosen, seasonal=seasonal, observations=n,
               granger_p=granger_p(aligned, max(1, chosen)), change_correlation=_change_correlation(aligned),
               scatter=scatter)


def _change_correlation(aligned: Aligned) -> float | None:
    dx, dy = np.diff(aligned.x), np.diff(aligned.y)
    ok = np.isfinite(dx) & np.isfinite(dy)
    if ok.sum() < 3 or np.ptp(dx[ok]) == 0 or np.ptp(dy[ok]) == 0:
        return None
    return float(np.corrcoef(dx[ok], dy[ok])[0, 1])


def level_correlation(aligned: Aligned) -> float | None:
    """Pearson correlation of the log levels: two trending series show a high one whatever links them."""
    ok = aligned.both
    if ok.sum() < 3 or np.ptp(aligned.x[ok]) == 0 or np.ptp(aligned.y[ok]) == 0:
        return None
    return float(np.corrcoef(aligned.x[ok], aligned.y[ok])[0, 1])


def granger_p(aligned: Aligned, lag: int) -> float | None:
    """statsmodels' Granger F test (ssr_ftest) on the longest run of periods where both changes exist."""
    dx, dy = np.diff(aligned.x), np.diff(aligned.y)
    start, length = _longest_run(np.isfinite(dx) & np.isfinite(dy))
    if length < 3 * lag + MIN_DOF:
        return None
    data = np.column_stack([dy[start:start + length], dx[start:start + length]])
    if np.ptp(data[:, 0]) == 0 or np.ptp(data[:, 1]) == 0:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tests = grangercausalitytests(data, maxlag=[lag])
    return float(tests[lag][0]["ssr_ftest"][1])


def _longest_run(ok: np.ndarray) -> tuple[int, int]:
    best_start, best_len, start = 0, 0, None
    for i, flag in enumerate([*ok.tolist(), False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            if i - start > best_len:
                best_start, best_len = start, i - start
            start = None
    return best_start, best_len
