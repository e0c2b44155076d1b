"""Why did it move: split a metric's change between two periods (or ranges) among its drivers.

    explanation = explain(tree, "2026-W10..2026-W13", "2026-W14..2026-W17")   # the north star
    explanation.contributions          # driver id -> its share of the change, in the metric's units
    explanation.drivers["wau"]         # the same answer for a driver that has drivers itself
    explanation.waterfall()            # start, one bar per driver, gap, unexplained, end
    explanation.contributions_to_root()  # every metric below -> its share of the top metric's change
    explanation.to_dict()              # the JSON of `metricscape explain --json`

Methods and their guarantees are described in ``decompose``; the result in ``result``.
"""

from __future__ import annotations

import difflib

from metricscape.model.tree import MetricTree

from .aggregation import aggregation_of
from .decompose import Decomposer
from .errors import ExplainError
from .result import GAP_LABEL, UNEXPLAINED_LABEL, Explanation, Method, StepKind, WaterfallStep
from .windows import Window, parse_window

__all__ = ["GAP_LABEL", "UNEXPLAINED_LABEL", "ExplainError", "Explanation", "Method", "StepKind",
           "WaterfallStep", "Window", "aggregation_of", "explain", "parse_comparison", "parse_window"]


def explain(tree: MetricTree, period_from: str | Window, period_to: str | Window,
            metric: str | None = None) -> Explanation:
    """The change of ``metric`` (default: the north star) from one window to the other, split down
    the tree. Raises ExplainError with a plain message for a question it cannot answer."""
    if not tree.actuals.series:
        raise ExplainError("this model has no actuals yet: import what happened first "
                           "(File ▸ Import actuals…, or metricscape actuals MODEL --import DATA)")
    grain = tree.actuals.grain
    before = period_from if isinstance(period_from, Window) else parse_window(period_from, grain, "'from' period")
    after = period_to if isinstance(period_to, Window) else parse_window(period_to, grain, "'to' period")
    return Decomposer(tree, before, after).explain(_target(tree, metric))


def parse_comparison(text: str, tree: MetricTree) -> tuple[Window, Window]:
    """``FROM..TO`` (two periods, e.g. 2026-W10..2026-W14) or ``FROM,TO`` where each side may be a
    range (``2026-W10..2026-W13,2026-W14..2026-W17``): what ``export --explain`` accepts."""
    grain = tree.actuals.grain
    if "," in text:
        sides = [side.strip() for side in text.split(",")]
        if len(sides) != 2:
            raise ExplainError(f"'{text}': write two periods, FROM..TO, or two ranges separated by a comma")
        return parse_window(sides[0], grain, "'from' period"), parse_window(sides[1], grain, "'to' period")
    sides = [side.strip() for side in text.split("..")]
    if len(sides) != 2:
        raise ExplainError(f"'{text}' is not two periods: write FROM..TO, e.g. 2026-W10..2026-W14, or two ranges "
                           "separated by a comma, e.g. 2026-W10..2026-W13,2026-W14..2026-W17")
    return parse_window(sides[0], grain, "'from' period"), parse_window(sides[1], grain, "'to' period")


def _target(tree: MetricTree, metric: str | None) -> str:
    if metric is None:
        star = tree.north_star
        if star is None:
            raise ExplainError("this model has no north star: choose the metric to explain")
        return star.id
    ids = [m.id for m in tree.metrics]
    if metric in ids:
        return metric
    by_name = [m.id for m in tree.metrics if m.name.casefold() == metric.casefold()]
    if by_name:
        return by_name[0]
    hint = difflib.get_close_matches(metric, ids, n=1)
    raise ExplainError(f"there is no metric '{metric}' in this model" + (f" — did you mean '{hint[0]}'?" if hint else ""))
