"""Exact splits of a change for sums (differences) and products (LMDI-I, Ang 2005).

For ``y = k · Π xᵢ^pᵢ`` the log-mean Divisia index gives input i the share
``L(y₁, y₀) · pᵢ · ln(xᵢ₁ / xᵢ₀)`` with ``L(a, b) = (a − b) / (ln a − ln b)`` and ``L(a, a) = a``;
since ``Σ pᵢ ln(xᵢ₁/xᵢ₀) = ln(y₁/y₀)`` the shares add up to ``y₁ − y₀`` with no residual. Written
by hand: it is three lines of arithmetic and no maintained library implements it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping


def log_mean(a: float, b: float) -> float:
    """L(a, b) for two numbers of the same sign (the mean that makes log shares add up exactly)."""
    if a == b:
        return a
    # log1p keeps its digits when a is close to b, where ln(a / b) would lose them
    return (a - b) / math.log1p((a - b) / b)


def linear_split(weights: Mapping[str, float], start: Mapping[str, float], end: Mapping[str, float]
                 ) -> dict[str, float]:
    """y = c + Σ wᵢ xᵢ: input i moved y by wᵢ · Δxᵢ."""
    return {ref: weight * (end[ref] - start[ref]) for ref, weight in weights.items()}


def lmdi_split(powers: Mapping[str, float], start: Mapping[str, float], end: Mapping[str, float],
               y_start: float, y_end: float) -> dict[str, float] | None:
    """y = k Π xᵢ^pᵢ: the LMDI-I shares, or None where logarithms fail (an input at or below zero,
    or y at zero) and the caller falls back to Shapley values."""
    if y_start == 0 or y_end == 0 or (y_start > 0) != (y_end > 0):
        return None
    if any(start[ref] <= 0 or end[ref] <= 0 for ref in powers):
        return None
    weight = log_mean(y_end, y_start)
    return {ref: weight * power * math.log(end[ref] / start[ref]) for ref, power in powers.items()}
