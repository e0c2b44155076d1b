"""The "Why it moved" section of the Markdown brief: the north star's change split down the tree."""

from __future__ import annotations

from metricscape.model.numbers import format_value
from metricscape.sim.explain import Explanation, StepKind

from .explain_words import driver_change, headline, method_sentence, signed_amount
from .markdown import cell, inline

MAX_DEPTH = 3  # the north star, its drivers and theirs: deeper levels belong in the app


def explain_section(explanation: Explanation) -> list[str]:
    """A heading, the headline, a waterfall table, the notes, and a subsection for each driver that
    has drivers of its own. Names are user text: everything is escaped."""
    e = explanation
    return [f"## Why it moved: {inline(e.period_from)} → {inline(e.period_to)}", "", *_block(e, 1)]


def _block(e: Explanation, depth: int) -> list[str]:
    out = [inline(" ".join(p for p in (headline(e), method_sentence(e)) if p)), ""]
    steps = e.waterfall()
    if len(steps) > 2:
        out += [f"| | {cell(e.name)} | Change of the driver |", "| --- | ---: | --- |"]
        for step in steps:
            if step.kind in (StepKind.START, StepKind.END):
                out.append(f"| **{cell(step.label)}** | **{cell(format_value(step.amount, e.unit))}** | |")
                continue
            moved = ""
            if step.metric is not None and step.metric in e.driver_values:
                moved = driver_change(*e.driver_values[step.metric], e.units.get(step.metric, ""))
            out.append(f"| {cell(step.label)} | {cell(signed_amount(step.amount, e.unit))} | {cell(moved)} |")
        out.append("")
    for note in e.notes:
        out += [f"> {inline(note)}", ""]
    if depth < MAX_DEPTH:
        for step in steps:
            below = e.drivers.get(step.metric or "")
            if step.kind is StepKind.DRIVER and below is not None:
                out += [f"{'#' * (depth + 2)} {inline(below.name)}", "", *_block(below, depth + 1)]
    return out
