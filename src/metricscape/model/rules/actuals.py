"""Rules about actuals: a formula that stops explaining its metric's reported values."""

from __future__ import annotations

from collections.abc import Iterator

from ..formula_fit import MATCH, formula_fits
from .findings import Context, Finding, Level, Rule, rule

POOR_FIT = 0.10  # a formula off by 10 % on average explains too little to steer by


@rule("formula-drift", Level.WARNING, "A formula that no longer reproduces its metric's reported actuals")
def formula_drift(ctx: Context, r: Rule) -> Iterator[Finding]:
    for fit in formula_fits(ctx.tree):
        name = ctx.name(fit.metric)
        if fit.shift_from is not None and fit.shift_gap is not None:
            side = "below" if fit.shift_gap < 0 else "above"
            label = ctx.tree.actuals.definition_at(fit.metric, fit.shift_from)
            if label and label != ctx.tree.actuals.definition_at(fit.metric, fit.periods[0]):
                yield r.finding(f"From {fit.shift_from} the formula of {name} is {abs(fit.shift_gap) * 100:.0f} % "
                                f"{side} the reported value, since its definition changed (\"{label}\"). "
                                "Update the formula or its inputs to the new definition.", metric=fit.metric)
                continue
            yield r.finding(f"From {fit.shift_from} the formula of {name} is {abs(fit.shift_gap) * 100:.0f} % "
                            f"{side} the reported value (before, it matched within {MATCH * 100:.0f} %): a "
                            "tracking change or a missing input? Check how the metric and its inputs are "
                            "measured since then, or record the change of definition.", metric=fit.metric)
        elif fit.mean_abs_gap > POOR_FIT:
            side = "below" if fit.worst_gap < 0 else "above"
            yield r.finding(f"The formula of {name} misses its reported value by {fit.mean_abs_gap * 100:.0f} % "
                            f"on average (worst {fit.worst_period}: {abs(fit.worst_gap) * 100:.0f} % {side}): "
                            "check the formula and what its inputs measure.", metric=fit.metric)


RULES = (formula_drift,)
