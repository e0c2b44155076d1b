"""The uncertain factors of a model, in the fixed order that makes draws reproducible:
uncertain metrics in file order, then uncertain elasticities in link order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from metricscape.model.tree import MetricTree

from .distributions import Marginal, elasticity_marginal, metric_marginal
from .plan import Plan


class FactorKind(StrEnum):
    METRIC = "metric"
    ELASTICITY = "elasticity"


@dataclass(frozen=True)
class Factor:
    kind: FactorKind
    key: str          # metric id, or "source->target" for an elasticity
    label: str        # what a PM reads
    marginal: Marginal
    target: int       # plan position (metric), or link index (elasticity)
    position: int     # the plan position whose value it changes (for an elasticity: the link's target)


def uncertain_factors(tree: MetricTree, plan: Plan) -> list[Factor]:
    factors: list[Factor] = []
    for metric in tree.metrics:
        if metric.formula is not None:
            continue  # a computed metric's uncertainty comes from its inputs
        marginal = metric_marginal(metric)
        if marginal is not None:
            factors.append(Factor(FactorKind.METRIC, metric.id, metric.name, marginal, plan.index(metric.id),
                                  plan.index(metric.id)))
    names = {m.id: m.name for m in tree.metrics}
    for link_index, link in enumerate(tree.links):
        marginal = elasticity_marginal(link)
        if marginal is not None:
            factors.append(Factor(FactorKind.ELASTICITY, f"{link.source}->{link.target}",
                                  f"elasticity of {names[link.target]} to {names[link.source]}", marginal,
                                  link_index, plan.index(link.target)))
    return factors


def split(factors: list[Factor], values: Sequence[object]) -> tuple[dict[int, object], dict[int, object]]:
    """Factor values as plan ``sources`` (metrics) and ``elasticities`` (links)."""
    sources: dict[int, object] = {}
    elasticities: dict[int, object] = {}
    for factor, value in zip(factors, values, strict=True):
        (sources if factor.kind is FactorKind.METRIC else elasticities)[factor.target] = value
    return sources, elasticities
