"""Rules about numbers: baselines, uncertainty, experiment sizing, targets, and units in formulas."""

from __future__ import annotations

from collections.abc import Iterator

from ..graph import leaves
from ..link import LinkKind
from ..metric import Direction, Metric, MetricKind
from ..numbers import format_value, is_rate
from ..tree import parsed_formula
from .findings import Context, Finding, Level, Rule, rule
from .units import UnitCheck, infer_unit, parse_unit


@rule("missing-baseline", Level.WARNING, "An input metric without a baseline value")
def missing_baseline(ctx: Context, r: Rule) -> Iterator[Finding]:
    for metric_id in leaves(ctx.tree):
        if ctx.metrics[metric_id].baseline is None:
            yield r.finding(f"{ctx.name(metric_id)} has no baseline. Enter today's value and where it comes "
                            "from, so what-ifs and targets have a starting point.", metric=metric_id)


@rule("missing-uncertainty", Level.INFO, "An input metric without an uncertainty range")
def missing_uncertainty(ctx: Context, r: Rule) -> Iterator[Finding]:
    """Only leaves: computed metrics inherit their uncertainty. A 'fixed' distribution counts as a choice.
    Guardrails are exempt: they watch, they are not simulated."""
    for metric_id in leaves(ctx.tree):
        metric = ctx.metrics[metric_id]
        if metric.uncertainty is None and metric.kind is not MetricKind.GUARDRAIL:
            yield r.finding(f"How sure are we of {ctx.name(metric_id)}? Give a range (low to high) so the "
                            "forecast shows its real spread, or mark it as fixed.", metric=metric_id)


@rule("missing-unit-variability", Level.WARNING, "A proxy without unit-level variability (no experiment sizing)")
def missing_unit_variability(ctx: Context, r: Rule) -> Iterator[Finding]:
    """Rates (unit %) are exempt: a yes/no outcome's spread follows from the rate itself, p × (1 − p)."""
    for metric in ctx.tree.metrics:
        if metric.kind is MetricKind.PROXY and metric.unit_variability is None and not _is_rate(metric):
            yield r.finding(f"{ctx.name(metric.id)} has no unit-level variability, so no experiment on it can "
                            "be sized. Enter how much it varies per user (standard deviation ÷ mean).",
                            metric=metric.id)


@rule("target-wrong-side", Level.WARNING, "A target on the wrong side of the baseline for the metric's direction")
def target_wrong_side(ctx: Context, r: Rule) -> Iterator[Finding]:
    """Guardrails are exempt: their target is a limit not to cross, on the bad side of today's value."""
    for metric in ctx.tree.metrics:
        if metric.kind is MetricKind.GUARDRAIL or metric.target is None or metric.baseline is None:
            continue
        higher = metric.direction is Direction.HIGHER
        if (metric.target < metric.baseline) if higher else (metric.target > metric.baseline):
            better, worse = ("higher", "below") if higher else ("lower", "above")
            yield r.finding(f"The target of {ctx.name(metric.id)} ({format_value(metric.target, metric.unit)}) is "
                            f"{worse} its baseline ({format_value(metric.baseline, metric.unit)}), yet {better} is "
                            "better. Fix the target, or the direction.", metric=metric.id)


@rule("unit-mismatch", Level.ERROR, "A formula adds or compares values whose units do not combine")
def unit_mismatch(ctx: Context, r: Rule) -> Iterator[Finding]:
    for metric in ctx.tree.metrics:
        check = _unit_check(ctx, metric)
        for problem in check.problems if check else ():
            yield r.finding(f"The formula of {ctx.name(metric.id)}: {problem.message}. Check the formula and "
                            "the units of the metrics it uses.", metric=metric.id)


@rule("formula-unit", Level.WARNING, "A formula whose result is not in the metric's declared unit")
def formula_unit(ctx: Context, r: Rule) -> Iterator[Finding]:
    """Lenient where PMs are right in words the algebra cannot see: a declared % accepts one count over
    another (buyers/visitors is a conversion rate); seconds, minutes and hours are one dimension; and a
    formula that multiplies a count by a rate may turn one count into another (searchers × booking
    rate = bookings), so there only the number of count words, money and time must agree."""
    for metric in ctx.tree.metrics:
        declared = parse_unit(metric.unit)
        check = _unit_check(ctx, metric)
        if check is None or check.problems or check.unit is None or declared is None:
            continue
        if check.unit.same_dimension(declared) or (declared.dimensionless and check.unit.is_simple_ratio()):
            continue
        if check.converts and check.unit.convertible_to(declared):
            continue
        gives = "a plain number or %" if check.unit.dimensionless else check.unit
        yield r.finding(f"The formula of {ctx.name(metric.id)} gives {gives}, but its unit is "
                        f"'{metric.unit}'. Fix the formula or the units: a per-user metric's unit should say so, "
                        "as in 'sessions/user'.", metric=metric.id)


def _unit_check(ctx: Context, metric: Metric) -> UnitCheck | None:
    """Computed once per check and shared by unit-mismatch and formula-unit."""
    key = ("unit-check", metric.id)
    if key not in ctx.memo:
        ctx.memo[key] = None if metric.formula is None else infer_unit(
            parsed_formula(metric.formula), lambda ref: parse_unit(ctx.metrics[ref].unit) if ref in ctx.metrics else None)
    return ctx.memo[key]  # type: ignore[return-value]  # the memo holds what this key's builder returned


def _is_rate(metric: Metric) -> bool:
    in_unit_range = metric.baseline is None or 0 <= metric.baseline <= 1
    return is_rate(metric.unit) and in_unit_range


@rule("influence-from-zero", Level.WARNING, "An influence link whose driver has a baseline of 0")
def influence_from_zero(ctx: Context, r: Rule) -> Iterator[Finding]:
    """An influence acts through the driver's relative change from its baseline, which is undefined from 0."""
    for link in ctx.tree.links:
        if link.kind is LinkKind.INFLUENCE and ctx.metrics[link.source].baseline == 0:
            yield r.finding(f"{ctx.name(link.source)} influences {ctx.name(link.target)}, but its baseline is 0, so "
                            f"any change of it is an infinite relative change: {ctx.name(link.target)} becomes not "
                            f"a number as soon as {ctx.name(link.source)} moves. Give {ctx.name(link.source)} a "
                            "baseline other than 0, or write the relation as a formula.",
                            metric=link.target, link=(link.source, link.target))


RULES = (missing_baseline, missing_uncertainty, missing_unit_variability, target_wrong_side, unit_mismatch,
         formula_unit, influence_from_zero)
