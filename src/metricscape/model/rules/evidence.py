"""Rules about evidence: proxies nobody validated, elasticities the data contradict, stale evidence,
north-star moves that are only noise, actuals that stopped arriving."""

from __future__ import annotations

from collections.abc import Iterator

from ..experiments import paired_lifts
from ..link import LinkKind
from ..metric import MetricKind
from ..periods import label_of, periods_between, start_of
from .findings import Context, Finding, Level, Rule, rule

NOISE_BAND = 2.0      # a move within 2 standard deviations of the usual moves is ordinary
STOPPED_AFTER = 2     # periods without a value, while other metrics kept arriving
_STEP = {"day": "day-to-day", "week": "week-to-week", "month": "month-to-month", "quarter": "quarter-to-quarter"}


@rule("proxy-without-evidence", Level.WARNING, "A proxy that no data validates")
def proxy_without_evidence(ctx: Context, r: Rule) -> Iterator[Finding]:
    """Evidence is an adopted estimate on one of its links, experiments in the ledger that measured it
    together with the north star, or (when the actuals were analysed) a link or path the series support.
    Silent until the model holds some data (actuals or a ledger): before a team grounds its model in
    data, every proxy would be flagged and the warning would say nothing new."""
    star = ctx.tree.north_star
    if not ctx.tree.actuals.series and not ctx.tree.experiments:
        return
    for metric in ctx.tree.metrics:
        if metric.kind is not MetricKind.PROXY:
            continue
        links = [link for link in ctx.outgoing.get(metric.id, ()) if link.kind is LinkKind.INFLUENCE]
        if any(link.evidence is not None for link in links):
            continue
        if star is not None and paired_lifts(ctx.tree.experiments, metric.id, star.id):
            continue
        if any(v.verdict == "supports" for (source, _), v in ctx.facts.verdicts.items() if source == metric.id):
            continue
        yield r.finding(f"{ctx.name(metric.id)} is a proxy, but nothing shows that it moves the north star. "
                        "Import actuals and adopt an estimate, or add past experiments that measured both.",
                        metric=metric.id)


@rule("elasticity-contradicted", Level.WARNING, "A stated elasticity the data contradict")
def elasticity_contradicted(ctx: Context, r: Rule) -> Iterator[Finding]:
    for link in ctx.tree.links:
        if link.kind is not LinkKind.INFLUENCE or link.elasticity is None:
            continue
        measured = ctx.facts.verdicts.get(link.key)
        if measured is not None:
            if measured.verdict == "contradicts":
                yield r.finding(f"{ctx.name(link.source)} → {ctx.name(link.target)}: {measured.message} "
                                "Adopt the estimate or explain why the data mislead.",
                                metric=link.source, link=link.key)
            continue
        recorded = link.evidence
        lo, hi = link.elasticity_low, link.elasticity_high
        if recorded is not None and not recorded.contains(link.elasticity if lo is None else lo,
                                                           link.elasticity if hi is None else hi):
            yield r.finding(f"{ctx.name(link.source)} → {ctx.name(link.target)}: the elasticity is "
                            f"{link.elasticity:g}, but the recorded evidence put it between {recorded.low:g} and "
                            f"{recorded.high:g} ({recorded.recorded_on.isoformat()}). Adopt the estimate again "
                            "or record why it differs.", metric=link.source, link=link.key)


@rule("evidence-outdated", Level.INFO, "Evidence older than the metric's review cadence")
def evidence_outdated(ctx: Context, r: Rule) -> Iterator[Finding]:
    for link in ctx.tree.links:
        if link.evidence is None:
            continue
        owner = ctx.metrics.get(link.source)
        cadence = owner.review_cadence_days if owner else None
        if cadence is None and link.target in ctx.metrics:
            cadence = ctx.metrics[link.target].review_cadence_days
        if cadence is None:
            continue
        age = (ctx.today - link.evidence.recorded_on).days
        if age > cadence:
            yield r.finding(f"The evidence for {ctx.name(link.source)} → {ctx.name(link.target)} is {age} days old "
                            f"(recorded {link.evidence.recorded_on.isoformat()}), older than the {cadence}-day review "
                            "cadence. Test the link on recent data again.", metric=link.source, link=link.key)


@rule("north-star-noise", Level.INFO, "The north star's latest move is within its normal noise")
def north_star_noise(ctx: Context, r: Rule) -> Iterator[Finding]:
    noise = ctx.facts.north_star_noise
    if noise is None or noise.shift_detected or abs(noise.change) > NOISE_BAND * noise.typical:
        return
    yield r.finding(f"The latest move of {ctx.name(noise.metric)} ({noise.change:+.1%} from {noise.period_from} to "
                    f"{noise.period_to}) is within its normal {_STEP.get(noise.grain, 'period-to-period')} noise "
                    f"(typically ±{noise.typical:.1%}), and no shift in its level was detected. Treat it as noise "
                    "before anyone explains it.", metric=noise.metric)


@rule("actuals-stopped", Level.WARNING, "Actuals that stopped arriving")
def actuals_stopped(ctx: Context, r: Rule) -> Iterator[Finding]:
    actuals = ctx.tree.actuals
    grain = actuals.grain
    last: dict[str, str] = {}
    for series in actuals.series:
        if series.segment:
            continue
        with_values = [p for p, v in zip(series.periods(), series.values, strict=True) if v is not None]
        if with_values:
            last[series.metric] = with_values[-1]
    if not last:
        return
    newest = max(last.values(), key=lambda p: start_of(p, grain))
    for metric_id, period in last.items():
        missing = len(periods_between(period, newest, grain)) - 1
        if missing >= STOPPED_AFTER:
            yield r.finding(f"The actuals of {ctx.name(metric_id)} stop at {period}, {missing} {grain.value}s before "
                            f"the other metrics' ({newest}). Check the export or the source that feeds it.",
                            metric=metric_id)
    current = label_of(ctx.today, grain)
    behind = len(periods_between(newest, current, grain)) - 2  # the current period is still running
    if start_of(newest, grain) < start_of(current, grain) and behind >= STOPPED_AFTER:
        yield r.finding(f"The actuals end at {newest}, {behind} {grain.value}s before the last complete one: "
                        "refresh them so that the evidence and 'why it moved' use recent data.",
                        level=Level.INFO)


RULES = (proxy_without_evidence, elasticity_contradicted, evidence_outdated, north_star_noise, actuals_stopped)

