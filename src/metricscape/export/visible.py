"""What a picture of the tree shows: collapsed metrics hide their drivers, as on the canvas
(the rule itself is ``model.visibility``, shared with the canvas and the CLI)."""

from __future__ import annotations

from metricscape.model import MetricTree
from metricscape.model.visibility import hidden_metrics, visibility

__all__ = ["hidden_metrics", "visible_tree"]


def visible_tree(tree: MetricTree) -> tuple[MetricTree, dict[str, int]]:
    """The tree without hidden metrics, and for each collapsed metric how many drivers it hides."""
    seen = visibility(tree)
    if not seen.hidden:
        return tree, {}
    counts = {m: n for m, n in seen.hidden_drivers.items() if m not in seen.hidden}
    hidden = seen.hidden
    # model_construct: a subset of a valid tree stays valid for drawing (formulas are not re-checked)
    shown = MetricTree.model_construct(
        info=tree.info, metrics=tuple(m for m in tree.metrics if m.id not in hidden),
        links=tuple(link for link in tree.links if link.source not in hidden and link.target not in hidden),
        scenarios=tree.scenarios, simulation=tree.simulation, actuals=tree.actuals,
        experiments=tree.experiments)
    return shown, counts
