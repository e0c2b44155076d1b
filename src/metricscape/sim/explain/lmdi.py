"""Exact splits of a change for sums (differences) and products (LMDI-I, Ang 2005).

For ``y = k · Π xᵢ^pᵢ`` the log-mean Divisia index gives factor i the share
``L(y₁, y₀) · pᵢ · ln(xᵢ₁ / xᵢ₀)`` with ``L(a, b) = (a − b) / (ln a − ln b)`` and ``L(a, a) = a``;
since ``Σ pᵢ ln(xᵢ₁/xᵢ₀) = ln(y₁/y₀)`` the shares add up to ``y₁ − y₀`` with no residual. Written
by hand: it is three lines of arithmetic and no maintained library implements it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def log_mean(a: float, b: float) -> float:
    """L(a, b) for two numbers of the same sign (the mean that makes log shares add up exactly)."""
    if a == b:
        return a
    x = (a - b) / b
    # log1p keeps its digits when a is close to b, where ln(a / b) would lose them; far apart (x near
    # -1, e.g. a fall to a millionth) it would lose them itself, and ln(a / b) is exact enough
    return (a - b) / (math.log1p(x) if abs(x) < 0.5 else math.log(a / b))


def linear_split(weights: Mapping[str, float], start: Mapping[str, float], end: Mapping[str, float]
                 ) -> dict[str, float]:
    """y = c + Σ wᵢ xᵢ: input i moved y by wᵢ · Δxᵢ."""
    return {ref: weight * (end[ref] - start[ref]) for ref, weight in weights.items()}


def lmdi_shares(powers: Sequence[float], factors: Sequence[tuple[float, float]], y_start: float, y_end: float
                ) -> list[float] | None:
    """y = k Π Fᵢ^pᵢ, each factor given as (start, end): the LMDI-I share of each factor, or None where
    logarithms fail (a factor or y at zero, or changing sign) and the caller falls back to Shapley."""
    if not _same_sign(y_start, y_end) or not all(_same_sign(f0, f1) for f0, f1 in factors):
        return None
    weight = log_mean(y_end, y_start)
    return [weight * power * math.log(f1 / f0) for power, (f0, f1) in zip(powers, factors, strict=True)]


def _same_sign(a: float, b: float) -> bool:
    """Both non-zero and on the same side of zero: their ratio has a logarithm."""
    return a != 0 and b != 0 and (a > 0) == (b > 0)
