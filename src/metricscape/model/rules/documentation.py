"""Rules about what a PM documents: rationale, gaming risks, counter-metrics, the north-star scorecard."""

from __future__ import annotations

from collections.abc import Iterator

from ..link import LinkKind
from ..metric import MetricKind, Severity
from .findings import Context, Finding, Level, Rule, rule

_CRITERIA = ("value", "breadth", "actionability", "gaming_resistance")  # the four criteria; the rest are questions


@rule("missing-rationale", Level.WARNING, "An input or proxy whose link to the north star is undocumented")
def missing_rationale(ctx: Context, r: Rule) -> Iterator[Finding]:
    """An input used only in formulas is exempt: the formula itself documents how it adds up."""
    for metric in ctx.tree.metrics:
        if metric.kind not in (MetricKind.INPUT, MetricKind.PROXY) or metric.rationale.strip():
            continue
        outgoing = [link for link in ctx.outgoing.get(metric.id, ()) if link.kind.computes]
        if any(link.rationale.strip() for link in outgoing):
            continue
        if metric.kind is MetricKind.INPUT and outgoing and all(l.kind is LinkKind.FORMULA for l in outgoing):
            continue
        what = "proxy" if metric.kind is MetricKind.PROXY else "input"
        yield r.finding(f"Why does {ctx.name(metric.id)} matter? Write its rationale: how this {what} drives "
                        "its parent and the north star, and what evidence says so.", metric=metric.id)


@rule("missing-gaming-risk", Level.INFO, "A metric with no note on how it could be gamed")
def missing_gaming_risk(ctx: Context, r: Rule) -> Iterator[Finding]:
    for metric in ctx.tree.metrics:
        if metric.kind is not MetricKind.GUARDRAIL and not metric.gaming_risks:
            yield r.finding(f"How could someone inflate {ctx.name(metric.id)} without creating real value? "
                            "Add a gaming risk, even a mild one.", metric=metric.id)


@rule("unguarded-gaming-risk", Level.WARNING, "A high gaming risk without a counter-metric")
def unguarded_gaming_risk(ctx: Context, r: Rule) -> Iterator[Finding]:
    for metric in ctx.tree.metrics:
        for risk in metric.gaming_risks:
            if risk.severity is Severity.HIGH and risk.counter_metric is None:
                yield r.finding(f"{ctx.name(metric.id)} has a high gaming risk (\"{_short(risk.description)}\") "
                                "with no counter-metric. Add a guardrail that would catch it and name it "
                                "as the counter-metric.", metric=metric.id)


@rule("scorecard-unassessed", Level.WARNING, "A north-star scorecard criterion or question without an answer")
def scorecard_unassessed(ctx: Context, r: Rule) -> Iterator[Finding]:
    star = ctx.tree.north_star
    if star is None:
        return
    for key, question, entry in ctx.tree.info.scorecard.entries():
        if entry.assessed:
            continue
        criterion = key in _CRITERIA
        what = "criterion" if criterion else "question"
        yield r.finding(f"Scorecard {what} not assessed: \"{question}\". Give an answer and a rating from 1 "
                        "to 5 in the model's scorecard.", metric=star.id,
                        level=Level.WARNING if criterion else Level.INFO)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


RULES = (missing_rationale, missing_gaming_risk, unguarded_gaming_risk, scorecard_unassessed)
