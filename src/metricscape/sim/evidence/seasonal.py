"""Is a metric seasonal? A one-way analysis of variance of its period-to-period log changes by season.

Regressing the changes on season dummies and F-testing the dummies is exactly a one-way ANOVA.
It is computed here with two bincounts: scipy.stats.f_oneway gives the same p-value (a test checks
it) but takes about 10 ms per metric with 52 weekly groups, 10 s for a thousand metrics. A series is tested only when it covers two full cycles (two years of weeks: 104 periods, 103
changes); shorter ones count as not seasonal, because a season seen once cannot be told from noise.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.special import fdtrc

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
    if ok.sum() < 2 * m - 1:  # n periods give n - 1 changes
        return None
    return one_way_anova_p(changes[ok], season[ok], m)


def one_way_anova_p(values: FloatArray, groups: npt.NDArray[np.int64], count: int) -> float | None:
    """p-value of "the group means differ" (groups 0..count-1; groups with one value are left out)."""
    sizes = np.bincount(groups, minlength=count)
    keep = sizes[groups] >= 2
    values, groups = values[keep], groups[keep]
    sizes = np.bincount(groups, minlength=count)
    used = sizes > 0
    k, n = int(used.sum()), len(values)
    if k < 2 or n - k < 1:
        return None
    means = np.bincount(groups, weights=values, minlength=count)[used] / sizes[used]
    between = float(np.sum(sizes[used] * (means - values.mean()) ** 2))
    within = float(np.sum((values - (np.bincount(groups, weights=values, minlength=count) /
                                     np.maximum(sizes, 1))[groups]) ** 2))
    if within <= 0:
        return None
    statistic = (between / (k - 1)) / (within / (n - k))
    return float(fdtrc(k - 1, n - k, statistic))


def is_seasonal(series: LogSeries, grain: Grain) -> bool:
    p = seasonality_p(series, grain)
    return p is not None and p < SEASONAL_P
