"""Formula consistency over numpy: every formula metric's formula applied to its inputs' actuals,
all periods at once, with the engine's own compiled formulas (``compile.py``). The summary
statistics are the model's (``model.formula_fit``), shared with the health rule."""

from __future__ import annotations

import numpy as np

from metricscape.model.formula_fit import FormulaFit, formula_fits
from metricscape.model.tree import MetricTree, parsed_formula

from .compile import compile_formula


def formula_consistency(tree: MetricTree) -> list[FormulaFit]:
    """One FormulaFit per formula metric with actuals on both sides, in metric order."""
    compiled = {}
    for metric in tree.metrics:
        if metric.formula is not None:
            formula = parsed_formula(metric.formula)
            compiled[metric.id] = (compile_formula(formula, {ref: i for i, ref in enumerate(formula.refs)}),
                                   formula.refs)

    def evaluate_all(metric: str, inputs: dict[str, list[float]], count: int) -> list[float]:
        function, refs = compiled[metric]
        with np.errstate(all="ignore"):
            result = function([np.asarray(inputs[ref], dtype=float) for ref in refs])
        return [float(v) for v in np.broadcast_to(np.asarray(result, dtype=float), (count,))]

    return formula_fits(tree, evaluate_all)
