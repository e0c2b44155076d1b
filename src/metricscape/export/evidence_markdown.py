"""The brief's "Evidence" section: each link's verdict and numbers, then what past experiments say.

Only written when the model has data (actuals, a ledger, or evidence recorded on a link), so a
model without any keeps the brief it always had.
"""

from __future__ import annotations

from metricscape.model import MetricTree

from .markdown import cell, inline

INTRO = ("Does the data back each link? Elasticities estimated from the period-to-period changes of the "
         "actuals, with 90 % intervals. The correlation of levels is shown in the words only: two metrics "
         "that both grow correlate whatever links them.")


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def evidence_section(tree: MetricTree) -> list[str]:
    from metricscape.sim.evidence.summary import (  # statsmodels loads only when needed
        has_data,
        summarise,
    )

    if not has_data(tree):
        return []
    summary = summarise(tree)
    names = {m.id: m.name for m in tree.metrics}
    out = ["## Evidence", ""]
    if summary.links:
        out += [INTRO, "", "| Link | Verdict | Estimate (90 % interval) | Stated | Periods | Lag |",
                "| --- | --- | --- | --- | --- | --- |"]
        for e in summary.links:
            arrow = "⇢" if e.path else "→"
            link = f"{names.get(e.source, e.source)} {arrow} {names.get(e.target, e.target)}"
            estimate = "–" if e.estimate is None else f"{_num(e.estimate)} ({_num(e.low)} to {_num(e.high)})"
            out.append(f"| {cell(link)} | {e.verdict.label} | {estimate} | {_num(e.stated)} | {e.periods} | "
                       f"{'–' if e.lag is None else e.lag} |")
        out.append("")
        out += [f"- **{inline(names.get(e.source, e.source))} → {inline(names.get(e.target, e.target))}:** "
                f"{inline(e.message)}" for e in summary.links if e.message]
        out.append("")
    if summary.recorded:
        out += ["Adopted evidence recorded in the model:", ""]
        links = {link.key: link for link in tree.links}
        for source, target in summary.recorded:
            ev = links[(source, target)].evidence
            assert ev is not None
            basis = "experiments" if ev.source == "experiments" else "periods"
            out.append(f"- **{inline(names[source])} → {inline(names[target])}:** elasticity {ev.estimate:g} "
                       f"({ev.low:g} to {ev.high:g}), from {ev.periods} {basis}, recorded "
                       f"{ev.recorded_on.isoformat()}; {inline(ev.method)}")
        out.append("")
    if summary.ledgers:
        out += ["### Past experiments", ""]
        out += [f"- **{inline(names.get(e.proxy, e.proxy))}**{' (validated)' if e.validated else ''}: "
                f"{inline(e.message)}" for e in summary.ledgers]
        out.append("")
    return out
