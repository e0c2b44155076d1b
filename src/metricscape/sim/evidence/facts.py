"""The data facts the health check's evidence rules read, computed from a model's actuals."""

from __future__ import annotations

from metricscape.model.rules.facts import DataFacts, LinkVerdict
from metricscape.model.tree import MetricTree

from .links import all_evidence
from .noise import north_star_noise


def data_facts(tree: MetricTree) -> DataFacts:
    if not tree.actuals.series:
        return DataFacts()
    verdicts = {(e.source, e.target): LinkVerdict(e.verdict.value, e.message) for e in all_evidence(tree)}
    return DataFacts(verdicts=verdicts, north_star_noise=north_star_noise(tree))
