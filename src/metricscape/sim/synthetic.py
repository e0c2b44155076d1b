"""Generated metric trees of any size, for benchmarks and tests (not for users).

Inputs sit near 1 (rates near 0.3) and parents average or multiply their children, so values stay
in a sane range however deep the tree grows; every tenth input drives its parent through an
influence link instead of the formula.
"""

from __future__ import annotations

import numpy as np

from metricscape.model.link import Link
from metricscape.model.metadata import SimulationSettings
from metricscape.model.metric import Metric, MetricKind, Uncertainty
from metricscape.model.tree import MetricTree


def generated_tree(n_metrics: int, n_inputs: int | None = None, seed: int = 1) -> MetricTree:
    """A tree of ``n_metrics`` metrics, ``n_inputs`` of them uncertain inputs (about 60 % by default)."""
    rng = np.random.default_rng(seed)
    n_inputs = n_inputs if n_inputs is not None else max(2, int(n_metrics * 0.6))
    n_internal = n_metrics - n_inputs
    if n_internal < 1 or n_inputs < 1:
        raise ValueError("need at least one computed metric and one input")
    parent = [-1] + [int(rng.integers(0, j)) for j in range(1, n_internal)]
    children: list[list[int]] = [[] for _ in range(n_metrics)]
    for j in range(1, n_internal):
        children[parent[j]].append(j)
    hungry = [j for j in range(n_internal) if len(children[j]) < 2]
    for k, leaf in enumerate(range(n_internal, n_metrics)):
        host = hungry[k] if k < len(hungry) else int(rng.integers(0, n_internal))
        if k < len(hungry) and len(children[host]) == 0 and k + len(hungry) < n_inputs:
            hungry.append(host)  # a childless node takes a second input later
        children[host].append(leaf)
    metrics, links = [], []
    for j in range(n_metrics):
        mid = f"m{j}"
        if j >= n_internal:
            rate = j % 2 == 0
            base = float(rng.uniform(0.2, 0.4) if rate else rng.uniform(0.8, 1.2))
            spread = float(rng.uniform(0.05, 0.3))
            metrics.append(Metric(id=mid, name=f"Input {j}", unit="%" if rate else "", baseline=base,
                                  uncertainty=Uncertainty(low=base * (1 - spread), high=base * (1 + spread))))
            continue
        kids = [f"m{c}" for c in children[j]]
        influenced = [k for k in kids[1:] if int(k[1:]) >= n_internal and int(k[1:]) % 10 == 0]
        used = [k for k in kids if k not in influenced]
        formula = " * ".join(used) if j % 2 == 0 and len(used) <= 3 else f"({' + '.join(used)}) / {len(used)}"
        links += [Link(source=k, target=mid, elasticity=0.5) for k in influenced]
        metrics.append(Metric(id=mid, name=f"Metric {j}", formula=formula,
                              kind=MetricKind.NORTH_STAR if j == 0 else MetricKind.INPUT,
                              target=None if j else 1.0))
    return MetricTree(metrics=tuple(metrics), links=tuple(links), simulation=SimulationSettings())
