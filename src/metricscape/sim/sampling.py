"""Drawing the uncertain factors, reproducibly, as independent *replicates*.

A run is split into ``replicates`` independent streams (one child of ``SeedSequence(seed)`` each).
Each replicate is one of:

- ``sobol`` (the default): a scrambled Sobol' sequence (``scipy.stats.qmc.Sobol``) mapped through
  each input's quantile function. Randomised quasi-Monte Carlo: far smaller errors than plain draws
  for the same number of samples, and still unbiased.
- ``lhs``: a Latin hypercube (``scipy.stats.qmc.LatinHypercube``) mapped the same way.
- ``random``: plain pseudo-random draws (numpy's SFC64), normals drawn directly where a standard
  normal maps to the value in closed form.

Independent replicates are what make the error of every summary measurable (their spread), and
they are what threads share out: a replicate's numbers depend only on the seed and its index, so the
result is the same whatever the number of threads. Correlated inputs go through the Gaussian
copula inside each replicate: their uniforms become normal scores, are mixed, then mapped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy import special

from .correlation import normal_scores_transform
from .factors import Factor

if TYPE_CHECKING:
    from scipy.stats import qmc

_SMALLEST_U = 2.0 ** -60  # a point may be exactly 0, whose quantile can be -inf


class Sampler(StrEnum):
    SOBOL = "sobol"
    LHS = "lhs"
    RANDOM = "random"


DEFAULT_SAMPLER = Sampler.SOBOL


@dataclass
class Copula:
    """The rows that take part in a correlation and the lower-triangular mixing matrix for them."""

    rows: list[int]
    mixing: np.ndarray

    @staticmethod
    def of(spearman: np.ndarray | None) -> Copula | None:
        if spearman is None:
            return None
        off_diagonal = spearman - np.diag(np.diag(spearman))
        rows = np.flatnonzero(np.any(off_diagonal != 0, axis=1)).tolist()
        if not rows:
            return None
        return Copula(rows, normal_scores_transform(spearman[np.ix_(rows, rows)]))


@dataclass
class Replicate:
    """One independent stream of draws; ``block(m)`` continues where the previous block ended (a
    Sobol' sequence stays one sequence, so its first 2^k points keep their balance)."""

    sampler: Sampler
    seed: np.random.SeedSequence
    dims: int
    _sobol: qmc.Sobol | None = field(default=None, repr=False)
    _rng: np.random.Generator | None = field(default=None, repr=False)
    _unused: np.ndarray | None = field(default=None, repr=False)  # Sobol' points drawn, not yet handed out

    def __post_init__(self) -> None:
        self._rng = np.random.Generator(np.random.SFC64(self.seed))
        if self.sampler is Sampler.SOBOL and self.dims:
            self._sobol = _qmc().Sobol(self.dims, scramble=True, rng=self._rng)

    def uniforms(self, m: int) -> np.ndarray:
        """An (m x dims) array of points in (0, 1)."""
        if self.sampler is Sampler.SOBOL:
            points = self._sobol_points(m)
        elif self.sampler is Sampler.LHS:
            points = _qmc().LatinHypercube(self.dims, rng=self._rng).random(m)
        else:
            assert self._rng is not None
            points = self._rng.random((self.dims, m)).T
        clipped: np.ndarray = np.maximum(points, _SMALLEST_U)
        return clipped

    def _sobol_points(self, m: int) -> np.ndarray:
        """The next m points of the sequence. It is drawn so that the total drawn stays a power of two
        (scipy warns otherwise, as the balance of the points needs it); the rest waits for the next
        call, so how a replicate is cut into blocks never changes its points."""
        assert self._sobol is not None
        unused = np.empty((0, self.dims)) if self._unused is None else self._unused
        if len(unused) < m:
            drawn = self._sobol.num_generated
            total = max(1 << max(0, (drawn + m - len(unused)) - 1).bit_length(), 1)
            unused = np.concatenate([unused, self._sobol.random(total - drawn)])
        self._unused = unused[m:]
        return unused[:m]

    def fill(self, factors: list[Factor], copula: Copula | None, out: np.ndarray) -> None:
        """Draw the next ``out.shape[1]`` samples of every factor into ``out`` (factors x m)."""
        m = out.shape[1]
        if not factors or m == 0:
            return
        correlated = set(copula.rows) if copula else set()
        normal = [j in correlated or f.marginal.closed_form for j, f in enumerate(factors)]
        if self.sampler is Sampler.RANDOM:
            assert self._rng is not None  # plain draws: normals directly, cheaper than a quantile function
            for row, use_normal in zip(out, normal, strict=True):
                if use_normal:
                    self._rng.standard_normal(out=row)
                else:
                    self._rng.random(out=row)
                    np.maximum(row, _SMALLEST_U, out=row)
        else:
            out[...] = self.uniforms(m).T  # one transposing copy: the rows below then read contiguously
            for row, use_normal in zip(out, normal, strict=True):
                if use_normal:
                    special.ndtri(row, out=row)
        if copula is not None:
            out[copula.rows] = copula.mixing @ out[copula.rows]
        for row, factor, use_normal in zip(out, factors, normal, strict=True):
            if use_normal:
                factor.marginal.from_normal(row, out=row)
            else:
                factor.marginal.from_uniform(row, out=row)


def _qmc() -> Any:
    """scipy.stats.qmc, imported on first use: scipy.stats costs about 0.3 s at startup."""
    from scipy.stats import qmc

    return qmc


def replicates(sampler: Sampler, seed: int, count: int, dims: int) -> list[Replicate]:
    return [Replicate(sampler, child, dims) for child in np.random.SeedSequence(seed).spawn(count)]


def split_evenly(samples: int, parts: int) -> list[int]:
    """``samples`` shared by ``parts`` replicates, the first ones taking one more when it does not divide."""
    base, extra = divmod(samples, parts)
    return [base + (r < extra) for r in range(parts)]
