"""The metrics as a table for spreadsheets: one row per metric, its fields and its values.

Numbers stay raw (0.345, not '34.5 %') so spreadsheets can compute with them. Text that a
spreadsheet would run as a formula (starting with = + - @) gets a leading apostrophe.
"""

from __future__ import annotations

import csv
import io

from metricscape.model import MetricTree

from .options import ExportOptions
from .text import xml_safe
from .values import MetricValues, compute_values

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    text = xml_safe(text)  # a spreadsheet saves to XML (XLSX) and would refuse these characters
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _number(value: float | None) -> str:
    return "" if value is None else repr(float(value))


def to_csv(tree: MetricTree, options: ExportOptions | None = None) -> str:
    options = options or ExportOptions()
    scenario_names = [options.scenario] if options.scenario else [s.name for s in tree.scenarios]
    runs: list[MetricValues] = [compute_values(tree, name) for name in scenario_names]
    base = runs[0].baseline if runs else compute_values(tree).baseline
    header = ["id", "name", "kind", "unit", "direction", "owner", "segment", "definition", "formula",
              "baseline", "target", "baseline source", "baseline as of", "rationale", "gaming risks",
              "highest risk"]
    header += [f"scenario: {run.scenario.name}" for run in runs if run.scenario]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([safe_cell(h) for h in header])
    for metric in tree.metrics:
        highest = max((r.severity for r in metric.gaming_risks), key=lambda s: s.rank, default=None)
        row = [metric.id, metric.name, metric.kind.label, metric.unit, metric.direction.value, metric.owner,
               metric.segment, metric.definition, metric.formula or "", _number(base.get(metric.id)),
               _number(metric.target), metric.baseline_source,
               metric.baseline_as_of.isoformat() if metric.baseline_as_of else "", metric.rationale,
               str(len(metric.gaming_risks)), highest.value if highest else ""]
        cells = [safe_cell(cell) for cell in row]
        for i in (9, 10, 14):  # numeric columns: no apostrophe for a negative number
            cells[i] = row[i]
        for run in runs:
            value = run.what_if.get(metric.id, run.baseline.get(metric.id))
            cells.append(_number(value))
        writer.writerow(cells)
    return buffer.getvalue()
