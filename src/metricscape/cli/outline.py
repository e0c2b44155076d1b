"""A model as an indented text outline, from the north star down to its inputs (for ``metricscape show``)."""

from __future__ import annotations

from metricscape.model import Change, ChangeMode, Link, LinkKind, Metric, MetricTree
from metricscape.model.numbers import format_value

MAX_DRAWN_DEPTH = 30  # deeper levels are drawn at this indentation, labelled with their level


def outline(tree: MetricTree, values: dict[str, float] | None = None) -> str:
    """``values``: computed values by metric id (from the engine); without them, the file's baselines."""
    metrics = tree.metrics_by_id()
    values = values or {}
    drivers: dict[str, list[Link]] = {}
    for link in tree.links:
        if link.kind.computes:
            drivers.setdefault(link.target, []).append(link)
    lines = [tree.info.name, "=" * len(tree.info.name)]
    shown: set[str] = set()

    def walk(root: str) -> None:
        # Iterative (a chain 10,000 metrics deep would overflow Python's stack) and with the
        # indentation capped, so such a chain prints 10,000 short lines, not 150 MB of "│  ".
        pending: list[tuple[str, str, str, Link | None, int]] = [(root, "", "", None, 0)]
        while pending:
            metric_id, prefix, branch, via, depth = pending.pop()
            metric = metrics[metric_id]
            repeat = metric_id in shown
            level = f"(level {depth}) " if depth > MAX_DRAWN_DEPTH else ""
            lines.append(prefix + branch + level + _describe(metric, via, values.get(metric_id))
                         + ("  (see above)" if repeat else ""))
            if repeat:
                continue
            shown.add(metric_id)
            below = drivers.get(metric_id, [])
            inner = prefix if depth >= MAX_DRAWN_DEPTH else (
                prefix + ("" if not branch else ("│  " if branch == "├─ " else "   ")))
            for i in reversed(range(len(below))):
                pending.append((below[i].source, inner, "└─ " if i == len(below) - 1 else "├─ ", below[i], depth + 1))

    roots = [m.id for m in tree.metrics if m.kind.value == "north_star"]
    fed = {link.source for link in tree.links if link.kind.computes}
    others = [m.id for m in tree.metrics if m.id not in fed and m.id not in roots
              and m.kind.value != "guardrail"]
    for root in roots + others:
        if root not in shown:
            walk(root)
    if not roots:
        lines.append("(no north star yet: mark one metric as the north star)")
    guards = [link for link in tree.links if link.kind is LinkKind.GUARD]
    if guards:
        lines += ["", "Guardrails"]
        lines += [f"  {metrics[g.source].name} watches {metrics[g.target].name}" for g in guards]
    loose = [m for m in tree.metrics if m.id not in shown and m.kind.value == "guardrail"
             and m.id not in {g.source for g in guards}]
    if loose:
        lines += ["", "Not connected"] + [f"  {_describe(m, None, values.get(m.id))}" for m in loose]
    if tree.scenarios:
        lines += ["", "Scenarios"]
        for scenario in tree.scenarios:
            changes = ", ".join(_describe_change(metrics[c.metric], c) for c in scenario.changes)
            lines.append(f"  {scenario.name}: {changes or 'no changes yet'}")
    return "\n".join(lines)


def _describe(metric: Metric, via: Link | None, value: float | None) -> str:
    text = f"{metric.name} [{metric.id}]"
    if metric.kind.value != "input":
        text += f" · {metric.kind.label.lower()}"
    value = metric.baseline if value is None else value
    if value is not None:
        text += f": {format_value(value, metric.unit)}"
    if metric.target is not None:
        text += f" (target {format_value(metric.target, metric.unit)})"
    if metric.formula:
        text += f"  = {metric.formula}"
    if via is not None and via.kind is LinkKind.INFLUENCE:
        text += f"  ~ elasticity {via.elasticity:g}"
    return text


def _describe_change(metric: Metric, change: Change) -> str:
    if change.mode is ChangeMode.SET:
        return f"{metric.name} = {format_value(change.value, metric.unit)}"
    return f"{metric.name} {change.mode.describe(change.value)}"
