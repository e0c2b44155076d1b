"""Is the north star's latest move news, or its usual noise?

Two views: the move against the standard deviation of its earlier period-to-period moves, and a
change-point test (ruptures' PELT on the detrended log levels of the last year) that asks whether
the level shifted among the latest periods. A move is noise when it is ordinary in size and no
shift was found.
"""

from __future__ import annotations

import math

import numpy as np

from metricscape.model.periods import shift
from metricscape.model.rules.facts import NoiseCheck
from metricscape.model.tree import MetricTree

WINDOW = 52      # periods of history the change-point test looks at
RECENT = 3       # a breakpoint among the last 3 periods counts as a recent shift
MIN_HISTORY = 12  # moves needed before "usual" means anything


def north_star_noise(tree: MetricTree) -> NoiseCheck | None:
    star = tree.north_star
    found = tree.actuals.find(star.id) if star else None
    if star is None or found is None:
        return None
    grain = tree.actuals.grain
    periods = found.periods()
    kept = [(p, v) for p, v in zip(periods, found.values, strict=True) if v is not None and v > 0]
    if len(kept) < MIN_HISTORY + 2 or shift(kept[-2][0], grain, 1) != kept[-1][0]:
        return None  # too short, or the last two values are not consecutive periods
    logs = np.log([v for _, v in kept])[-WINDOW:]
    moves = np.diff(logs)
    typical = float(np.std(moves[:-1], ddof=1))
    change = math.expm1(float(moves[-1]))
    return NoiseCheck(metric=star.id, period_from=kept[-2][0], period_to=kept[-1][0], change=change,
                      typical=typical, shift_detected=recent_shift(logs, typical), grain=grain.value)


def recent_shift(logs: np.ndarray, typical: float) -> bool:
    """Whether PELT (least-squares cost) puts a breakpoint among the last RECENT periods.

    The series is detrended first, so that a steady trend is not read as a string of shifts; the
    penalty is the BIC-like 2 σ² log n, σ² estimated as half the variance of the usual moves.
    """
    n = len(logs)
    if n < 2 * RECENT or typical <= 0:
        return False
    t = np.arange(n)
    detrended = logs - np.polyval(np.polyfit(t, logs, 1), t)
    import ruptures as rpt  # lazy: only when a north star has actuals to test

    breaks = rpt.Pelt(model="l2", min_size=1, jump=1).fit(detrended.reshape(-1, 1)).predict(
        pen=2 * (typical**2 / 2) * math.log(n))  # σ² of a level = half the variance of a move
    return any(n - RECENT <= b < n for b in breaks[:-1])  # the last entry is always n itself
