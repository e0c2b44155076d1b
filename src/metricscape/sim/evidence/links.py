"""Evidence for every influence link of a model, and for each proxy's path to the north star.

Each metric's series is turned into logs and tested for seasonality once, however many links it
has; a link is then one aligned regression. A proxy's "stated" elasticity towards the north star
is what the model itself implies: the north star's % change when the proxy rises 1 % (through
formulas and influences alike).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

from metricscape.model.actuals import ALL_SEGMENTS, Series
from metricscape.model.graph import dependents_of
from metricscape.model.link import LinkKind
from metricscape.model.metric import MetricKind
from metricscape.model.periods import Grain
from metricscape.model.scenario import Change, ChangeMode
from metricscape.model.tree import MetricTree

from ..engine import Engine
from ..errors import SimulationError
from ..progress import Progress, report
from .align import LogSeries, align
from .results import LinkEvidence, Verdict
from .seasonal import is_seasonal
from .series import MIN_PERIODS, Fit, TooShort, fit, level_correlation
from .verdict import judge, levels_sentence, sentence

DEFAULT_MAX_LAG = 4


@dataclass
class SeriesCache:
    """Each metric's log series and seasonality, computed once per model and segment."""

    tree: MetricTree
    segment: str = ALL_SEGMENTS
    _logs: dict[str, LogSeries | None] = field(default_factory=dict)
    _seasonal: dict[str, bool] = field(default_factory=dict)

    @property
    def grain(self) -> Grain:
        return self.tree.actuals.grain

    @cached_property
    def names(self) -> dict[str, str]:
        return {m.id: f"‘{m.name}’" for m in self.tree.metrics}

    @cached_property
    def _series(self) -> dict[str, Series]:
        return {s.metric: s for s in self.tree.actuals.series if s.segment == self.segment}

    def logs(self, metric_id: str) -> LogSeries | None:
        if metric_id not in self._logs:
            series = self._series.get(metric_id)
            self._logs[metric_id] = None if series is None else LogSeries.of(series, self.grain)
        return self._logs[metric_id]

    def seasonal(self, metric_id: str) -> bool:
        if metric_id not in self._seasonal:
            logs = self.logs(metric_id)
            self._seasonal[metric_id] = logs is not None and is_seasonal(logs, self.grain)
        return self._seasonal[metric_id]


def estimate(cache: SeriesCache, source: str, target: str, stated: float | None,
             stated_low: float | None = None, stated_high: float | None = None, *, path: bool = False,
             max_lag: int = DEFAULT_MAX_LAG) -> LinkEvidence:
    grain = cache.grain
    driver, driven = cache.names.get(source, source), cache.names.get(target, target)
    x, y = cache.logs(source), cache.logs(target)
    empty = LinkEvidence(source=source, target=target, stated=stated, stated_low=stated_low,
                         stated_high=stated_high, estimate=None, low=None, high=None, periods=0, lag=None,
                         method="", granger_p=None, level_correlation=None, change_correlation=None,
                         verdict=Verdict.NO_DATA, message="", periods_needed=MIN_PERIODS, path=path,
                         segment=cache.segment)
    if x is None or y is None:
        missing = " and ".join(n for n, s in ((driver, x), (driven, y)) if s is None)
        return replace(empty, message=f"No actuals for {missing}: import them to test this link.")
    seasonal = cache.seasonal(source) or cache.seasonal(target)
    aligned = align(x, y)
    periods = int(aligned.both.sum())
    levels = level_correlation(aligned)
    result = fit(x, y, grain, seasonal=seasonal, max_lag=max_lag)
    if isinstance(result, TooShort):
        text = sentence(Verdict.NO_DATA, driver=driver, target=driven, stated=stated, estimate=None, low=None,
                        high=None, periods=periods, grain=grain, periods_needed=result.periods_needed,
                        reason=result.reason)
        return replace(empty, periods=periods, level_correlation=levels, periods_needed=result.periods_needed,
                       message=text)
    verdict = judge(stated, stated_low, stated_high, result.low, result.high)
    text = sentence(verdict, driver=driver, target=driven, stated=stated, estimate=result.estimate,
                    low=result.low, high=result.high, periods=periods, grain=grain)
    words = levels_sentence(levels, result.change_correlation, verdict, grain, _rises(x), _rises(y))
    return replace(empty, estimate=result.estimate, low=result.low, high=result.high, periods=periods,
                   lag=result.lag, method=method_text(result, grain), granger_p=result.granger_p,
                   level_correlation=levels, change_correlation=result.change_correlation, verdict=verdict,
                   periods_needed=0, message=f"{text} {words}".strip(), scatter=result.scatter)


def method_text(result: Fit, grain: Grain) -> str:
    lags = "same period" if result.lag == 0 else f"lags 0–{result.lag} summed"
    season = ", season dummies" if result.seasonal else ""
    return (f"{grain.value}ly changes of logs (OLS), {lags} (BIC){season}, Newey–West 90 % interval"
            .replace("dayly", "daily"))


def _rises(series: LogSeries) -> bool:
    finite = series.logs[np.isfinite(series.logs)]
    return bool(len(finite) >= 2 and finite[-1] >= finite[0])


def influence_links(tree: MetricTree) -> Iterator[tuple[str, str, float | None, float | None, float | None]]:
    for link in tree.links:
        if link.kind is LinkKind.INFLUENCE:
            yield link.source, link.target, link.elasticity, link.elasticity_low, link.elasticity_high


def implied_elasticity(engine: Engine | None, source: str, target: str) -> float | None:
    """The target's % change when the source rises 1 %, as the model computes it (None if it cannot)."""
    if engine is None:
        return None
    try:
        evaluation = engine.what_if([Change(metric=source, mode=ChangeMode.RELATIVE, value=1.0)])
    except SimulationError:
        return None
    value = next((v.change_pct for v in evaluation.values if v.metric == target), None)
    return None if value is None or not math.isfinite(value) else float(value)


def _engine(tree: MetricTree) -> Engine | None:
    try:
        return Engine(tree)
    except SimulationError:
        return None


def proxy_paths(tree: MetricTree) -> list[str]:
    """Proxies that reach the north star through other metrics (a direct influence link is tested as a link)."""
    star = tree.north_star
    if star is None:
        return []
    direct = {link.source for link in tree.links if link.target == star.id and link.kind is LinkKind.INFLUENCE}
    return [m.id for m in tree.metrics if m.kind is MetricKind.PROXY and m.id not in direct
            and star.id in dependents_of(tree, m.id)]


def all_evidence(tree: MetricTree, *, segment: str = ALL_SEGMENTS, max_lag: int = DEFAULT_MAX_LAG,
                 progress: Progress | None = None, cache: SeriesCache | None = None) -> list[LinkEvidence]:
    """Every influence link's evidence, then every proxy path's, in model order."""
    cache = cache or SeriesCache(tree, segment)
    jobs = list(influence_links(tree))
    star = tree.north_star
    paths = proxy_paths(tree)
    total = max(1, len(jobs) + len(paths))
    out: list[LinkEvidence] = []
    for i, (source, target, stated, low, high) in enumerate(jobs):
        out.append(estimate(cache, source, target, stated, low, high, max_lag=max_lag))
        if i % 50 == 0:
            report(progress, i / total)
    engine = _engine(tree) if paths else None
    for proxy in paths:
        assert star is not None
        stated = implied_elasticity(engine, proxy, star.id)
        out.append(estimate(cache, proxy, star.id, None if stated is None else round(stated, 4), path=True,
                            max_lag=max_lag))
    report(progress, 1.0)
    return out
