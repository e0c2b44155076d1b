"""Rules about the shape of the tree: one north star, everything connected to it, guardrails that guard."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..graph import orphans
from ..link import LinkKind
from ..metric import MetricKind
from .findings import Context, Finding, Level, Rule, rule

# Words that usually count what users do rather than what they get (name and unit only: a
# definition may well say "not sessions").
ACTIVITY_WORDS = ("session", "login", "log in", "page view", "pageview", "click", "time in app", "time spent",
                  "screen view", "app open")


@rule("no-north-star", Level.ERROR, "The model has no north star metric")
def no_north_star(ctx: Context, r: Rule) -> Iterator[Finding]:
    if ctx.tree.metrics and not any(m.kind is MetricKind.NORTH_STAR for m in ctx.tree.metrics):
        yield r.finding("The model has no north star. Pick the metric that best captures the value your "
                        "product delivers and set its kind to 'North star'.")


@rule("several-north-stars", Level.ERROR, "The model has more than one north star")
def several_north_stars(ctx: Context, r: Rule) -> Iterator[Finding]:
    stars = [m for m in ctx.tree.metrics if m.kind is MetricKind.NORTH_STAR]
    for extra in stars[1:]:
        yield r.finding(f"{ctx.name(extra.id)} is a second north star (besides {ctx.name(stars[0].id)}). "
                        "Keep one north star and make the others inputs or proxies.", metric=extra.id)


@rule("orphan", Level.WARNING, "A metric with no path to the north star")
def orphan(ctx: Context, r: Rule) -> Iterator[Finding]:
    if ctx.tree.north_star is None:
        return  # no-north-star says it all
    for metric_id in orphans(ctx.tree):
        metric = ctx.metrics[metric_id]
        if metric.kind is MetricKind.GUARDRAIL:
            continue  # idle-guardrail explains what a guardrail needs
        yield r.finding(f"{ctx.name(metric_id)} is not connected to the north star. Link it to the metric "
                        "it drives, or remove it if it optimises nothing that matters.", metric=metric_id)


@rule("idle-guardrail", Level.WARNING, "A guardrail that guards nothing")
def idle_guardrail(ctx: Context, r: Rule) -> Iterator[Finding]:
    guarding = {link.source for link in ctx.tree.links if link.kind is LinkKind.GUARD}
    guarding |= {risk.counter_metric for m in ctx.tree.metrics for risk in m.gaming_risks if risk.counter_metric}
    for metric in ctx.tree.metrics:
        if metric.kind is MetricKind.GUARDRAIL and metric.id not in guarding:
            yield r.finding(f"The guardrail {ctx.name(metric.id)} guards nothing. Draw a guard link to the "
                            "metric it watches, or name it as the counter-metric of a gaming risk.",
                            metric=metric.id)


@rule("activity-north-star", Level.INFO, "The north star looks like activity rather than value")
def activity_north_star(ctx: Context, r: Rule) -> Iterator[Finding]:
    star = ctx.tree.north_star
    if star is None:
        return
    text = f"{star.name} {star.unit}".lower()
    hits = [w for w in ACTIVITY_WORDS if re.search(rf"\b{w}", text)]
    if hits:
        yield r.finding(f"Question: the north star {ctx.name(star.id)} mentions '{hits[0]}', which often "
                        "counts activity rather than value delivered. Does it grow only when users get real "
                        "value? If so, say why in the scorecard and silence this.", metric=star.id)


RULES = (no_north_star, several_north_stars, orphan, idle_guardrail, activity_north_star)
