"""Evidence from past experiments: the slope of north-star lift on proxy lift, corrected for noise.

Each experiment measures both lifts with error. Noise in the proxy's lift flattens the ordinary
least-squares slope (attenuation); the method-of-moments correction removes it by subtracting the
average squared standard error from the variance of the proxy lifts (Fuller, Measurement Error
Models, 1987, §1.1). Written here because statsmodels has no errors-in-variables estimator, and
scipy.odr (Deming/orthogonal regression with known errors) assumes the true effects lie exactly on
one line, which overstates the slope when the proxy explains only part of the north star's effect.
The 90 % interval bootstraps the experiments (fixed seed: the same ledger gives the same interval).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from metricscape.model.experiments import paired_lifts
from metricscape.model.metric import Direction, MetricKind
from metricscape.model.tree import MetricTree

from .results import LedgerEvidence, LedgerPoint

MIN_EXPERIMENTS = 3
BOOTSTRAP_SAMPLES = 2000
SEED = 20261130
LEVEL = 0.90


def corrected_moments(x: np.ndarray, y: np.ndarray, se_x: np.ndarray, se_y: np.ndarray
                      ) -> tuple[float | None, float | None]:
    """(slope, correlation of the true effects) with the noise variances taken out; None where the
    noise is as large as the spread itself (the true effects' variance is then not positive)."""
    cov = float(np.cov(x, y)[0, 1])
    var_x = float(np.var(x, ddof=1)) - float(np.mean(se_x**2))
    var_y = float(np.var(y, ddof=1)) - float(np.mean(se_y**2))
    slope = cov / var_x if var_x > 0 else None
    corr = None
    if var_x > 0 and var_y > 0:
        corr = float(np.clip(cov / np.sqrt(var_x * var_y), -1.0, 1.0))
    return slope, corr


def _bootstrap(x: np.ndarray, y: np.ndarray, se_x: np.ndarray) -> tuple[float | None, float | None]:
    """Percentile interval of the corrected slope over experiments resampled with replacement."""
    n = len(x)
    picks = np.random.default_rng(SEED).integers(0, n, size=(BOOTSTRAP_SAMPLES, n))
    bx, by, bse = x[picks], y[picks], se_x[picks]
    mx, my = bx.mean(axis=1, keepdims=True), by.mean(axis=1, keepdims=True)
    cov = ((bx - mx) * (by - my)).sum(axis=1) / (n - 1)
    var = ((bx - mx) ** 2).sum(axis=1) / (n - 1) - (bse**2).mean(axis=1)
    slopes = np.where(var > 0, cov / np.where(var > 0, var, 1.0), np.nan)
    valid = slopes[np.isfinite(slopes)]
    if len(valid) < BOOTSTRAP_SAMPLES / 2:  # the noise swamps the spread in most resamples
        return None, None
    tail = (1 - LEVEL) / 2 * 100
    low, high = np.percentile(valid, [tail, 100 - tail])
    return float(low), float(high)


def ledger_evidence(tree: MetricTree, proxy: str, north_star: str | None = None) -> LedgerEvidence:
    star = north_star or (tree.north_star.id if tree.north_star else "")
    names = {m.id: f"‘{m.name}’" for m in tree.metrics}
    pairs = paired_lifts(tree.experiments, proxy, star)
    points = tuple(LedgerPoint(e.name, px.lift, px.se, py.lift, py.se) for e, px, py in pairs)
    n = len(points)
    empty = LedgerEvidence(proxy=proxy, north_star=star, experiments=n, ledger_slope=None, ledger_low=None,
                           ledger_high=None, naive_slope=None, sign_agreement=None, agreeing=0,
                           true_correlation=None, points=points, message="")
    if n < MIN_EXPERIMENTS:
        return _with(empty, f"{n} past experiment{'s' if n != 1 else ''} measured both {names.get(proxy, proxy)} "
                            f"and the north star; at least {MIN_EXPERIMENTS} are needed for a slope.")
    x = np.array([p.proxy_lift for p in points])
    y = np.array([p.star_lift for p in points])
    se_x = np.array([p.proxy_se for p in points])
    se_y = np.array([p.star_se for p in points])
    # Agreement is moving the good way together: a lower-is-better proxy (time to first play) agrees
    # when it falls while a higher-is-better north star rises.
    orient = _orientation(tree, proxy) * _orientation(tree, star)
    agreeing = int(np.sum(np.sign(x) * np.sign(y) * orient > 0))
    from scipy.stats import (
        linregress,  # lazy: scipy.stats costs ~0.3 s, the app imports this at start
    )

    naive = float(linregress(x, y).slope) if np.ptp(x) > 0 else None
    slope, corr = corrected_moments(x, y, se_x, se_y)
    low, high = _bootstrap(x, y, se_x) if slope is not None else (None, None)
    proxy_name, star_name = names.get(proxy, proxy), names.get(star, star)
    way = "the same way" if orient > 0 else "the way they should (one is better lower)"
    text = f"In {agreeing} of {n} experiments {proxy_name} and the north star moved {way}."
    if slope is None:
        text += (" The experiments' noise is as large as their spread on the proxy, so no slope can be "
                 "told apart from noise: the ledger needs larger or more varied experiments.")
    else:
        span = f"90 % interval {interval(low, high)}" if low is not None and high is not None else "no interval"
        text += (f" Corrected for measurement noise, a 1 % lift on {proxy_name} went with a {slope:.2f} % lift "
                 f"on {star_name} ({span})")
        text += f"; ignoring the noise would say {naive:.2f}." if naive is not None else "."
    return LedgerEvidence(proxy=proxy, north_star=star, experiments=n, ledger_slope=slope, ledger_low=low,
                          ledger_high=high, naive_slope=naive, sign_agreement=agreeing / n, agreeing=agreeing,
                          true_correlation=corr, points=points, message=text)


def interval(low: float, high: float) -> str:
    """0.33–0.49, or -0.09 to -0.07 (a dash between negative numbers reads as a minus)."""
    return f"{low:.2f}–{high:.2f}" if low >= 0 else f"{low:.2f} to {high:.2f}"


def _orientation(tree: MetricTree, metric_id: str) -> int:
    found = next((m for m in tree.metrics if m.id == metric_id), None)
    return -1 if found is not None and found.direction is Direction.LOWER else 1


def _with(evidence: LedgerEvidence, message: str) -> LedgerEvidence:
    return replace(evidence, message=message)


def all_ledger_evidence(tree: MetricTree) -> list[LedgerEvidence]:
    """One entry per proxy that some past experiment measured together with the north star."""
    star = tree.north_star
    if star is None:
        return []
    return [ledger_evidence(tree, m.id, star.id) for m in tree.metrics
            if m.kind is MetricKind.PROXY and paired_lifts(tree.experiments, m.id, star.id)]
