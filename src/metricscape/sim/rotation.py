"""The directions in which a metric moves most, to hand to the first Sobol' dimensions.

A percentile counts the samples below a line, and scrambled Sobol' points stratify their first
dimensions far better than the rest. Input by input there is nothing to stratify well: on the
benchmark tree (``benchmarks/bench_precision.py``) the north star moves with twenty inputs at once,
and the errors of P10, P50 and P90 shrink only like those of plain draws. In the inputs' normal
scores it moves mostly along *one direction* (93 % of the weight of its unit gradients on that
tree): turned so that this direction is the first Sobol' dimension, the next most important the
second and so on, ±0.1 % on P10, P50 and P90 took 190,000 samples instead of the 610,000 Sobol'
points in tornado order needed.

The directions are the active subspace of the metric (Constantine, 2015): the eigenvectors of the
mean outer product of its gradients, on a small pilot of points. Each gradient is scaled to length
one, since only which way the level lines run matters to a percentile, not how fast the metric climbs.
No library computes this on our plan, so it is these few lines of numpy (finite differences, one
``eigh``). The pilot's points are fixed, so the turn is a property of the model and the metric:
every run and every replicate of a seed gets the same one, and the replicates stay independent.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

PILOT = 256          # pilot points at most; at 128 the benchmark's errors were within a few % of 512's
MIN_PILOT = 64
STEP = 1e-4          # finite-difference step, in standard deviations of a normal score
MAX_FACTORS = 128    # measured on generated trees at ±0.02 %: 60 inputs 4.6x and 120 inputs 3.4x faster turned than
                     # in tornado order; the pilot costs d evaluations per point and the turn d^2 products per
                     # sample, so larger models keep the tornado order
_PILOT_SEED = 20261130


def pilot_size(dims: int, metrics: int, budget_bytes: float) -> int:
    """Pilot points for a model: fewer for a wide one, whose every metric is evaluated at each of the
    (dims + 1) x points columns, down to MIN_PILOT (a run's time, not its memory: the columns can be
    evaluated a few at a time)."""
    return int(min(PILOT, max(MIN_PILOT, budget_bytes // (8 * (dims + 1) * max(metrics, 1)))))


def principal_directions(metric_of: Callable[[np.ndarray], np.ndarray], dims: int, pilot: int = PILOT) -> np.ndarray | None:
    """An orthogonal ``dims x dims`` matrix whose column k is the k-th most important direction of the
    metric in the inputs' independent normal scores, or None where there is nothing to turn (one
    input, or no pilot point where the metric has a finite, non-zero slope).

    ``metric_of(scores)`` evaluates the metric at each column of a ``dims x n`` array of scores."""
    if not 2 <= dims <= MAX_FACTORS:
        return None
    points = np.random.Generator(np.random.SFC64(_PILOT_SEED)).standard_normal((dims, pilot))
    shifted = [points] + [points + STEP * np.eye(dims)[:, [j]] for j in range(dims)]
    with np.errstate(all="ignore"):
        values = np.asarray(metric_of(np.concatenate(shifted, axis=1)), dtype=float)
        if values.ndim == 0:
            return None  # nothing uncertain feeds the metric
        values = values.reshape(dims + 1, pilot)
        slopes = (values[1:] - values[0]) / STEP
        lengths = np.linalg.norm(slopes, axis=0)
    usable = np.isfinite(lengths) & (lengths > 0)
    if not usable.any():
        return None
    unit = slopes[:, usable] / lengths[usable]
    # einsum, not ``unit @ unit.T``: a product this size would wake OpenBLAS's thread pool, which spins
    # on the core the app leaves to its window (see sampling._product_step).
    weights, directions = np.linalg.eigh(np.einsum("ip,jp->ij", unit, unit))
    turned: np.ndarray = np.ascontiguousarray(directions[:, np.argsort(weights)[::-1]])
    return turned
