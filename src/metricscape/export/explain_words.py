""""Why it moved" in words: the sentences the command line, the brief and the slide notes share."""

from __future__ import annotations

from metricscape.model.numbers import format_change, format_value, is_rate
from metricscape.sim.explain import Explanation, Method, StepKind


def signed_amount(value: float, unit: str) -> str:
    """A share of a change: '+600k users', '-$1.20', '+1.5 pp' for rates."""
    sign = "-" if value < 0 else "+"  # ASCII, as format_change writes it
    if is_rate(unit):
        return f"{sign}{format_value(abs(value) * 100)} pp"
    return sign + format_value(abs(value), unit)


def headline(explanation: Explanation) -> str:
    """'Weekly listening hours rose from 34.2M hours (2026-W10) to 35.1M hours (2026-W14): +900k hours (+2.6 %).'"""
    e = explanation
    if e.start is None or e.end is None:
        return f"{e.name} cannot be compared between {e.period_from} and {e.period_to}."
    moved = "rose" if e.end > e.start else "fell" if e.end < e.start else "did not move"
    where = (f"from {format_value(e.start, e.unit)} ({e.period_from}) to {format_value(e.end, e.unit)} ({e.period_to})"
             if e.end != e.start else f"between {e.period_from} and {e.period_to} ({format_value(e.end, e.unit)})")
    change = "" if e.end == e.start else (
        f": {signed_amount(e.end - e.start, e.unit)}"
        + ("" if is_rate(e.unit) else f" ({format_change(e.start, e.end, e.unit)})"))
    return f"{e.name} {moved} {where}{change}."


def method_sentence(explanation: Explanation) -> str:
    if explanation.method in (Method.MISSING_ACTUALS, Method.DEFINITION_CHANGED, Method.NO_DRIVERS):
        return ""
    return f"Split by {explanation.method.description}."


def step_sentences(explanation: Explanation) -> list[str]:
    """One sentence per bar of the waterfall, largest driver first."""
    e = explanation
    out = []
    for step in e.waterfall():
        if step.kind in (StepKind.START, StepKind.END):
            continue
        amount = signed_amount(step.amount, e.unit)
        if step.kind is StepKind.DRIVER:
            verb = "added" if step.amount > 0 else "took away" if step.amount < 0 else "did not change it:"
            detail = ""
            if step.metric is not None and step.metric in e.driver_values:
                s, t = e.driver_values[step.metric]
                detail = f" ({driver_change(s, t, e.units.get(step.metric, ''))})"
            out.append(f"{step.label}{detail} {verb} {amount.lstrip('+-')}." if step.amount
                       else f"{step.label}{detail} did not change it.")
        elif step.kind is StepKind.REPORTED_VS_FORMULA:
            out.append(f"{amount} is the reported value moving apart from what its formula gives "
                       "(reported vs formula).")
        else:
            out.append(f"{amount} is not explained by its drivers.")
    return out


def driver_change(start: float, end: float, unit: str) -> str:
    change = format_change(start, end, unit)
    return f"{format_value(start, unit)} → {format_value(end, unit)}" + (f", {change}" if change else "")


def paragraph(explanation: Explanation) -> str:
    """The whole answer for one metric as a short paragraph (slide notes, summaries)."""
    parts = [headline(explanation), method_sentence(explanation), *step_sentences(explanation),
             *explanation.notes]
    return " ".join(p for p in parts if p)
