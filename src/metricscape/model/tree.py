"""The whole metric tree as one validated value: what a file holds and what the engine reads."""

from __future__ import annotations

import graphlib
from functools import lru_cache

from pydantic import PrivateAttr, model_validator

from .actuals import Actuals
from .errors import CycleError, FormulaError
from .experiments import Experiment
from .formula import Formula, parse
from .link import Link, LinkKind
from .metadata import ModelInfo, SimulationSettings
from .metric import Frozen, Metric, MetricKind
from .scenario import Scenario


@lru_cache(maxsize=8192)
def parsed_formula(text: str) -> Formula:
    """Formulas repeat across loads and edits; parsing is pure, so cache it."""
    return parse(text)


class MetricTree(Frozen):
    info: ModelInfo = ModelInfo()
    metrics: tuple[Metric, ...] = ()
    links: tuple[Link, ...] = ()
    scenarios: tuple[Scenario, ...] = ()
    simulation: SimulationSettings = SimulationSettings()
    actuals: Actuals = Actuals()
    experiments: tuple[Experiment, ...] = ()

    # The minor file-format version of the file this tree came from, when it is newer than the one
    # this app writes: its unknown fields are kept, so a save must not claim an older minor.
    _schema_minor: int = PrivateAttr(default=0)

    @property
    def schema_minor(self) -> int:
        return self._schema_minor

    def with_schema_minor(self, minor: int) -> MetricTree:
        copy = self.model_copy()
        copy._schema_minor = minor
        return copy

    @model_validator(mode="after")
    def _check_references(self) -> MetricTree:
        ids: dict[str, int] = {}
        north_stars: list[str] = []
        for i, metric in enumerate(self.metrics):
            if metric.id in ids:
                raise ValueError(f"metrics[{i}]: the id '{metric.id}' is used twice (also metrics[{ids[metric.id]}])")
            ids[metric.id] = i
            if metric.kind is MetricKind.NORTH_STAR:
                north_stars.append(metric.id)
        if len(north_stars) > 1:
            raise ValueError(f"there are {len(north_stars)} north star metrics ({', '.join(north_stars)}); "
                             "a model has exactly one — make the others inputs or proxies")
        formula_refs: dict[str, tuple[str, ...]] = {}
        for i, metric in enumerate(self.metrics):
            if metric.formula is not None:
                try:
                    formula = parsed_formula(metric.formula)
                    formula.check_refs(ids, owner=metric.id)
                except FormulaError as exc:
                    where = f" at column {exc.column}" if exc.column else ""
                    raise ValueError(f"metrics[{i}].formula of '{metric.id}'{where}: {exc.message}") from None
                formula_refs[metric.id] = formula.refs
            for j, risk in enumerate(metric.gaming_risks):
                if risk.counter_metric is not None and risk.counter_metric not in ids:
                    raise ValueError(f"metrics[{i}].gaming_risks[{j}]: unknown counter-metric '{risk.counter_metric}'")
        links = self._links_with_formula_links(ids, formula_refs)
        object.__setattr__(self, "links", links)  # frozen: set once, during validation
        for s, scenario in enumerate(self.scenarios):
            for c, change in enumerate(scenario.changes):
                if change.metric not in ids:
                    raise ValueError(f"scenarios[{s}].changes[{c}]: unknown metric '{change.metric}'")
        if len({s.id for s in self.scenarios}) != len(self.scenarios):
            raise ValueError("two scenarios share an id")
        for c, corr in enumerate(self.simulation.correlations):
            for end in (corr.a, corr.b):
                if end not in ids:
                    raise ValueError(f"simulation.correlations[{c}]: unknown metric '{end}'")
        for a, series in enumerate(self.actuals.series):
            if series.metric not in ids:
                raise ValueError(f"actuals.series[{a}]: unknown metric '{series.metric}'")
            if series.grain is not self.actuals.grain:
                raise ValueError(f"actuals.series[{a}] ('{series.metric}') starts at '{series.start}', a "
                                 f"{series.grain.value} label; the model's actuals are by {self.actuals.grain.value}")
        names: set[str] = set()
        for e, experiment in enumerate(self.experiments):
            if experiment.name in names:
                raise ValueError(f"experiments[{e}]: the name '{experiment.name}' is used twice; "
                                 "give each experiment its own name")
            names.add(experiment.name)
        self._check_actuals_references(ids)
        cycle = find_cycle(self.links)
        if cycle:
            raise CycleError(cycle)
        return self

    def _check_actuals_references(self, ids: dict[str, int]) -> None:
        actuals = self.actuals
        named = [(f"actuals.metric_sources[{i}]", m.metric) for i, m in enumerate(actuals.metric_sources)]
        named += [(f"actuals.definitions[{i}]", d.metric) for i, d in enumerate(actuals.definitions)]
        named += [(f"actuals.sources[{i}].names['{name}']", metric)
                  for i, source in enumerate(actuals.sources) for name, metric in source.names.items()]
        for where, metric_id in named:
            if metric_id not in ids:
                raise ValueError(f"{where}: unknown metric '{metric_id}'")

    def _links_with_formula_links(self, ids: dict[str, int], formula_refs: dict[str, tuple[str, ...]]
                                  ) -> tuple[Link, ...]:
        """Formula links follow from formulas: add missing ones, refuse ones no formula supports."""
        seen: set[tuple[str, str]] = set()
        for i, link in enumerate(self.links):
            for end in (link.source, link.target):
                if end not in ids:
                    raise ValueError(f"links[{i}] ({link.source} → {link.target}): unknown metric '{end}'")
            if link.key in seen:
                raise ValueError(f"links[{i}]: there are two links from '{link.source}' to '{link.target}'")
            seen.add(link.key)
            if link.kind is LinkKind.FORMULA and link.source not in formula_refs.get(link.target, ()):
                raise ValueError(f"links[{i}] is a formula link, but the formula of '{link.target}' "
                                 f"does not use '{link.source}'")
            if link.kind is not LinkKind.FORMULA and link.source in formula_refs.get(link.target, ()):
                raise ValueError(f"links[{i}]: '{link.source}' is in the formula of '{link.target}', "
                                 f"so their link must be of kind 'formula', not '{link.kind.value}'")
        canonical = canonical_links(self.links, formula_refs)
        return self.links if canonical == self.links else canonical

    # --- convenient reads ---------------------------------------------------------------------

    def metric(self, metric_id: str) -> Metric:
        for metric in self.metrics:
            if metric.id == metric_id:
                return metric
        raise KeyError(metric_id)

    def metrics_by_id(self) -> dict[str, Metric]:
        return {m.id: m for m in self.metrics}

    def scenario(self, name_or_id: str) -> Scenario:
        for scenario in self.scenarios:
            if name_or_id in (scenario.id, scenario.name):
                return scenario
        names = ", ".join(f"'{s.name}'" for s in self.scenarios) or "none"
        raise KeyError(f"no scenario '{name_or_id}' (scenarios: {names})")

    @property
    def north_star(self) -> Metric | None:
        return next((m for m in self.metrics if m.kind is MetricKind.NORTH_STAR), None)


def canonical_links(links: tuple[Link, ...], formula_refs: dict[str, tuple[str, ...]]) -> tuple[Link, ...]:
    """Links of their own first (in their order), then every link that only restates a formula, in
    formula order: files leave those out (format 2), so this is the order a tree reads back in."""
    own = tuple(link for link in links if not link.only_restates_formula)
    owned = {link.key for link in own}
    return own + tuple(Link(source=ref, target=parent, kind=LinkKind.FORMULA)
                       for parent, refs in formula_refs.items() for ref in refs if (ref, parent) not in owned)


def formula_references(metrics: tuple[Metric, ...]) -> dict[str, tuple[str, ...]]:
    """Each formula metric's referenced ids, in metric order."""
    return {m.id: parsed_formula(m.formula).refs for m in metrics if m.formula is not None}


def find_cycle(links: tuple[Link, ...] | list[Link]) -> list[str]:
    """A loop among the computing links (formula and influence), as a list of ids, or [].

    The standard library's graphlib finds it (every file is checked on open, and networkx would add
    ~0.1 s to the first window for this one question)."""
    sorter: graphlib.TopologicalSorter[str] = graphlib.TopologicalSorter()
    for link in links:
        if link.kind.computes:
            sorter.add(link.target, link.source)  # a metric comes after what drives it
    try:
        sorter.prepare()
    except graphlib.CycleError as exc:
        loop: list[str] = exc.args[1]  # in the links' direction, the first id repeated at the end
        return loop[:-1]
    return []
