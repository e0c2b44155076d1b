"""The Document: the one mutable owner of a model, with change signals and no Qt.

Views subscribe to the signals; nothing but an Edit mutates the state (see ``edits.py``). There
is one way to change a model: ``plan`` builds the edit (``doc.plan.update_metric(...)``) and
``apply`` (or the app's undo stack, whose ``push`` applies it) carries it out.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from psygnal import Signal

from . import planning
from .actuals import Actuals
from .edits import Edit, RenameId
from .errors import CycleError, FormulaError, ModelError
from .experiments import Experiment
from .link import Link
from .metadata import ModelInfo, SimulationSettings
from .metric import Metric, MetricKind
from .scenario import Scenario
from .tree import MetricTree, canonical_links, formula_references, parsed_formula

if TYPE_CHECKING:
    import networkx as nx


class Document:
    # psygnal signals: typed payloads, synchronous, no Qt (the model stays importable anywhere).
    metric_added = Signal(Metric)
    metric_removed = Signal(Metric)
    metric_changed = Signal(Metric, Metric)  # old, new
    link_added = Signal(Link)
    link_removed = Signal(Link)
    link_changed = Signal(Link, Link)        # old, new
    metric_renamed = Signal(str, str)        # old id, new id: before the changed signals of that edit
    scenarios_changed = Signal()
    info_changed = Signal()
    simulation_changed = Signal()
    actuals_changed = Signal()
    changed = Signal()                       # once per edit, after the detailed signals

    def __init__(self, tree: MetricTree | None = None) -> None:
        tree = tree or MetricTree()
        self._metrics: dict[str, Metric] = {m.id: m for m in tree.metrics}
        self._links: dict[tuple[str, str], Link] = {link.key: link for link in tree.links}
        self._scenarios: dict[str, Scenario] = {s.id: s for s in tree.scenarios}
        self._info = tree.info
        self._simulation = tree.simulation
        self._experiments = tree.experiments  # the ledger is replaced whole (imports), never edited in place
        self._actuals = tree.actuals
        # What a newer minor version of the file format added at the top of the model: kept as is.
        self._extra = dict(tree.model_extra or {})
        self._schema_minor = tree.schema_minor
        # Where each object stands in the file. Kept after a removal, so that undo puts it back in
        # its place and an undone edit leaves no diff in the saved file.
        self._rank: dict[tuple[str, object], int] = {}
        for metric_id in self._metrics:
            self._ranked("metric", metric_id)
        for key in self._links:
            self._ranked("link", key)
        for scenario_id in self._scenarios:
            self._ranked("scenario", scenario_id)
        # The computing links as a graph, for the loop check of a new link: built by the first edit
        # that needs it, not on open (networkx takes ~0.1 s to import, which the first window waits for).
        self._built_graph: nx.DiGraph | None = None
        self._snapshot: MetricTree | None = tree
        self._batch_depth = 0
        self._dirty = False
        # The ids as last saved or opened (whoever saves updates it): a metric added since has an
        # id that still follows its name (see renaming.id_follows_name).
        self.saved_ids: frozenset[str] = frozenset(self._metrics)
        self.plan = planning.Planner(self)

    # --- reading ------------------------------------------------------------------------------

    @property
    def tree(self) -> MetricTree:
        """An immutable snapshot of the whole model (cached until the next edit)."""
        if self._snapshot is None:
            metrics = tuple(sorted(self._metrics.values(), key=lambda m: self._ranked("metric", m.id)))
            links = tuple(sorted(self._links.values(), key=lambda link: self._ranked("link", link.key)))
            self._snapshot = MetricTree.model_construct(
                info=self._info,
                metrics=metrics,
                links=canonical_links(links, formula_references(metrics)),
                scenarios=tuple(sorted(self._scenarios.values(), key=lambda s: self._ranked("scenario", s.id))),
                simulation=self._simulation, experiments=self._experiments, actuals=self._actuals,
                **self._extra).with_schema_minor(self._schema_minor)
        return self._snapshot

    @property
    def info(self) -> ModelInfo:
        return self._info

    @property
    def simulation(self) -> SimulationSettings:
        return self._simulation

    @property
    def actuals(self) -> Actuals:
        return self._actuals

    @property
    def experiments(self) -> tuple[Experiment, ...]:
        """The experiment ledger, in file order."""
        return self._experiments

    def metric(self, metric_id: str) -> Metric:
        try:
            return self._metrics[metric_id]
        except KeyError:
            raise ModelError(f"there is no metric '{metric_id}'") from None

    def metrics(self) -> list[Metric]:
        return list(self._metrics.values())

    def has_metric(self, metric_id: str) -> bool:
        return metric_id in self._metrics

    def link(self, source: str, target: str) -> Link | None:
        return self._links.get((source, target))

    def links(self) -> list[Link]:
        return list(self._links.values())

    def links_of(self, metric_id: str) -> list[Link]:
        return [link for link in self._links.values() if metric_id in link.key]

    def scenarios(self) -> list[Scenario]:
        return list(self._scenarios.values())

    def scenario(self, scenario_id: str) -> Scenario:
        try:
            return self._scenarios[scenario_id]
        except KeyError:
            raise ModelError(f"there is no scenario '{scenario_id}'") from None

    def ids(self) -> set[str]:
        return set(self._metrics)

    # --- editing ------------------------------------------------------------------------------

    def apply(self, edit: Edit) -> Edit:
        with self.batch():
            edit.apply(self)
        return edit

    def revert(self, edit: Edit) -> Edit:
        with self.batch():
            edit.revert(self)
        return edit

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group signals: ``changed`` fires once, when the outermost batch ends."""
        self._batch_depth += 1
        try:
            yield
        finally:
            self._batch_depth -= 1
            if self._batch_depth == 0 and self._dirty:
                self._dirty = False
                self.changed.emit()

    # --- primitives, called only by edits -----------------------------------------------------

    def _ranked(self, kind: str, key: object) -> int:
        return self._rank.setdefault((kind, key), len(self._rank))

    def _touch(self) -> None:
        self._snapshot = None
        self._dirty = True

    def _replace_metric(self, old: Metric | None, new: Metric | None) -> None:
        if old is None and new is not None:
            if new.id in self._metrics:
                raise ModelError(f"a metric with the id '{new.id}' already exists")
            self._check_north_star(new, replacing=None)
            self._check_formula(new)
            self._metrics[new.id] = new
            if self._built_graph is not None:
                self._built_graph.add_node(new.id)
            self._touch()
            self.metric_added.emit(new)
        elif old is not None and new is None:
            if self._metrics.get(old.id) != old:
                raise ModelError(f"the metric '{old.id}' changed in the meantime")
            if any(old.id in key for key in self._links):
                raise ModelError(f"remove the links of '{old.id}' before the metric")
            del self._metrics[old.id]
            if self._built_graph is not None:
                self._built_graph.remove_node(old.id)
            self._touch()
            self.metric_removed.emit(old)
        elif old is not None and new is not None:
            if old.id != new.id:
                raise ModelError("a metric's id never changes; rename its name instead")
            if self._metrics.get(old.id) != old:
                raise ModelError(f"the metric '{old.id}' changed in the meantime")
            self._check_north_star(new, replacing=old)
            self._check_formula(new)
            self._metrics[new.id] = new
            self._touch()
            self.metric_changed.emit(old, new)

    def _check_north_star(self, new: Metric, replacing: Metric | None) -> None:
        if new.kind is not MetricKind.NORTH_STAR:
            return
        for metric in self._metrics.values():
            if metric.kind is MetricKind.NORTH_STAR and metric.id != new.id:
                raise ModelError(f"'{metric.name}' is already the north star; a model has exactly one. "
                                 "Make it an input first")

    def _check_formula(self, metric: Metric) -> None:
        if metric.formula is None:
            return
        try:
            parsed_formula(metric.formula).check_refs(self._metrics.keys() | {metric.id}, owner=metric.id)
        except FormulaError as exc:
            raise FormulaError(exc.message, exc.column, exc.formula) from None

    def _replace_link(self, old: Link | None, new: Link | None) -> None:
        if old is not None:
            if self._links.get(old.key) != old:
                raise ModelError(f"the link {old.source} → {old.target} changed in the meantime")
            del self._links[old.key]
            if old.kind.computes and self._built_graph is not None:
                self._built_graph.remove_edge(*old.key)
        if new is not None:
            try:
                self._add_link(new)
            except ModelError:
                if old is not None:  # put the old link back: a failed edit changes nothing
                    self._links[old.key] = old
                    if old.kind.computes and self._built_graph is not None:
                        self._built_graph.add_edge(*old.key)
                raise
        self._touch()
        if old is not None and new is not None:
            self.link_changed.emit(old, new)
        elif new is not None:
            self.link_added.emit(new)
        elif old is not None:
            self.link_removed.emit(old)

    def _add_link(self, link: Link) -> None:
        for end in link.key:
            if end not in self._metrics:
                raise ModelError(f"there is no metric '{end}' to link")
        if link.key in self._links:
            raise ModelError(f"'{link.source}' is already linked to '{link.target}'")
        if link.kind.computes:
            import networkx as nx  # see _built_graph

            graph = self._graph()
            if nx.has_path(graph, link.target, link.source):
                raise CycleError(nx.shortest_path(graph, link.target, link.source))
            graph.add_edge(*link.key)
        self._links[link.key] = link

    def _graph(self) -> nx.DiGraph:
        """The computing links, child -> parent, built on first use and then kept up to date."""
        if self._built_graph is None:
            import networkx as nx  # see _built_graph

            self._built_graph = nx.DiGraph()
            self._built_graph.add_nodes_from(self._metrics)
            self._built_graph.add_edges_from(key for key, link in self._links.items() if link.kind.computes)
        return self._built_graph

    def _replace_scenario(self, old: Scenario | None, new: Scenario | None) -> None:
        if old is not None and new is not None and old.id != new.id:
            raise ModelError("a scenario's id never changes")
        if old is None and new is not None and new.id in self._scenarios:
            raise ModelError(f"a scenario with the id '{new.id}' already exists")
        if new is not None:
            for change in new.changes:
                if change.metric not in self._metrics:
                    raise ModelError(f"scenario '{new.name}' changes an unknown metric '{change.metric}'")
            self._scenarios[new.id] = new
        elif old is not None:
            del self._scenarios[old.id]
        self._touch()
        self.scenarios_changed.emit()

    def _replace_info(self, info: ModelInfo) -> None:
        self._info = info
        self._touch()
        self.info_changed.emit()

    def _replace_simulation(self, settings: SimulationSettings) -> None:
        self._simulation = settings
        self._touch()
        self.simulation_changed.emit()

    def _rename_id(self, change: RenameId) -> None:
        """Give a metric a new id and swap in the objects that refer to it, in their places: the
        saved file keeps its order, so renaming and renaming back leaves no diff."""
        old_id, new_id = change.old_id, change.new_id
        if old_id not in self._metrics:
            raise ModelError(f"there is no metric '{old_id}'")
        if new_id in self._metrics:
            raise ModelError(f"a metric with the id '{new_id}' already exists")
        for old, _ in change.metrics:
            if self._metrics.get(old.id) != old:
                raise ModelError(f"the metric '{old.id}' changed in the meantime")
        for old_link, _ in change.links:
            if self._links.get(old_link.key) != old_link:
                raise ModelError(f"the link {old_link.source} → {old_link.target} changed in the meantime")
        metrics = {old.id: new for old, new in change.metrics}
        self._metrics = {(metrics[k].id if k in metrics else k): metrics.get(k, v) for k, v in self._metrics.items()}
        links = {old.key: new for old, new in change.links}
        self._links = {(links[k].key if k in links else k): links.get(k, v) for k, v in self._links.items()}
        self._swap_rank("metric", old_id, new_id)
        for old_link, new_link in change.links:
            self._swap_rank("link", old_link.key, new_link.key)
        if self._built_graph is not None:
            import networkx as nx  # loaded with the graph

            nx.relabel_nodes(self._built_graph, {old_id: new_id}, copy=False)
        for _, scenario in change.scenarios:
            self._scenarios[scenario.id] = scenario
        if change.simulation is not None:
            self._simulation = change.simulation[1]
        if change.actuals is not None:
            self._actuals = change.actuals[1]
        if change.experiments is not None:
            self._experiments = change.experiments[1]
        self._touch()
        self.metric_renamed.emit(old_id, new_id)
        for old, new in change.metrics:
            self.metric_changed.emit(old, new)
        for old_link, new_link in change.links:
            self.link_changed.emit(old_link, new_link)
        if change.scenarios:
            self.scenarios_changed.emit()
        if change.simulation is not None:
            self.simulation_changed.emit()
        if change.actuals is not None:
            self.actuals_changed.emit()

    def _swap_rank(self, kind: str, a: object, b: object) -> None:
        """Exchange two keys' places in the file (a missing place stays missing): its own inverse."""
        rank_a, rank_b = self._rank.pop((kind, a), None), self._rank.pop((kind, b), None)
        if rank_a is not None:
            self._rank[(kind, b)] = rank_a
        if rank_b is not None:
            self._rank[(kind, a)] = rank_b

    def _replace_actuals(self, actuals: Actuals) -> None:
        self._actuals = actuals
        self._touch()
        self.actuals_changed.emit()

    def _replace_experiments(self, experiments: tuple[Experiment, ...]) -> None:
        self._experiments = experiments
        self._touch()
