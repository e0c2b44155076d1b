"""The metrics as a table for spreadsheets: one row per metric, with what it takes to rebuild the tree.

Each row names the metric's parent and how it is linked (formula or influence, with the
elasticity), what it guards, and its gaming risks in words. Values are rounded for reading, with
rates as percentages where the unit says "%"; the exact values sit in the "(raw)" columns for
computing. Text that a spreadsheet would run as a formula (starting with = + - @) gets a leading
apostrophe.
"""

from __future__ import annotations

import csv
import io
import math

from metricscape.model import LinkKind, MetricTree
from metricscape.model.numbers import is_rate

from .options import ExportOptions
from .text import xml_safe
from .values import MetricValues, compute_values

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMERIC = {"elasticity", "baseline", "target", "baseline (raw)", "target (raw)"}


def safe_cell(text: str) -> str:
    text = xml_safe(text)  # a spreadsheet saves to XML (XLSX) and would refuse these characters
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def raw(value: float | None) -> str:
    return "" if value is None else repr(float(value))


def rounded(value: float | None, unit: str) -> str:
    """About four significant digits (at most two decimals from 100 up); rates in percent."""
    if value is None or not math.isfinite(value):
        return ""
    if is_rate(unit):
        value *= 100
    if value == 0:
        return "0"
    decimals = 2 if abs(value) >= 100 else min(6, 3 - math.floor(math.log10(abs(value))))
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def to_csv(tree: MetricTree, options: ExportOptions | None = None) -> str:
    options = options or ExportOptions()
    scenario_names = [options.scenario] if options.scenario else [s.name for s in tree.scenarios]
    runs: list[MetricValues] = [compute_values(tree, name) for name in scenario_names]
    base = runs[0].baseline if runs else compute_values(tree).baseline
    names = {m.id: m.name for m in tree.metrics}
    parents: dict[str, list[tuple[str, LinkKind, float | None]]] = {}
    guards: dict[str, list[str]] = {}
    for link in tree.links:
        if link.kind is LinkKind.GUARD:
            guards.setdefault(link.source, []).append(names[link.target])
        else:
            parents.setdefault(link.source, []).append((names[link.target], link.kind, link.elasticity))
    header = ["id", "name", "kind", "parent", "link kind", "elasticity", "guards", "unit", "direction", "owner",
              "segment", "definition", "formula", "baseline", "target", "baseline (raw)", "target (raw)",
              "baseline source", "baseline as of", "rationale", "gaming risks", "highest risk"]
    for run in runs:
        if run.scenario:
            header += [f"scenario: {run.scenario.name}", f"scenario: {run.scenario.name} (raw)"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([safe_cell(h) for h in header])
    for metric in tree.metrics:
        up = parents.get(metric.id, [])
        highest = max((r.severity for r in metric.gaming_risks), key=lambda s: s.rank, default=None)
        risks = "; ".join(
            f"{r.severity.value}: {' '.join(r.description.split())}"
            + (f" (guarded by {names.get(r.counter_metric, r.counter_metric)})" if r.counter_metric else "")
            for r in metric.gaming_risks)
        cells = {
            "id": metric.id, "name": metric.name, "kind": metric.kind.label,
            "parent": "; ".join(p for p, _, _ in up), "link kind": "; ".join(k.value for _, k, _ in up),
            "elasticity": "; ".join(f"{e:g}" for _, _, e in up if e is not None),
            "guards": "; ".join(guards.get(metric.id, [])), "unit": metric.unit, "direction": metric.direction.value,
            "owner": metric.owner, "segment": metric.segment, "definition": metric.definition,
            "formula": metric.formula or "", "baseline": rounded(base.get(metric.id), metric.unit),
            "target": rounded(metric.target, metric.unit), "baseline (raw)": raw(base.get(metric.id)),
            "target (raw)": raw(metric.target), "baseline source": metric.baseline_source,
            "baseline as of": metric.baseline_as_of.isoformat() if metric.baseline_as_of else "",
            "rationale": metric.rationale, "gaming risks": risks, "highest risk": highest.value if highest else ""}
        row = [cells[h] if h in NUMERIC else safe_cell(cells[h]) for h in header[:len(cells)]]
        for run in runs:
            if run.scenario:
                value = run.what_if.get(metric.id, run.baseline.get(metric.id))
                row += [rounded(value, metric.unit), raw(value)]
        writer.writerow(row)
    return buffer.getvalue()
