"""Elasticity from the series: regress the change in log target on the change in log driver.

First differences of logs, so that two metrics that merely trend together do not pass as evidence.
The driver enters with lags 0..k; k (at most ``max_lag``) is chosen by BIC over one common sample,
so the candidates are compared on the same periods. When either metric is seasonal, season dummies
join the regression. The elasticity is the sum of the lag coefficients (the total effect), with a
Newey–West (HAC) 90 % interval from statsmodels; the Granger test asks whether the driver's past
changes help predict the target's beyond the target's own past.

Lag selection scores the nested candidates from one QR decomposition with numpy (statsmodels would
build a results object per candidate; with a thousand links that is most of the time); only the
chosen model is fitted with statsmodels. tests/sim/test_evidence_series.py checks that both give
the same BIC and the same choice.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.special import fdtrc, stdtrit

from metricscape.model.periods import Grain

from .align import Aligned, FloatArray, LogSeries, align, seasons
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


def _lagged(dx: FloatArray, lags: int) -> FloatArray:
    """Column j is the driver's change j periods earlier (rows start at change ``lags``)."""
    n = len(dx)
    return np.column_stack([dx[lags - j:n - j] for j in range(lags + 1)])


def _dummies(season: npt.NDArray[np.int64]) -> FloatArray:
    """One column per season seen, minus the first (the constant stands for it)."""
    present = np.unique(season)
    return np.asarray(season[:, None] == present[None, 1:], dtype=np.float64)


def _design(aligned: Aligned, lags: int, seasonal: bool, grain: Grain) -> tuple[FloatArray, FloatArray, int]:
    """(target changes, regressors, number of leading columns before the lags) over the usable rows.

    Columns: the constant, the season dummies (if any), then the driver's change at lags 0..``lags``;
    the candidate with lags 0..k is then the first ``lead + k + 1`` columns.
    """
    dx, dy = np.diff(aligned.x), np.diff(aligned.y)
    lag_cols, target = _lagged(dx, lags), dy[lags:]
    ok = np.isfinite(target) & np.isfinite(lag_cols).all(axis=1)
    parts = [np.ones((int(ok.sum()), 1))]
    if seasonal:
        parts.append(_dummies(seasons(aligned.first + 1 + lags, len(target), grain)[ok]))
    lead = sum(p.shape[1] for p in parts)
    return target[ok], np.column_stack([*parts, lag_cols[ok]]), lead


def bic(y: FloatArray, x: FloatArray) -> float:
    """The BIC statsmodels reports for OLS (Gaussian log-likelihood, parameters = rank of X)."""
    beta, _, rank, _ = np.linalg.lstsq(x, y, rcond=None)
    resid = y - x @ beta
    return _bic(float(resid @ resid), len(y), int(rank))


def _bic(ssr: float, n: int, params: int) -> float:
    return n * math.log(2 * math.pi) + n * math.log(ssr / n) + n + params * math.log(n)


def nested_ssr(y: FloatArray, x: FloatArray) -> FloatArray | None:
    """The residual sum of squares of y on the first j columns of x, for every j, from one QR
    decomposition (the models are nested); None when x is not of full column rank."""
    q, r = np.linalg.qr(x)
    if np.min(np.abs(np.diag(r))) < 1e-10 * max(1.0, float(np.max(np.abs(r)))):
        return None
    explained = np.cumsum((q.T @ y) ** 2)
    return np.maximum(float(y @ y) - explained, 0.0)


def choose_lag(aligned: Aligned, max_lag: int, seasonal: bool, grain: Grain) -> int | None:
    """The lag 0..max_lag with the lowest BIC, every candidate fitted on the rows the longest can use."""
    y, x, lead = _design(aligned, max_lag, seasonal, grain)
    n = len(y)
    if n - x.shape[1] < MIN_DOF:
        return None
    ssr = nested_ssr(y, x)
    if ssr is None:
        return None
    scores = [_bic(float(ssr[lead + k]), n, lead + k + 1) for k in range(max_lag + 1)]
    return int(np.argmin(scores))


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
        reason = ("too few consecutive periods to estimate the season and the lags" if seasonal
                  else "too few consecutive periods, or a driver that does not vary")
        return TooShort(MIN_DOF, reason)
    target, design, lead = _design(aligned, chosen, seasonal, grain)
    n = len(target)
    # Frisch–Waugh–Lovell: partial the constant and the season dummies out of the target and the
    # lags, then regress on the lags alone. Coefficients and residuals are those of the full
    # regression, and so is the lags' block of the HAC covariance; only the residual degrees of
    # freedom must count the partialled columns. It keeps statsmodels' regression small: its fit
    # takes a pseudo-inverse with an SVD, ~30x slower for the 57 columns of weekly dummies.
    basis, _ = np.linalg.qr(design[:, :lead])
    lag_cols = design[:, lead:]
    y_rest = target - basis @ (basis.T @ target)
    x_rest = lag_cols - basis @ (basis.T @ lag_cols)
    from statsmodels.regression.linear_model import OLS  # lazy: ~0.4 s of imports, needed only here

    model = OLS(y_rest, x_rest, hasconst=False)
    model.df_resid = float(n - design.shape[1])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # statsmodels warns about small samples; the interval says it
        result = model.fit(cov_type="HAC", cov_kwds={"maxlags": newey_west_lags(n)}, use_t=True)
    # The total effect is the sum of the lag coefficients: its variance is w' V w with V the HAC
    # covariance (what result.t_test(w) computes, without building a contrast object per link).
    weights = np.ones(lag_cols.shape[1])
    params, cov = np.asarray(result.params), np.asarray(result.cov_params())
    estimate = float(weights @ params)
    half = float(stdtrit(result.df_resid, 0.5 + LEVEL / 2)) * math.sqrt(float(weights @ cov @ weights))
    driver = lag_cols.sum(axis=1)
    scatter = Scatter(driver_changes=tuple(driver.tolist()), target_changes=tuple(target.tolist()),
                      intercept=float(target.mean() - estimate * driver.mean()), slope=estimate)
    return Fit(estimate=estimate, low=estimate - half, high=estimate + half, lag=chosen, seasonal=seasonal,
               observations=n, granger_p=granger_p(aligned, max(1, chosen)),
               change_correlation=_change_correlation(aligned), scatter=scatter)


def pearson(a: FloatArray, b: FloatArray) -> float | None:
    """Pearson's r over the pairs where both are finite; None when either does not vary.
    (np.corrcoef builds a covariance matrix with checks: a third of the time of a link.)"""
    ok = np.isfinite(a) & np.isfinite(b)
    if ok.sum() < 3:
        return None
    da, db = a[ok] - a[ok].mean(), b[ok] - b[ok].mean()
    scale = math.sqrt(float(da @ da) * float(db @ db))
    return None if scale == 0 else float(np.clip(da @ db / scale, -1.0, 1.0))


def _change_correlation(aligned: Aligned) -> float | None:
    return pearson(np.diff(aligned.x), np.diff(aligned.y))


def level_correlation(aligned: Aligned) -> float | None:
    """Pearson correlation of the log levels: two trending series show a high one whatever links them."""
    return pearson(aligned.x, aligned.y)


def granger_p(aligned: Aligned, lag: int) -> float | None:
    """The Granger F test (statsmodels' ssr_ftest) on the longest run of periods where both changes exist:
    do the driver's last ``lag`` changes predict the target's beyond the target's own past?

    Computed from one QR decomposition of the nested regressions rather than with
    grangercausalitytests, which fits and tests four ways per call (two thirds of the time for a
    thousand links); tests/sim/test_evidence_series.py checks both give the same p-value.
    """
    dx, dy = np.diff(aligned.x), np.diff(aligned.y)
    start, length = _longest_run(np.isfinite(dx) & np.isfinite(dy))
    if length < 3 * lag + MIN_DOF:
        return None
    x, y = dx[start:start + length], dy[start:start + length]
    target = y[lag:]
    n = len(target)
    columns = [np.ones(n)] + [y[lag - j:len(y) - j] for j in range(1, lag + 1)] \
        + [x[lag - j:len(x) - j] for j in range(1, lag + 1)]
    ssr = nested_ssr(target, np.column_stack(columns))
    if ssr is None:
        return None
    restricted, full = float(ssr[lag]), float(ssr[2 * lag])
    dof = n - 2 * lag - 1
    if full <= 0:
        return None
    statistic = (restricted - full) / full * dof / lag
    return float(fdtrc(lag, dof, statistic))


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
