"""Drawing the uncertain factors, reproducibly, as independent *replicates*.

A run is split into ``replicates`` independent streams (one child of ``SeedSequence(seed)`` each).
Each replicate is one of:

- ``sobol`` (the default): a scrambled Sobol' sequence (``scipy.stats.qmc.Sobol``) mapped through
  each input's quantile function. Randomised quasi-Monte Carlo: far smaller errors than plain draws
  for the same number of samples, and still unbiased. The run's replicates share one linear matrix
  scramble (drawn from the seed) and each adds its own random digital shift: a digital shift alone
  makes every point uniform, so each replicate is unbiased whatever the shared scramble, and the
  replicates are independent given it, which is all their spread needs to measure the error. One
  scramble instead of sixteen: it costs 0.5 ms at 20 inputs and 60 ms at 600.
- ``lhs``: a Latin hypercube (``scipy.stats.qmc.LatinHypercube``) mapped the same way.
- ``random``: plain pseudo-random draws (numpy's SFC64), normals drawn directly where a standard
  normal maps to the value in closed form.

Independent replicates are what make the error of every summary measurable (their spread), and
they are what threads share out: a replicate's numbers depend only on the seed and its index, so the
result is the same whatever the number of threads. Correlated inputs go through the Gaussian
copula inside each replicate: their uniforms become normal scores, are mixed, then mapped.

A Sobol' run may be *turned* (``rotation``, from ``rotation.principal_directions``): every uniform
becomes a normal score, the scores are turned so that Sobol' dimension k runs along the k-th most
important direction of the summarised metric, then mixed by the copula and mapped. A turn of
independent standard normals is again independent standard normals, so each input keeps its
distribution exactly; only which points are stratified best changes.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import numpy as np

from .correlation import normal_scores_transform
from .factors import Factor

if TYPE_CHECKING:
    from scipy.stats import qmc

_SMALLEST_U = 2.0 ** -60  # a point may be exactly 0, whose quantile can be -inf
_SINGLE_THREADED_PRODUCT = 65536 * 4  # OpenBLAS's GEMM_MULTITHREAD_THRESHOLD: m*n*k up to this stays on one thread


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
    order: tuple[int, ...] | None = None  # Sobol': factor order[k] takes dimension k (None: factor j takes j)
    _sobol: qmc.Sobol | None = field(default=None, repr=False)
    _rng: np.random.Generator | None = field(default=None, repr=False)
    _unused: np.ndarray | None = field(default=None, repr=False)  # Sobol' points drawn, not yet handed out

    def __post_init__(self) -> None:
        self._rng = np.random.Generator(np.random.SFC64(self.seed))

    def _sequence(self) -> qmc.Sobol:
        """The replicate's Sobol' engine, made on first use: the run's scrambled engine with the
        replicate's own digital shift."""
        if self._sobol is None:
            assert self._rng is not None
            self._sobol = _shifted(_scrambled(self.seed.entropy, self.dims), self._rng)
        return self._sobol

    def uniforms(self, m: int) -> np.ndarray:
        """An (m x dims) array of points in (0, 1), column k being dimension k (``raw`` applies ``order``)."""
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
        """The next m points of the sequence. The first draw is a power of two (scipy warns otherwise);
        later ones are exactly what is asked (drawing on to the next power of two cost up to twice the
        points in precision mode, and the errors measured on generated trees were no smaller for it).
        Points drawn and not yet handed out wait for the next call, so how a replicate is cut into
        blocks never changes its points."""
        sequence = self._sequence()
        unused = np.empty((0, self.dims)) if self._unused is None else self._unused
        if len(unused) >= m:
            self._unused = unused[m:]
            return unused[:m]
        need = m - len(unused)
        if sequence.num_generated == 0:
            need = 1 << max(0, need - 1).bit_length()
        fresh = sequence.random(need)
        points = fresh if not len(unused) else np.concatenate([unused, fresh])
        self._unused = points[m:] if len(points) > m else None
        return points[:m]

    def raw(self, normal: list[bool], out: np.ndarray) -> None:
        """The next ``out.shape[1]`` points of every factor into ``out`` (factors x m), before mapping:
        uniforms, except plain draws of ``normal`` rows, which are standard normals directly."""
        m = out.shape[1]
        if out.shape[0] == 0 or m == 0:
            return
        if self.sampler is Sampler.RANDOM:
            assert self._rng is not None  # plain draws: normals directly, cheaper than a quantile function
            for row, use_normal in zip(out, normal, strict=True):
                if use_normal:
                    self._rng.standard_normal(out=row)
                else:
                    self._rng.random(out=row)
                    np.maximum(row, _SMALLEST_U, out=row)
        elif self.sampler is Sampler.SOBOL:  # one transposing pass, clipped on the way: rows then read contiguously
            points = self._sobol_points(m)
            if self.order is None:
                np.maximum(points.T, _SMALLEST_U, out=out)
            else:
                for dimension, row in enumerate(self.order):
                    np.maximum(points[:, dimension], _SMALLEST_U, out=out[row])
        else:
            out[...] = self.uniforms(m).T


@dataclass(frozen=True)
class Mapping:
    """From raw points to values (a row is one factor, a column one sample): normal scores where
    needed, the turn and the copula, then each marginal. Columns are mapped independently of each
    other, so threads can share a round's columns out."""

    factors: list[Factor]
    copula: Copula | None
    normal: list[bool]        # rows that go through a standard normal
    needs_ndtri: bool         # raw normal rows hold uniforms (QMC points), not normals yet
    rotation: np.ndarray | None = field(default=None, compare=False)  # column k: the direction of Sobol' dimension k

    @staticmethod
    def of(factors: list[Factor], copula: Copula | None, sampler: Sampler,
           rotation: np.ndarray | None = None) -> Mapping:
        turned = rotation if sampler is Sampler.SOBOL else None
        correlated = set(copula.rows) if copula else set()
        normal = [turned is not None or j in correlated or f.marginal.closed_form for j, f in enumerate(factors)]
        return Mapping(factors, copula, normal, sampler is not Sampler.RANDOM, turned)

    def scores(self, out: np.ndarray) -> None:
        """Step 1: uniforms of normal rows to normal scores."""
        if self.needs_ndtri:
            from scipy import (
                special,  # imported on first use: ~0.15 s the app's first window does not need
            )

            for row, normal in zip(out, self.normal, strict=True):
                if normal:
                    special.ndtri(row, out=row)

    @property
    def step(self) -> int:
        """Columns per matrix product (a power of two). A product's last bits depend on which columns
        it is computed with, so a run must cut its columns at multiples of this, whatever its threads."""
        return _product_step(len(self.factors))

    def turn(self, out: np.ndarray) -> None:
        """Step 2: the scores turned."""
        if self.rotation is not None:
            _multiply_in_place(self.rotation, out, self.step)

    def mix(self, out: np.ndarray) -> None:
        """Step 3: the Gaussian copula, on the correlated rows."""
        if self.copula is not None and out.shape[1]:
            rows = out[self.copula.rows]
            _multiply_in_place(self.copula.mixing, rows, self.step)
            out[self.copula.rows] = rows

    def values(self, out: np.ndarray) -> None:
        """Step 4: each factor's marginal."""
        for row, normal, factor in zip(out, self.normal, self.factors, strict=True):
            if normal:
                factor.marginal.from_normal(row, out=row)
            else:
                factor.marginal.from_uniform(row, out=row)

    def apply(self, out: np.ndarray) -> None:
        self.scores(out)
        self.turn(out)
        self.mix(out)
        self.values(out)


def _product_step(rows: int) -> int:
    """A few hundred columns for a product of ``rows`` x ``rows`` by ``rows`` x step: OpenBLAS computes a
    product that small on the calling thread; a larger one starts its own threads, which spin while they
    wait and took the cores from ours (a 2-thread run used 1.8 times the CPU and 1.4 times the time)."""
    return 1 << max(4, (_SINGLE_THREADED_PRODUCT // max(1, rows) ** 2).bit_length() - 1)


def _multiply_in_place(matrix: np.ndarray, out: np.ndarray, step: int) -> None:
    """``out[...] = matrix @ out``, ``step`` columns per product."""
    for start in range(0, out.shape[1], step):
        block = out[:, start:start + step]
        block[...] = matrix @ block


def values_of_scores(factors: list[Factor], copula: Copula | None, scores: np.ndarray) -> np.ndarray:
    """Every factor's values (factors x n) at independent standard normal ``scores``."""
    mapping = Mapping(factors, copula, [True] * len(factors), needs_ndtri=False)
    values = np.array(scores, dtype=float)
    mapping.mix(values)
    mapping.values(values)
    return values


def _qmc() -> Any:
    """scipy.stats.qmc, imported on first use: scipy.stats costs about 0.3 s at startup."""
    from scipy.stats import qmc

    return qmc


@functools.lru_cache(maxsize=16)
def _scrambled(entropy: Any, dims: int) -> qmc.Sobol:
    """The scrambled Sobol' engine of a run's seed (its root ``SeedSequence``, whose stream no
    replicate uses). Scrambling costs about 0.1 ms per input and depends only on the seed and the
    number of inputs, so the app's re-runs after each edit reuse it (each replicate works on a copy)."""
    rng = np.random.Generator(np.random.SFC64(np.random.SeedSequence(entropy)))
    return _qmc().Sobol(dims, scramble=True, rng=rng)


def _shifted(engine: qmc.Sobol, rng: np.random.Generator) -> qmc.Sobol:
    """A copy of ``engine`` at the start of its sequence with a random digital shift of its own: the
    shift is where scipy's Gray-code walk starts (``_shift``; ``_first_point`` is that start as a
    point), XORed into every point. A shallow copy: it shares the scrambled direction numbers, which
    drawing only reads (a deep copy cost 2 ms a run). The suite checks the points against the XOR."""
    shifted = copy.copy(engine)
    shift = rng.integers(0, 1 << engine.bits, size=engine.d, dtype=np.uint64).astype(engine._shift.dtype)
    shifted._shift = shift
    shifted._first_point = (shift * engine._scale).reshape(1, -1).astype(np.float64)
    return shifted.reset()


def replicates(sampler: Sampler, seed: int, count: int, dims: int,
               order: tuple[int, ...] | None = None) -> list[Replicate]:
    return [Replicate(sampler, child, dims, order) for child in np.random.SeedSequence(seed).spawn(count)]


def split_evenly(samples: int, parts: int) -> list[int]:
    """``samples`` shared by ``parts`` replicates, the first ones taking one more when it does not divide."""
    base, extra = divmod(samples, parts)
    return [base + (r < extra) for r in range(parts)]
