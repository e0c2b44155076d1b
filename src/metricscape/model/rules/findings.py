"""What the health check reports: findings with a level, the rule that found them, and a score."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from ..link import Link
from ..metric import Metric
from ..tree import MetricTree
from .facts import DataFacts


class Level(StrEnum):
    INFO = "info"        # a question worth asking
    WARNING = "warning"  # something missing or dubious
    ERROR = "error"      # the model is wrong or cannot be trusted

    @property
    def rank(self) -> int:
        return {"info": 1, "warning": 2, "error": 3}[self.value]


@dataclass(frozen=True)
class Finding:
    rule: str
    level: Level
    message: str  # what is wrong and what to do, in plain words
    metric: str | None = None  # the metric it concerns (silenced through this metric)
    link: tuple[str, str] | None = None  # (source, target) when it concerns a link
    silenced_because: str | None = None

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"rule": self.rule, "level": self.level.value, "message": self.message,
                                   "metric": self.metric, "link": list(self.link) if self.link else None}
        if self.silenced_because is not None:
            data["silenced_because"] = self.silenced_because
        return data


@dataclass
class Context:
    """What every rule reads: the tree, today's date and a few cached lookups."""

    tree: MetricTree
    today: dt.date
    facts: DataFacts = field(default_factory=DataFacts)  # what the statistics layer measured, if anything

    @cached_property
    def metrics(self) -> dict[str, Metric]:
        return {m.id: m for m in self.tree.metrics}

    @cached_property
    def outgoing(self) -> dict[str, list[Link]]:
        """Links by their source (the driver or the guardrail)."""
        by_source: dict[str, list[Link]] = {}
        for link in self.tree.links:
            by_source.setdefault(link.source, []).append(link)
        return by_source

    @cached_property
    def memo(self) -> dict[object, object]:
        """Results that several rules share (e.g. a formula's unit check), keyed by the rule module."""
        return {}

    def name(self, metric_id: str) -> str:
        metric = self.metrics.get(metric_id)
        return f"'{metric.name}'" if metric else f"'{metric_id}'"


@dataclass(frozen=True)
class Rule:
    id: str
    level: Level
    summary: str  # one line for a rule list ("metricscape check --rules")
    check: Callable[[Context, Rule], Iterable[Finding]]

    def run(self, ctx: Context) -> list[Finding]:
        return list(self.check(ctx, self))

    def finding(self, message: str, metric: str | None = None, link: tuple[str, str] | None = None,
                level: Level | None = None) -> Finding:
        return Finding(self.id, level or self.level, message, metric, link)


def rule(rule_id: str, level: Level, summary: str) -> Callable[[Callable[[Context, Rule], Iterable[Finding]]], Rule]:
    """Decorator: turn a check function into a Rule."""
    def wrap(check: Callable[[Context, Rule], Iterable[Finding]]) -> Rule:
        return Rule(rule_id, level, summary, check)
    return wrap


# A rule costs points per finding up to a cap, so one widespread gap does not hide every other.
POINTS = {Level.ERROR: (10, 30), Level.WARNING: (3, 12), Level.INFO: (1, 3)}


@dataclass
class HealthReport:
    findings: list[Finding] = field(default_factory=list)
    silenced: list[Finding] = field(default_factory=list)

    @property
    def score(self) -> int:
        """0-100: 100 minus the points each rule costs (per finding, capped per rule)."""
        per_rule = Counter((f.rule, f.level) for f in self.findings)
        lost = sum(min(count * POINTS[level][0], POINTS[level][1]) for (_, level), count in per_rule.items())
        return max(0, 100 - lost)

    def count(self, level: Level) -> int:
        return sum(f.level is level for f in self.findings)

    def worst(self) -> Level | None:
        return max((f.level for f in self.findings), key=lambda level: level.rank, default=None)

    def at_least(self, level: Level) -> list[Finding]:
        return [f for f in self.findings if f.level.rank >= level.rank]

    def for_metric(self, metric_id: str) -> list[Finding]:
        return [f for f in self.findings if f.metric == metric_id]

    def to_dict(self) -> dict[str, object]:
        return {"score": self.score,
                "counts": {level.value: self.count(level) for level in Level},
                "findings": [f.to_dict() for f in self.findings],
                "silenced": [f.to_dict() for f in self.silenced]}
