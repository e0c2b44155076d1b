"""Drawing the uncertain factors: one standard normal block in a fixed order, correlated with the
Gaussian copula, then mapped through each marginal. Same seed, same model: same numbers."""

from __future__ import annotations

import numpy as np

from .correlation import normal_scores_transform
from .factors import Factor


def draw(factors: list[Factor], samples: int, seed: int, spearman: np.ndarray | None = None) -> np.ndarray:
    """A (factors x samples) array of draws."""
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((len(factors), samples))
    if spearman is not None:
        z = normal_scores_transform(spearman) @ z
    for row, factor in zip(z, factors, strict=True):
        row[:] = factor.marginal.from_normal(row)
    return z


def from_uniform(factors: list[Factor], u: np.ndarray) -> np.ndarray:
    """Map a (factors x n) array of probabilities through each marginal (Sobol designs)."""
    return np.vstack([f.marginal.ppf(row) for f, row in zip(factors, u, strict=True)]) if len(factors) \
        else np.empty((0, u.shape[1]))
