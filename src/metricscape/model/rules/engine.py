"""Run every rule over a model, set aside what the PM silenced, and report."""

from __future__ import annotations

import datetime as dt

from ..tree import MetricTree
from . import actuals, cadence, documentation, evidence, structure, values
from .facts import DataFacts
from .findings import Context, Finding, HealthReport, Level, Rule, rule

RULES: tuple[Rule, ...] = (structure.RULES + documentation.RULES + values.RULES + cadence.RULES
                          + actuals.RULES + evidence.RULES)


@rule("unknown-silence", Level.WARNING, "A silenced rule that does not exist")
def unknown_silence(ctx: Context, r: Rule) -> list[Finding]:
    known = {each.id for each in ALL_RULES}
    return [r.finding(f"{ctx.name(metric.id)} silences '{silence.rule}', which is not a health-check rule "
                      f"(rules: {', '.join(sorted(known))}). Fix the name or remove the silence.",
                      metric=metric.id)
            for metric in ctx.tree.metrics for silence in metric.silenced if silence.rule not in known]


ALL_RULES: tuple[Rule, ...] = RULES + (unknown_silence,)
RULES_BY_ID = {each.id: each for each in ALL_RULES}


def check(tree: MetricTree, today: dt.date | None = None, facts: DataFacts | None = None) -> HealthReport:
    """Every finding of every rule, in rule order; findings silenced on their metric go to ``silenced``.
    ``facts``: what the statistics layer measured on the actuals (see ``sim.evidence.facts``)."""
    ctx = Context(tree, today or dt.date.today(), facts or DataFacts())
    report = HealthReport()
    reasons = {(m.id, s.rule): s.reason for m in tree.metrics for s in m.silenced}
    for each in ALL_RULES:
        for finding in each.run(ctx):
            reason = reasons.get((finding.metric, finding.rule)) if finding.metric else None
            if reason is not None and each is not unknown_silence:
                report.silenced.append(_silenced(finding, reason))
            else:
                report.findings.append(finding)
    return report


def _silenced(finding: Finding, reason: str) -> Finding:
    return Finding(finding.rule, finding.level, finding.message, finding.metric, finding.link, reason)
