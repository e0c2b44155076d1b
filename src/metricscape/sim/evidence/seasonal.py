"""Is a metric seasonal? A one-way analysis of variance of its period-to-period log changes by season.

Regressing the changes on season dummies and F-testing the dummies is exactly a one-way ANOVA,
which scipy computes directly (far cheaper than a regression per metric when a model has a
thousand). A series is tested only when it covers two full cycles; shorter ones count as not
seasonal, because a season seen once cannot be told from noise.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import f_oneway

from metricscape.model.periods import Grain

from .align import FloatArray, LogSeries, seasons

SEASONAL_P = 0.01  # strict: season dummies cost many degrees of freedom (51 for weeks)


def cycle_length(grain: Grain) -> int:
    """Periods per seasonal cycle: a week of days, a year of weeks, months or quarters."""
    return 7 if grain is Grain.DAY else grain.periods_per_year


def seasonality_p(series: LogSeries, grain: Grain) -> float | None:
    """The p-value of "the changes differ by season", or None when the series is too short to tell."""
    changes: FloatArray = np.diff(series.logs)
    season = seasons(series.first + 1, len(changes), grain)
    ok = np.isfinite(changes)
    m = cycle_length(grain)
    if ok.sum() < 2 * m:
        return None
    groups = [changes[ok & (season == s)] for s in range(m)]
    groups = [g for g in groups if len(g) >= 2]
    if len(groups) < 2:
        return None
    spread = np.concatenate(groups)
    if np.ptp(spread) == 0:
        return None
    return float(f_oneway(*groups).pvalue)


def is_seasonal(series: LogSeries, grain: Grain) -> bool:
    p = seasonality_p(series, grain)
    return p is not None and p < SEASONAL_P
