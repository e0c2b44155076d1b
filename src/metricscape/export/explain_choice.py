"""Which "why it moved" an export shows: ``--explain FROM..TO`` read against the model's actuals."""

from __future__ import annotations

from metricscape.model import MetricTree
from metricscape.sim.explain import ExplainError, Explanation, explain, parse_comparison

from .options import OptionsError


def explanation_for(tree: MetricTree, comparison: str) -> Explanation:
    """The north star's explanation for ``FROM..TO`` (two periods) or ``FROM,TO`` (two ranges);
    a question it cannot answer is an OptionsError with the plain message."""
    try:
        before, after = parse_comparison(comparison, tree) if tree.actuals.series else (None, None)
        if before is None or after is None:
            raise ExplainError("this model has no actuals yet: import what happened first "
                               "(File ▸ Import actuals…, or metricscape actuals MODEL --import DATA)")
        return explain(tree, before, after)
    except ExplainError as exc:
        raise OptionsError(f"Cannot explain '{comparison}': {exc}") from None
