"""The evaluation plan: a metric tree compiled once into topologically ordered numpy operations.

Each metric becomes a step: its formula (or its baseline, or a source value such as a sampled
input), then its influence links applied multiplicatively, ``value *= (child / child_base) ** e``,
so a relative change r in the child moves it by (1+r)^e - 1. An *override* replaces a step's whole
result (a what-if on a computed metric ignores its inputs). The same steps run on floats and on
arrays of samples; ``update`` recomputes only the dependents of what changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from metricscape.model.graph import computing_links, reachable, topological_order
from metricscape.model.link import LinkKind
from metricscape.model.tree import MetricTree, parsed_formula

from .compile import Compiled, compile_formula
from .distributions import value_bounds
from .errors import SimulationError


@dataclass(frozen=True)
class Influence:
    child: int        # plan position of the driver
    link: int         # index of the link in tree.links
    elasticity: float
    child_base: float  # the driver's baseline value: the factor is (child / child_base) ** e


@dataclass(frozen=True)
class Step:
    metric_id: str
    base: float                 # the metric's own baseline (NaN when missing); used when there is no formula
    formula_text: str | None
    formula: Compiled | None
    influences: tuple[Influence, ...]

    def explain(self) -> str:
        """The calculation, in the words used in non-finite warnings."""
        parts = [f"formula '{self.formula_text}'" if self.formula_text else "baseline"]
        if self.influences:
            parts.append(f"{len(self.influences)} influence link{'s' if len(self.influences) > 1 else ''}")
        return " with ".join(parts)


@dataclass
class Plan:
    ids: list[str]
    position: dict[str, int]
    steps: list[Step]
    baseline: list[float] = field(default_factory=list)
    bounds: dict[int, tuple[float | None, float | None]] = field(default_factory=dict)  # of uncertain inputs
    _successors: list[list[int]] = field(default_factory=list, repr=False)
    _predecessors: list[list[int]] = field(default_factory=list, repr=False)
    _downstream: dict[frozenset[int], list[int]] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.steps)

    def index(self, metric_id: str) -> int:
        try:
            return self.position[metric_id]
        except KeyError:
            raise SimulationError(f"there is no metric '{metric_id}' in this model") from None

    # --- evaluation ----------------------------------------------------------------------------

    def evaluate(self, sources: Mapping[int, Any] | None = None, overrides: Mapping[int, Any] | None = None,
                 elasticities: Mapping[int, Any] | None = None,
                 on_step: Callable[[int], None] | None = None) -> list[Any]:
        """Every metric's value, in plan order. ``sources`` replace baselines of metrics without a
        formula (influences still apply); ``overrides`` replace a metric's result outright;
        ``elasticities`` replace influence elasticities by link index."""
        sources, overrides, elasticities = sources or {}, overrides or {}, elasticities or {}
        values: list[Any] = [None] * len(self.steps)
        with np.errstate(all="ignore"):
            for i in range(len(self.steps)):
                values[i] = self._step(i, values, sources, overrides, elasticities)
                if on_step is not None:
                    on_step(i)
        return values

    def update(self, previous: Sequence[Any], changed: Iterable[int], sources: Mapping[int, Any] | None = None,
               overrides: Mapping[int, Any] | None = None,
               elasticities: Mapping[int, Any] | None = None, within: set[int] | None = None) -> list[Any]:
        """``previous`` with ``changed`` and everything downstream of them recomputed (only the
        positions ``within``, when given: what a single result needs)."""
        sources, overrides, elasticities = sources or {}, overrides or {}, elasticities or {}
        values = list(previous)
        todo = self.downstream(changed)
        if within is not None:
            todo = [i for i in todo if i in within]
        with np.errstate(all="ignore"):
            for i in todo:
                values[i] = self._step(i, values, sources, overrides, elasticities)
        return values

    def _step(self, i: int, values: list[Any], sources: Mapping[int, Any], overrides: Mapping[int, Any],
              elasticities: Mapping[int, Any]) -> Any:
        if i in overrides:
            return overrides[i]
        return run_step(self.steps[i], values, sources.get(i), elasticities)

    # --- graph ---------------------------------------------------------------------------------

    def downstream(self, changed: Iterable[int]) -> list[int]:
        """The changed positions and all their dependents, in plan (topological) order."""
        key = frozenset(changed)
        cached = self._downstream.get(key)
        if cached is None:
            cached = sorted(reachable(key, self._successors.__getitem__))
            if len(self._downstream) < 4096:
                self._downstream[key] = cached
        return cached

    def upstream(self, i: int) -> set[int]:
        """Every position that feeds ``i``, directly or not."""
        return reachable({i}, self._predecessors.__getitem__) - {i}

    def drivers(self, i: int) -> list[int]:
        return list(self._predecessors[i])



def build_plan(tree: MetricTree) -> Plan:
    order = topological_order(tree)
    position = {metric_id: i for i, metric_id in enumerate(order)}
    metrics = tree.metrics_by_id()
    influences: dict[str, list[tuple[int, str, float]]] = {}
    for link_index, link in enumerate(tree.links):
        if link.kind is LinkKind.INFLUENCE:
            influences.setdefault(link.target, []).append((link_index, link.source, float(link.elasticity or 0.0)))
    steps: list[Step] = []
    baseline: list[float] = []
    for metric_id in order:
        metric = metrics[metric_id]
        compiled = compile_formula(parsed_formula(metric.formula), position) if metric.formula else None
        incoming = tuple(Influence(child=position[src], link=li, elasticity=e, child_base=baseline[position[src]])
                         for li, src, e in influences.get(metric_id, ()))
        step = Step(metric_id=metric_id, base=float("nan") if metric.baseline is None else float(metric.baseline),
                    formula_text=metric.formula, formula=compiled, influences=incoming)
        steps.append(step)
        with np.errstate(all="ignore"):
            baseline.append(float(run_step(step, baseline, None, {})))
    successors: list[list[int]] = [[] for _ in order]
    predecessors: list[list[int]] = [[] for _ in order]
    for source, target in computing_links(tree):
        successors[position[source]].append(position[target])
        predecessors[position[target]].append(position[source])
    bounds = {position[m.id]: b for m in tree.metrics if (b := value_bounds(m)) is not None}
    return Plan(ids=order, position=position, steps=steps, baseline=baseline, bounds=bounds, _successors=successors,
                _predecessors=[sorted(p) for p in predecessors])


def run_step(step: Step, values: Sequence[Any], source: Any, elasticities: Mapping[int, Any]) -> Any:
    """One metric's value from the values before it (callers silence numpy's warnings)."""
    if step.formula is not None:
        value = step.formula(values)
    else:
        value = step.base if source is None else source
    for inf in step.influences:
        e = elasticities.get(inf.link, inf.elasticity)
        if inf.child_base == 0:  # no relative change from 0: unchanged while the driver stays at 0, else undefined
            value = value * np.where(np.asarray(values[inf.child]) == 0, 1.0, np.nan)
            continue
        factor = np.divide(values[inf.child], inf.child_base)
        if type(factor) is np.ndarray and np.shape(e) in ((), factor.shape) and np.shape(value) in ((), factor.shape):
            np.power(factor, e, out=factor)  # one temporary for the whole influence, not three
            value = np.multiply(value, factor, out=factor)
        else:
            value = value * np.power(factor, e)
    return value
