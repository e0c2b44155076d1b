"""What the inspector's actuals chart shows for one metric, as plain values: the reported series,
the target, for a formula metric the series its formula computes from the inputs' actuals, the
recorded definition changes, and the formula-consistency figures in words."""

from __future__ import annotations

from dataclasses import dataclass

from metricscape.model import MetricTree
from metricscape.model.actuals import ALL_SEGMENTS
from metricscape.model.formula_fit import MATCH, FormulaFit
from metricscape.sim.consistency import formula_consistency


@dataclass(frozen=True)
class DefinitionBreak:
    period: str  # the first period measured under the new definition
    label: str


@dataclass(frozen=True)
class ActualChart:
    periods: tuple[str, ...]                  # every period of the series, in order
    actual: tuple[float | None, ...]          # one per period (None: no value)
    formula: tuple[float | None, ...] = ()    # one per period, for a formula metric with its inputs' actuals
    target: float | None = None
    breaks: tuple[DefinitionBreak, ...] = ()
    consistency: str = ""                      # the formula-consistency figures, in words
    segment: str = ALL_SEGMENTS


def actual_chart(tree: MetricTree, metric_id: str, segment: str = ALL_SEGMENTS) -> ActualChart | None:
    """None when the metric has no actuals in ``segment``."""
    series = tree.actuals.find(metric_id, segment)
    if series is None or not series.values:
        return None
    metric = tree.metric(metric_id)
    periods = tuple(series.periods())
    breaks = tuple(DefinitionBreak(d.since, d.label) for d in tree.actuals.definitions
                   if d.metric == metric_id and d.since in periods)
    formula: tuple[float | None, ...] = ()
    words = ""
    if metric.formula is not None and segment == ALL_SEGMENTS:
        fit = next((f for f in formula_consistency(tree) if f.metric == metric_id), None)
        if fit is not None:
            reported = series.as_dict()
            computed = {p: reported[p] + gap * abs(reported[p]) for p, gap in zip(fit.periods, fit.gaps, strict=True)}
            formula = tuple(computed.get(p) for p in periods)
            words = consistency_words(fit, tree.actuals.grain.value)
            if fit.shift_from is not None and any(b.period == fit.shift_from for b in breaks):
                words += (" It starts with the new definition: the inputs may still be measured the old way, "
                          "so update the formula or the inputs' data.")
    return ActualChart(periods=periods, actual=tuple(series.values), formula=formula, target=metric.target,
                       breaks=breaks, consistency=words, segment=segment)


def consistency_words(fit: FormulaFit, grain: str) -> str:
    """'Over 104 weeks the formula is 1.2 % off the reported value on average; the furthest off is
    2026-W30 (formula 6.8 % below).' plus the lasting shift when there is one."""
    count = len(fit.periods)
    side = "above" if fit.worst_gap > 0 else "below"
    text = (f"Over {count} {grain}s the formula, applied to its inputs' actuals, is {fit.mean_abs_gap * 100:.1f} % "
            f"off the reported value on average; the furthest off is {fit.worst_period} (formula "
            f"{abs(fit.worst_gap) * 100:.1f} % {side}).")
    if fit.shift_from is not None and fit.shift_gap is not None:
        side = "above" if fit.shift_gap > 0 else "below"
        text += (f" From {fit.shift_from} the formula stays {abs(fit.shift_gap) * 100:.1f} % {side} the reported "
                 "value: a tracking change or a missing input?")
    elif fit.mean_abs_gap <= MATCH:
        text += " The formula explains its metric well."
    return text
