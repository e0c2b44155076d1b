"""The written brief: the whole model as a Markdown document for planning docs and reviews.

User text is escaped so that a name such as ``<script>`` or ``*launch*`` prints as typed in
any Markdown tool (and converts to PDF unchanged); free text keeps its paragraphs.
"""

from __future__ import annotations

import re
from collections import defaultdict

from metricscape.model import Direction, Link, LinkKind, Metric, MetricTree
from metricscape.model.numbers import format_change, format_value, target_gap

from .mermaid import to_mermaid
from .options import ExportOptions
from .text import xml_safe
from .values import MetricValues, compute_values

MAX_LIST_DEPTH = 30  # deeper drivers are listed at this indentation, labelled with their level
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+(?=[.)]))")


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def inline(text: str) -> str:
    """One line of literal text: no markup, no line breaks."""
    return _INLINE_SPECIAL.sub(r"\\\1", _html(" ".join(xml_safe(text).split())))


def _line(text: str) -> str:
    """A line of its own: characters that would start a heading or a list are escaped too."""
    return _LINE_START.sub(lambda m: m.group(1) + (m.group(2) + "\\" if m.group(2)[0].isdigit()
                                                   else "\\" + m.group(2)), inline(text))


def block(text: str) -> str:
    """Free text with its paragraphs kept; markup characters escaped."""
    paragraphs = [p for p in re.split(r"\n\s*\n", xml_safe(text).strip()) if p.strip()]
    return "\n\n".join("  \n".join(_line(line) for line in p.splitlines() if line.strip()) for p in paragraphs)


def cell(text: str) -> str:
    """Table cell: one line, pipes escaped."""
    return inline(text) or " "


def code(text: str) -> str:
    """A code span: the text exactly as typed (a formula), no escaping inside."""
    flat = " ".join(text.split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", flat)), default=0) + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def to_markdown(tree: MetricTree, options: ExportOptions | None = None) -> str:
    options = options or ExportOptions()
    values = compute_values(tree, options.scenario, with_tornado=True)
    out: list[str] = [f"# {inline(tree.info.name)}", ""]
    out += _headline(tree, values)
    if tree.info.description.strip():
        out += [block(tree.info.description), ""]
    if tree.info.authors:
        out += [f"*Authors: {inline(', '.join(tree.info.authors))}*", ""]
    out += ["```mermaid", to_mermaid(tree, options).rstrip(), "```", ""]
    out += _north_star(tree, values)
    out += _outline(tree, values)
    out += _metrics(tree, values)
    out += _scenarios(tree)
    # --- hook: "Why it moved" (issue 12); the section lives in explain_markdown.py ---
    if options.explain:
        from .explain_choice import explanation_for
        from .explain_markdown import explain_section  # lazy: it imports this module

        out += explain_section(explanation_for(tree, options.explain))
    # --- end of hook ---
    from .evidence_markdown import (
        evidence_section,  # hook: the evidence section (issue 13) lives there
    )

    out += evidence_section(tree)
    return "\n".join(out).rstrip() + "\n"


def _headline(tree: MetricTree, values: MetricValues) -> list[str]:
    """The summary a reader needs first: where the north star stands, the levers, the risks."""
    star = tree.north_star
    if star is None:
        return []
    value = values.baseline.get(star.id)
    gap, _ = target_gap(value, star.target, star.unit, star.direction is Direction.HIGHER)
    out = [f"**{inline(star.name)}** is at **{_value(star, value)}**" + (f" ({inline(gap)})." if gap else ".")]
    names = {m.id: m.name for m in tree.metrics}
    levers = sorted(values.tornado, key=lambda b: abs(b.high - b.low), reverse=True)[:3]
    if levers:
        out.append("Top levers: " + "; ".join(
            f"**{inline(names.get(b.metric_id, b.metric_id))}** (moves it by up to "
            f"{inline(format_value(abs(b.high - b.low) / 2, star.unit))})" for b in levers) + ".")
    risks = [(m, r) for m in tree.metrics for r in m.gaming_risks if r.severity.value == "high"][:3]
    if risks:
        out.append("Biggest risks: " + "; ".join(f"{inline(r.description.strip().rstrip('.'))} (**{inline(m.name)}**"
                                                  + ("" if r.counter_metric else ", no guardrail yet") + ")"
                                                  for m, r in risks) + ".")
    return ["\n".join(f"- {line}" for line in out), ""]


def _value(metric: Metric, value: float | None) -> str:
    return inline(format_value(value, metric.unit))


def _north_star(tree: MetricTree, values: MetricValues) -> list[str]:
    star = tree.north_star
    if star is None:
        return ["## North star", "", "No north star is marked yet.", ""]
    out = [f"## North star: {inline(star.name)}", ""]
    if star.definition.strip():
        out += [block(star.definition), ""]
    out += [f"- **Baseline:** {_value(star, values.baseline.get(star.id))}",
            f"- **Target:** {_value(star, star.target)}"]
    if star.owner.strip():
        out.append(f"- **Owner:** {inline(star.owner)}")
    out.append("")
    entries = tree.info.scorecard.entries()
    if any(e.answer.strip() or e.rating for _, _, e in entries):
        out += ["### Scorecard", "", "| Criterion | Rating | Answer | Evidence |", "| --- | --- | --- | --- |"]
        for _, question, entry in entries:
            rating = f"{entry.rating}/5" if entry.rating else "not rated"
            out.append(f"| {cell(question)} | {rating} | {cell(entry.answer)} | {cell(entry.evidence)} |")
        out.append("")
    else:
        out += ["The north star has not been assessed against the scorecard yet.", ""]
    return out


def _outline(tree: MetricTree, values: MetricValues) -> list[str]:
    metrics = tree.metrics_by_id()
    order = {m.id: i for i, m in enumerate(tree.metrics)}
    children: dict[str, list[Link]] = defaultdict(list)
    for link in tree.links:
        if link.kind is not LinkKind.GUARD:
            children[link.target].append(link)
    for links in children.values():
        links.sort(key=lambda link: order[link.source])
    out = ["## The tree", ""]
    shown: set[str] = set()

    def line(metric_id: str, depth: int, via: Link | None) -> str:
        metric = metrics[metric_id]
        how = ""
        if via is not None and via.kind is LinkKind.INFLUENCE:  # formula drivers: the formula above says how
            how = f" (influence, ε {via.elasticity:g})" if via.elasticity is not None else " (influence)"
        value = values.baseline.get(metric_id)
        figure = f": {_value(metric, value)}" if value is not None else ""
        formula = f" = {code(metric.formula)}" if metric.formula and metric_id not in shown else ""
        note = " (see above)" if metric_id in shown and children[metric_id] else ""
        level = f"(level {depth}) " if depth > MAX_LIST_DEPTH else ""  # deeper items keep one indentation
        return f"{'  ' * min(depth, MAX_LIST_DEPTH)}- {level}**{inline(metric.name)}**{figure}{formula}{how}{note}"

    star = tree.north_star
    stack: list[tuple[str, int, Link | None]] = [(star.id, 0, None)] if star is not None else []
    while stack:  # depth first, in file order, without recursion (a deep chain must not overflow)
        metric_id, depth, via = stack.pop()
        out.append(line(metric_id, depth, via))
        if metric_id in shown:
            continue
        shown.add(metric_id)
        stack.extend((link.source, depth + 1, link) for link in reversed(children[metric_id]))
    guards = [link for link in tree.links if link.kind is LinkKind.GUARD]
    for link in guards:
        shown.add(link.source)
    rest = [m for m in tree.metrics if m.id not in shown]
    if guards:
        out += ["", "Guardrails:", ""]
        out += [f"- **{inline(metrics[g.source].name)}** guards **{inline(metrics[g.target].name)}**"
                for g in guards]
    if rest:
        out += ["", "Not connected to the north star:", ""]
        out += [f"- **{inline(m.name)}**" for m in rest]
    return out + [""]


def _metrics(tree: MetricTree, values: MetricValues) -> list[str]:
    names = {m.id: m.name for m in tree.metrics}
    out = ["## Metrics", ""]
    for metric in tree.metrics:
        out += [f"### {inline(metric.name)}", ""]
        facts = [("Kind", metric.kind.label), ("Owner", metric.owner), ("Unit", metric.unit)]
        out += [f"- **{label}:** {inline(text)}" for label, text in facts if text.strip()]
        if metric.formula:
            out.append(f"- **Formula:** {code(metric.formula)}")
        baseline = values.baseline.get(metric.id)
        if baseline is not None or metric.target is not None:
            out.append(f"- **Baseline / target:** {_value(metric, baseline)} / {_value(metric, metric.target)}"
                       f" ({'higher' if metric.direction.value == 'higher' else 'lower'} is better)")
        out.append("")
        out += [block(metric.definition) if metric.definition.strip() else "*No definition yet.*", ""]
        if metric.rationale.strip():
            out += ["**Why it matters:** " + block(metric.rationale), ""]
        if metric.gaming_risks:
            out += ["**Gaming risks:**", ""]
            for risk in metric.gaming_risks:
                line = f"- *{risk.severity.value}*: {inline(risk.description)}"
                if risk.detection.strip():
                    line += f" Detect it by: {inline(risk.detection)}"
                if risk.counter_metric:
                    line += f" Guarded by **{inline(names.get(risk.counter_metric, risk.counter_metric))}**."
                else:
                    line += " No guardrail yet."
                if risk.mitigation.strip():
                    line += f" Mitigation: {inline(risk.mitigation)}"
                out.append(line)
            out.append("")
    return out


def _scenarios(tree: MetricTree) -> list[str]:
    if not tree.scenarios:
        return []
    star = tree.north_star
    names = {m.id: m for m in tree.metrics}
    out = ["## Scenarios", ""]
    if star is not None:
        out += [f"| Scenario | Changes | {cell(star.name)} | Change |", "| --- | --- | --- | --- |"]
    else:
        out += ["| Scenario | Changes |", "| --- | --- |"]
    for scenario in tree.scenarios:
        changes = "; ".join(f"{names[c.metric].name} {c.mode.describe(c.value)}" for c in scenario.changes)
        row = f"| {cell(scenario.name)} | {cell(changes or 'no changes')} |"
        if star is not None:
            run = compute_values(tree, scenario.id)
            old, new = run.baseline.get(star.id), run.what_if.get(star.id)
            row += (f" {_value(star, new)} | {inline(format_change(old, new, star.unit))} |" if new is not None
                    else " not computed | |")
        out.append(row)
    out.append("")
    for scenario in tree.scenarios:
        if scenario.description.strip():
            out += [f"**{inline(scenario.name)}:** {block(scenario.description)}", ""]
    return out
