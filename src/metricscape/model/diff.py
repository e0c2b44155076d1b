"""A semantic diff between two models: by metric id, not by line, in words a PM reads.

``diff(a, b)`` lists metrics added, removed and changed (with per-field old and new values),
links, scenarios, model info (scorecard, north-star history, change log), simulation settings and
actuals (per series: periods added and changed; sources added and removed).
Card positions are layout, not meaning: they are counted apart (``moved``) and left out of summaries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from .actuals import Actuals
from .link import Link, LinkKind
from .metadata import SCORECARD_CRITERIA, ModelInfo
from .metric import Metric, Uncertainty
from .numbers import format_value
from .scenario import Scenario
from .tree import MetricTree

LAYOUT_FIELDS = frozenset({"position", "collapsed"})
FIELD_LABELS = {
    "name": "name", "kind": "kind", "definition": "definition", "unit": "unit", "owner": "owner",
    "segment": "segment", "baseline": "baseline", "baseline_source": "baseline source",
    "baseline_as_of": "baseline as of", "target": "target", "direction": "direction", "formula": "formula",
    "uncertainty": "uncertainty", "unit_variability": "unit-level variability",
    "review_cadence_days": "review cadence (days)", "last_review": "last review", "notes": "notes",
    "rationale": "rationale", "gaming_risks": "gaming risks", "silenced": "silenced checks",
    "elasticity": "elasticity", "elasticity_low": "elasticity low", "elasticity_high": "elasticity high",
    "confidence": "confidence", "description": "description", "changes": "changes", "authors": "authors",
    "north_star_review_cadence_days": "north-star review cadence (days)",
    "north_star_history": "north-star history", "changelog": "change log",
}
_VALUE_FIELDS = frozenset({"baseline", "target"})  # shown in the metric's own unit
_TEXT_LIMIT = 70


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any
    unit: str = ""  # the metric's unit, to show baseline and target as a PM would

    @property
    def label(self) -> str:
        return FIELD_LABELS.get(self.field, self.field.replace("_", " ").replace(".", ": "))

    def describe(self) -> str:
        if isinstance(self.old, tuple) and isinstance(self.new, tuple) and self.old and self.new:
            added = [item for item in self.new if item not in self.old]
            removed = [item for item in self.old if item not in self.new]
            parts = ([f"added {show(tuple(added))}"] if added else []) + (
                [f"removed {show(tuple(removed))}"] if removed else [])
            return f"{self.label}: {'; '.join(parts) or 'reordered'}"
        return f"{self.label} {show(self.old, self.field, self.unit)} → {show(self.new, self.field, self.unit)}"

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "old": _json(self.old), "new": _json(self.new)}


@dataclass(frozen=True)
class ItemChange:
    """One metric, link or scenario present in both models, with what changed in it."""

    key: str  # metric or scenario id, or "source->target"
    name: str  # its name in the new model
    fields: tuple[FieldChange, ...]

    def field(self, name: str) -> FieldChange | None:
        return next((f for f in self.fields if f.field == name), None)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.key, "name": self.name, "fields": [f.to_dict() for f in self.fields]}


@dataclass
class ModelDiff:
    metrics_added: list[Metric] = field(default_factory=list)
    metrics_removed: list[Metric] = field(default_factory=list)
    metrics_changed: list[ItemChange] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)  # metric ids whose card moved (layout only)
    links_added: list[Link] = field(default_factory=list)
    links_removed: list[Link] = field(default_factory=list)
    links_changed: list[ItemChange] = field(default_factory=list)
    scenarios_added: list[Scenario] = field(default_factory=list)
    scenarios_removed: list[Scenario] = field(default_factory=list)
    scenarios_changed: list[ItemChange] = field(default_factory=list)
    info: list[FieldChange] = field(default_factory=list)
    simulation: list[FieldChange] = field(default_factory=list)
    actuals: list[str] = field(default_factory=list)  # one plain line per series or source that changed
    names: dict[str, str] = field(default_factory=dict)  # metric id -> name, for links

    @property
    def renamed(self) -> list[ItemChange]:
        return [c for c in self.metrics_changed if c.field("name") is not None]

    @property
    def changed_metric_ids(self) -> list[str]:
        """Metrics to highlight on a canvas: added or changed (not merely moved)."""
        return [m.id for m in self.metrics_added] + [c.key for c in self.metrics_changed]

    def is_empty(self, include_layout: bool = False) -> bool:
        semantic = (self.metrics_added, self.metrics_removed, self.metrics_changed, self.links_added,
                    self.links_removed, self.links_changed, self.scenarios_added, self.scenarios_removed,
                    self.scenarios_changed, self.info, self.simulation, self.actuals)
        return not any(semantic) and not (include_layout and self.moved)

    def link_name(self, link: Link) -> str:
        return f"{self.names.get(link.source, link.source)} → {self.names.get(link.target, link.target)}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "metrics": {"added": [_named(m) for m in self.metrics_added],
                        "removed": [_named(m) for m in self.metrics_removed],
                        "changed": [c.to_dict() for c in self.metrics_changed],
                        "moved": list(self.moved)},
            "links": {"added": [link.model_dump(mode="json", exclude_defaults=True) for link in self.links_added],
                      "removed": [link.model_dump(mode="json", exclude_defaults=True)
                                  for link in self.links_removed],
                      "changed": [c.to_dict() for c in self.links_changed]},
            "scenarios": {"added": [_named(s) for s in self.scenarios_added],
                          "removed": [_named(s) for s in self.scenarios_removed],
                          "changed": [c.to_dict() for c in self.scenarios_changed]},
            "info": [f.to_dict() for f in self.info],
            "simulation": [f.to_dict() for f in self.simulation],
            "actuals": list(self.actuals),
        }


def diff(a: MetricTree, b: MetricTree) -> ModelDiff:
    """What changed from ``a`` (before) to ``b`` (after)."""
    result = ModelDiff(names={**{m.id: m.name for m in a.metrics}, **{m.id: m.name for m in b.metrics}})
    old_metrics, new_metrics = {m.id: m for m in a.metrics}, {m.id: m for m in b.metrics}
    result.metrics_added = [m for m in b.metrics if m.id not in old_metrics]
    result.metrics_removed = [m for m in a.metrics if m.id not in new_metrics]
    for metric in b.metrics:
        before = old_metrics.get(metric.id)
        if before is None or before == metric:
            continue
        changes = _field_changes(before, metric, skip=LAYOUT_FIELDS | {"id"}, unit=metric.unit)
        if changes:
            result.metrics_changed.append(ItemChange(metric.id, metric.name, tuple(changes)))
        if (before.position, before.collapsed) != (metric.position, metric.collapsed):
            result.moved.append(metric.id)

    old_links, new_links = {link.key: link for link in a.links}, {link.key: link for link in b.links}
    # Formula links come and go with formulas, which the metric's own changes already show.
    result.links_added = [link for link in b.links if link.key not in old_links and link.kind is not LinkKind.FORMULA]
    result.links_removed = [link for link in a.links
                            if link.key not in new_links and link.kind is not LinkKind.FORMULA]
    for link in b.links:
        link_before = old_links.get(link.key)
        if link_before is not None and link_before != link:
            result.links_changed.append(ItemChange(f"{link.source}->{link.target}", result.link_name(link),
                                                   tuple(_field_changes(link_before, link, skip={"source", "target"}))))

    old_scenarios, new_scenarios = {s.id: s for s in a.scenarios}, {s.id: s for s in b.scenarios}
    result.scenarios_added = [s for s in b.scenarios if s.id not in old_scenarios]
    result.scenarios_removed = [s for s in a.scenarios if s.id not in new_scenarios]
    for scenario in b.scenarios:
        scenario_before = old_scenarios.get(scenario.id)
        if scenario_before is not None and scenario_before != scenario:
            result.scenarios_changed.append(
                ItemChange(scenario.id, scenario.name, tuple(_field_changes(scenario_before, scenario, skip={"id"}))))

    result.info = _info_changes(a.info, b.info)
    result.simulation = _field_changes(a.simulation, b.simulation, skip=set())
    names = {m.id: m.name for m in (*a.metrics, *b.metrics)}
    gone = {m.id for m in a.metrics} - {m.id for m in b.metrics}  # their actuals go with them, said above
    result.actuals = _actuals_changes(a.actuals.without_metrics(gone), b.actuals, names)
    return result


def _actuals_changes(old: Actuals, new: Actuals, names: dict[str, str]) -> list[str]:
    lines = [f"grain {old.grain.value} → {new.grain.value}"] if old.grain is not new.grain else []
    paths = [s.path for s in old.sources], [s.path for s in new.sources]
    lines += [f"source {path} added" for path in paths[1] if path not in paths[0]]
    lines += [f"source {path} removed" for path in paths[0] if path not in paths[1]]
    before = {(s.metric, s.segment): s.as_dict() for s in old.series}
    after = {(s.metric, s.segment): s.as_dict() for s in new.series}
    for key in [*after, *(k for k in before if k not in after)]:
        if before.get(key) == after.get(key):
            continue
        name = names.get(key[0], key[0]) + (f" [{key[1]}]" if key[1] else "")
        old_values, new_values = before.get(key, {}), after.get(key, {})
        added = sum(p not in old_values for p in new_values)
        changed = sum(p in new_values and new_values[p] != v for p, v in old_values.items())
        removed = sum(p not in new_values for p in old_values)
        parts = [f"{n} period{'s' if n != 1 else ''} {word}" for n, word in
                 ((added, "added"), (changed, "changed"), (removed, "removed")) if n]
        lines.append(f"{name}: {', '.join(parts)}")
    if old.metric_sources != new.metric_sources or old.definitions != new.definitions:
        lines.append("aggregations, queries or definition labels changed")
    return lines


def _field_changes(old: BaseModel, new: BaseModel, skip: set[str] | frozenset[str], unit: str = ""
                   ) -> list[FieldChange]:
    return [FieldChange(name, getattr(old, name), getattr(new, name), unit if name in _VALUE_FIELDS else "")
            for name in type(new).model_fields
            if name not in skip and getattr(old, name) != getattr(new, name)]


def _info_changes(old: ModelInfo, new: ModelInfo) -> list[FieldChange]:
    """Scorecard entries are compared one question at a time; histories by what was appended or dropped."""
    changes = _field_changes(old, new, skip={"scorecard"})
    for key in SCORECARD_CRITERIA:
        changes += [FieldChange(f"scorecard.{key}.{c.field}", c.old, c.new)
                    for c in _field_changes(getattr(old.scorecard, key), getattr(new.scorecard, key), skip=set())]
    return changes


# --- showing values ------------------------------------------------------------------------------

def show(value: Any, field_name: str = "", unit: str = "", full: bool = False) -> str:
    """A field value in a few words: numbers in their unit, long texts shortened and quoted, lists
    summarised. ``full``: texts whole and unquoted, for a side-by-side table."""
    if value is None or value == "" or value == ():
        return "(none)"
    if field_name in _VALUE_FIELDS and isinstance(value, (int, float)):
        return format_value(value, unit)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Uncertainty):
        return value.describe()
    if isinstance(value, tuple):
        return ("\n" if full else "; ").join(_show_item(item, 1000 if full else 40) for item in value)
    if isinstance(value, BaseModel):
        return _short(", ".join(f"{k} {v}" for k, v in value.model_dump(mode="json", exclude_defaults=True).items()))
    if hasattr(value, "value") and isinstance(value.value, str):  # enums
        return value.value.replace("_", " ")
    if isinstance(value, str):
        return value if full else f"\"{_short(value)}\""
    return str(value)


def _show_item(item: Any, limit: int) -> str:
    for attribute in ("description", "name", "rule", "metric", "note"):
        if hasattr(item, attribute):
            label = _short(str(getattr(item, attribute)), limit)
            if hasattr(item, "severity"):
                return f"{label} ({item.severity.value})"
            if hasattr(item, "mode"):
                return f"{label} {item.mode.describe(item.value)}"
            return label
    return _short(str(item), limit)


def _short(text: str, limit: int = _TEXT_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _named(item: Metric | Scenario) -> dict[str, str]:
    return {"id": item.id, "name": item.name}


def _json(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, tuple):
        return [_json(v) for v in value]
    if isinstance(value, (dt.date,)):
        return value.isoformat()
    if hasattr(value, "value") and isinstance(value.value, str):
        return value.value
    return value


# --- reading a diff ------------------------------------------------------------------------------

def render(d: ModelDiff) -> str:
    """The diff as lines a person reads: '+' added, '-' removed, '~' changed."""
    lines: list[str] = []
    lines += [f"+ Added metric \"{m.name}\" ({m.kind.label.lower()})" for m in d.metrics_added]
    lines += [f"- Removed metric \"{m.name}\" ({m.kind.label.lower()})" for m in d.metrics_removed]
    for change in d.metrics_changed:
        rename = change.field("name")
        if rename is not None:
            lines.append(f"~ Renamed \"{rename.old}\" → \"{rename.new}\"")
        lines += [f"~ {change.name}: {f.describe()}" for f in change.fields if f.field != "name"]
    lines += [f"+ Link {d.link_name(link)} ({_link_kind(link)})" for link in d.links_added]
    lines += [f"- Link {d.link_name(link)} ({_link_kind(link)})" for link in d.links_removed]
    lines += [f"~ Link {c.name}: {f.describe()}" for c in d.links_changed for f in c.fields]
    lines += [f"+ Added scenario \"{s.name}\"" for s in d.scenarios_added]
    lines += [f"- Removed scenario \"{s.name}\"" for s in d.scenarios_removed]
    lines += [f"~ Scenario \"{c.name}\": {f.describe()}" for c in d.scenarios_changed for f in c.fields]
    lines += [f"~ Model: {f.describe()}" for f in d.info]
    lines += [f"~ Simulation: {f.describe()}" for f in d.simulation]
    lines += [f"~ Actuals: {line}" for line in d.actuals]
    if d.moved:
        lines.append(f"  ({len(d.moved)} card{'s' if len(d.moved) != 1 else ''} moved on the canvas)")
    return "\n".join(lines) if lines else "No changes."


def _link_kind(link: Link) -> str:
    if link.elasticity is not None:
        return f"{link.kind.value}, elasticity {link.elasticity:g}"
    return link.kind.value


_SUMMARY_FIELDS = (("formula", "Formula changed"), ("target", "Target changed"), ("baseline", "Baseline changed"),
                   ("rationale", "Rationale updated"), ("gaming_risks", "Gaming risks updated"),
                   ("kind", "Kind changed"), ("definition", "Definition changed"))


def summarize(d: ModelDiff, limit: int = 5) -> list[str]:
    """A few lines for the change log written on save (layout and the change log itself left out)."""
    lines: list[str] = []

    def names_line(label: str, names: list[str]) -> None:
        if names:
            more = f" and {len(names) - limit} more" if len(names) > limit else ""
            lines.append(f"{label}: {', '.join(names[:limit])}{more}")

    names_line("Added metrics", [m.name for m in d.metrics_added])
    names_line("Removed metrics", [m.name for m in d.metrics_removed])
    names_line("Renamed", [f"{c.field('name').old} → {c.name}" for c in d.renamed])  # type: ignore[union-attr]  # a rename always has its name field
    summarised = {"name"}
    for field_name, label in _SUMMARY_FIELDS:
        summarised.add(field_name)
        names_line(label, [c.name for c in d.metrics_changed if c.field(field_name) is not None])
    names_line("Other details changed", [c.name for c in d.metrics_changed
                                         if any(f.field not in summarised for f in c.fields)])
    counts = [f"{len(items)} {word}" for items, word in ((d.links_added, "added"), (d.links_removed, "removed"),
                                                         (d.links_changed, "changed")) if items]
    if counts:
        lines.append(f"Links: {', '.join(counts)}")
    names_line("Added scenarios", [s.name for s in d.scenarios_added])
    names_line("Removed scenarios", [s.name for s in d.scenarios_removed])
    names_line("Changed scenarios", [c.name for c in d.scenarios_changed])
    info_fields = [f.field for f in d.info if f.field != "changelog"]
    if "north_star_history" in info_fields:
        lines.append("North-star definition changed")
    names_line("Scorecard updated", sorted({f.split(".")[1].replace("_", " ") for f in info_fields
                                            if f.startswith("scorecard.")}))
    names_line("Model details changed", [FIELD_LABELS.get(f, f) for f in info_fields
                                         if not f.startswith("scorecard.") and f != "north_star_history"])
    names_line("Simulation settings changed", [f.field for f in d.simulation])
    names_line("Actuals updated", d.actuals)
    return lines
