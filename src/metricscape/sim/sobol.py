"""Global sensitivity: Sobol first- and total-order indices with bootstrap confidence intervals.

A vectorised Saltelli design: two independent N x k sample matrices A and B, and k matrices AB_i
(A with column i from B), run through the plan as one batch of N (k + 2) columns. Estimators:
first order S_i = mean(f(B) (f(AB_i) - f(A))) / V (Saltelli 2010), total order
ST_i = mean((f(A) - f(AB_i))^2) / (2 V) (Jansen), V the variance of f(A) and f(B) together —
the same estimators SALib uses, which the tests use as the oracle. Inputs are taken as
independent: correlations are ignored here (a warning says so).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from metricscape.model.tree import MetricTree

from .factors import Factor, split
from .plan import Plan
from .progress import Progress, report
from .results import SobolIndex, SobolResult

RESAMPLES = 100
CONFIDENCE = 0.95


@dataclass(frozen=True)
class Indices:
    first: np.ndarray
    first_ci: np.ndarray
    total: np.ndarray
    total_ci: np.ndarray


def estimate(f_a: np.ndarray, f_b: np.ndarray, f_ab: np.ndarray, seed: int = 0, resamples: int = RESAMPLES,
             confidence: float = CONFIDENCE) -> Indices:
    """Indices from model outputs: f_a and f_b of shape (N,), f_ab of shape (k, N).

    Both estimators are means of per-sample terms, so a bootstrap resample is a weighted mean with
    weights = how often each sample was drawn: all resamples come out of one matrix product
    instead of gathering (k, resamples, N) copies.
    """
    # The first-order estimator is not shift-invariant: centre the outputs to cut its bias (as SALib does).
    n = f_a.size
    centre = (f_a.sum() + f_b.sum() + f_ab.sum()) / (n * (f_ab.shape[0] + 2))
    f_a, f_b, f_ab = f_a - centre, f_b - centre, f_ab - centre
    first_terms = f_b * (f_ab - f_a)
    total_terms = 0.5 * (f_a - f_ab) ** 2
    rng = np.random.default_rng(seed)
    drawn = rng.integers(0, n, size=(resamples, n)) + np.arange(resamples)[:, None] * n
    weights = np.vstack([np.ones(n), np.bincount(drawn.ravel(), minlength=resamples * n).reshape(resamples, n)])
    mean = weights @ (f_a + f_b) / (2 * n)
    variance = weights @ (f_a * f_a + f_b * f_b) / (2 * n) - mean * mean
    flat = variance <= np.finfo(float).eps * max(1.0, float(np.abs(mean).max()))  # a constant output
    variance = np.where(flat, 1.0, variance)[:, None]
    first = np.where(flat[:, None], 0.0, weights @ first_terms.T / n / variance)
    total = np.where(flat[:, None], 0.0, weights @ total_terms.T / n / variance)
    from scipy import special

    z = special.ndtri(0.5 + confidence / 2)
    return Indices(first[0], z * first[1:].std(axis=0, ddof=1), total[0], z * total[1:].std(axis=0, ddof=1))


def design(factors: list[Factor], n: int, seed: int) -> np.ndarray:
    """Factor values for the batch [A, B, AB_1 .. AB_k]: shape (k, n (k + 2))."""
    from scipy.stats import qmc  # imported on first use, as scipy.optimize in goal seek

    k = len(factors)
    # A and B side by side in one scrambled Sobol' sequence of 2k dimensions (as SALib's sampler does):
    # far smaller errors than independent random matrices for the same n.
    u = qmc.Sobol(2 * k, scramble=True, rng=np.random.default_rng(seed)).random(n).T
    u = np.maximum(u, 2.0 ** -60)  # a point may be exactly 0, whose quantile can be -inf
    a = np.vstack([f.marginal.ppf(row) for f, row in zip(factors, u[:k], strict=True)])
    b = np.vstack([f.marginal.ppf(row) for f, row in zip(factors, u[k:], strict=True)])
    batch = np.empty((k, n * (k + 2)))
    batch[:, :n], batch[:, n:2 * n] = a, b
    blocks = batch[:, 2 * n:].reshape(k, k, n)  # blocks[j, i]: factor j in AB_i
    blocks[:] = a[:, None, :]
    blocks[np.arange(k), np.arange(k)] = b
    return batch


def sobol(tree: MetricTree, plan: Plan, factors: list[Factor], target_id: str, n: int, seed: int,
          warnings: list[str], progress: Progress | None = None) -> SobolResult:
    target = plan.index(target_id)
    needed = plan.upstream(target) | {target}
    used = [f for f in factors if f.position in needed]
    k = len(used)
    report(progress, 0.0)
    out = evaluate_design(plan, used, design(used, n, seed), target, needed) if k else np.zeros(2 * n)
    report(progress, 0.8)
    indices = estimate(out[:n], out[n:2 * n], out[2 * n:].reshape(k, n), seed=seed)
    rows = [SobolIndex(input=f.key, name=f.label, first=float(indices.first[j]), first_ci=float(indices.first_ci[j]),
                       total=float(indices.total[j]), total_ci=float(indices.total_ci[j]))
            for j, f in enumerate(used)]
    rows.sort(key=lambda r: (-r.total if np.isfinite(r.total) else 0.0, r.input))
    notes = list(warnings)
    if tree.simulation.correlations:
        notes.append("Sobol indices treat the inputs as independent: the correlations are left out here")
    report(progress, 1.0)
    return SobolResult(target=target_id, name=tree.metric(target_id).name, n=n, seed=seed, indices=rows,
                       warnings=notes)


def evaluate_design(plan: Plan, factors: list[Factor], batch: np.ndarray, target: int, needed: set[int]) -> np.ndarray:
    sources, elasticities = split(factors, list(batch))
    values = plan.update(plan.baseline, {f.position for f in factors}, sources=sources, elasticities=elasticities,
                         within=needed)
    return np.broadcast_to(np.asarray(values[target], dtype=float), (batch.shape[1],))
