"""Rules about time: reviews that are overdue, a north star redefined more often than the team agreed."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from ..dates import add_days
from .findings import Context, Finding, Level, Rule, rule


@rule("overdue-review", Level.WARNING, "A metric whose review is overdue")
def overdue_review(ctx: Context, r: Rule) -> Iterator[Finding]:
    for metric in ctx.tree.metrics:
        cadence = metric.review_cadence_days
        if cadence is None:
            continue
        if metric.last_review is None:
            yield r.finding(f"{ctx.name(metric.id)} should be reviewed every {cadence} days but has never been "
                            "reviewed. Review it and record the date.", metric=metric.id)
            continue
        due = add_days(metric.last_review, cadence)
        if due is not None and due < ctx.today:  # None: due after the year 9999, so not overdue
            late = (ctx.today - due).days
            yield r.finding(f"The review of {ctx.name(metric.id)} is {late} day{'s' if late != 1 else ''} "
                            f"overdue (last reviewed {metric.last_review.isoformat()}, every {cadence} days). "
                            "Review it and record the date.", metric=metric.id)


@rule("north-star-churn", Level.WARNING, "The north star was redefined more often than its review cadence allows")
def north_star_churn(ctx: Context, r: Rule) -> Iterator[Finding]:
    cadence = ctx.tree.info.north_star_review_cadence_days
    star = ctx.tree.north_star
    if cadence is None or star is None:
        return
    history = sorted(ctx.tree.info.north_star_history, key=lambda d: d.adopted_on)
    for before, after in pairwise(history):
        gap = (after.adopted_on - before.adopted_on).days
        if gap < cadence:
            yield r.finding(f"The north star changed from \"{before.name}\" to \"{after.name}\" after only {gap} "
                            f"days ({after.adopted_on.isoformat()}); the model says to change it at most every "
                            f"{cadence} days. Changing it often confuses everyone: keep it steady.",
                            metric=star.id)


RULES = (overdue_review, north_star_churn)
