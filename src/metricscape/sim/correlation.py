"""Rank correlations between inputs, imposed with a Gaussian copula.

A Spearman correlation rho between two inputs becomes a correlation 2 sin(pi rho / 6) between
their normal scores; pushing correlated normal scores through each marginal's quantile function
gives exactly the asked rank correlation, whatever the marginals. The matrix the user asks for must
be a valid correlation matrix (positive semi-definite); if not, the error names the pairs that
cannot hold together.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

from metricscape.model.metadata import Correlation

from .errors import SimulationError
from .factors import Factor, FactorKind


def correlation_matrix(factors: list[Factor], correlations: tuple[Correlation, ...],
                       names: dict[str, str]) -> tuple[np.ndarray | None, list[str]]:
    """The Spearman matrix over ``factors`` (None when nothing is correlated) and warnings for
    correlations that cannot apply (an input without uncertainty)."""
    where = {f.key: i for i, f in enumerate(factors) if f.kind is FactorKind.METRIC}
    warnings: list[str] = []
    matrix = np.eye(len(factors))
    used = False
    for corr in correlations:
        missing = [end for end in (corr.a, corr.b) if end not in where]
        if missing:
            warnings.append(f"the correlation between '{names[corr.a]}' and '{names[corr.b]}' is ignored: "
                            f"'{names[missing[0]]}' has no uncertainty to correlate")
            continue
        i, j = where[corr.a], where[corr.b]
        matrix[i, j] = matrix[j, i] = corr.rho
        used = used or corr.rho != 0
    if not used:
        return None, warnings
    _check_valid(matrix, factors, names)
    return matrix, warnings


def normal_scores_transform(spearman: np.ndarray) -> np.ndarray:
    """A lower-triangular L with L @ L.T the normal-score correlation matching ``spearman``."""
    pearson = 2 * np.sin(np.pi * spearman / 6)
    values, vectors = np.linalg.eigh(pearson)
    if values.min() <= 1e-10:  # singular (e.g. rho = 1): nudge to the nearest positive definite matrix
        pearson = (vectors * np.maximum(values, 1e-10)) @ vectors.T
        d = np.sqrt(np.diag(pearson))
        pearson = pearson / np.outer(d, d)
    return np.linalg.cholesky(pearson)


def _check_valid(matrix: np.ndarray, factors: list[Factor], names: dict[str, str]) -> None:
    if np.linalg.eigvalsh(matrix).min() >= -1e-9:
        return
    involved = [i for i in range(len(factors)) if np.count_nonzero(matrix[i]) > 1]
    culprit = next((trio for trio in combinations(involved, 3)
                    if np.linalg.eigvalsh(matrix[np.ix_(trio, trio)]).min() < -1e-9), tuple(involved))
    pairs = [f"'{names[factors[i].key]}'–'{names[factors[j].key]}' ({matrix[i, j]:+g})"
             for i, j in combinations(culprit, 2) if matrix[i, j] != 0]
    raise SimulationError("these correlations cannot all hold at once: " + ", ".join(pairs)
                          + ". Weaken one of them (or make their signs consistent)")
