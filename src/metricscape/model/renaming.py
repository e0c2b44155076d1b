"""Changing a metric's id, and the rule by which a new metric's id follows its name.

An id is what formulas, links, scenarios, correlations, actuals and the experiment ledger use to
refer to a metric, so changing it rewrites every one of those references in one edit (formulas
through the tokenizer, so ``orders`` inside ``orders_per_user`` is left alone).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from .actuals import Actuals
from .edits import RenameId
from .errors import ModelError
from .experiments import Experiment
from .formula import rename_refs
from .link import Link
from .metadata import SimulationSettings
from .metric import Metric, is_valid_id, slugify
from .scenario import Scenario
from .tree import parsed_formula

if TYPE_CHECKING:
    from .document import Document


def id_follows_name(doc: Document, metric_id: str, saved_ids: Collection[str]) -> bool:
    """The rule: a metric's id follows its name while the id is still the one made from its
    name (nobody chose it by hand) and the metric is not yet in the saved file (files, queries
    and scripts outside the app may use a saved id; *Rename id…* changes it on purpose)."""
    if metric_id in saved_ids:
        return False
    metric = doc.metric(metric_id)
    return metric_id == slugify(metric.name, doc.ids() - {metric_id})


def rename_id(doc: Document, old_id: str, new_id: str, text: str | None = None,
              current: Metric | None = None) -> RenameId:
    """The edit that gives ``old_id`` the id ``new_id`` everywhere in the model. ``current`` is the
    metric as an earlier part of the same edit leaves it (a new name that the id follows)."""
    metric = current or doc.metric(old_id)
    if not is_valid_id(new_id):
        raise ModelError(f"'{new_id}' cannot be an id: use lower-case letters, digits and _, "
                         "starting with a letter (e.g. cancellation_rate)")
    if new_id != old_id and doc.has_metric(new_id):
        raise ModelError(f"the id '{new_id}' is taken by ‘{doc.metric(new_id).name}’; choose another")
    mapping = {old_id: new_id}

    def renamed(m: Metric) -> Metric:
        changes: dict[str, object] = {}
        if m.id == old_id:
            changes["id"] = new_id
        if m.formula and old_id in parsed_formula(m.formula).refs:
            changes["formula"] = rename_refs(m.formula, mapping)
        if any(r.counter_metric == old_id for r in m.gaming_risks):
            changes["gaming_risks"] = tuple(r.model_copy(update={"counter_metric": new_id})
                                            if r.counter_metric == old_id else r for r in m.gaming_risks)
        return m.with_changes(**changes) if changes else m

    now = [metric if m.id == old_id else m for m in doc.metrics()]
    metrics = tuple((m, new) for m in now if (new := renamed(m)) != m)
    links = tuple((link, _link(link, mapping)) for link in doc.links() if old_id in link.key)
    scenarios = tuple((s, new_s) for s in doc.scenarios() if (new_s := _scenario(s, mapping)) != s)
    simulation = _simulation(doc.simulation, mapping)
    actuals = _actuals(doc.actuals, mapping)
    experiments = tuple(_experiment(e, mapping) for e in doc.tree.experiments)
    return RenameId(
        old_id, new_id, metrics=metrics, links=links, scenarios=scenarios,
        simulation=(doc.simulation, simulation) if simulation != doc.simulation else None,
        actuals=(doc.actuals, actuals) if actuals != doc.actuals else None,
        experiments=(doc.tree.experiments, experiments) if experiments != doc.tree.experiments else None,
        text=text or f"Rename the id of ‘{metric.name}’ to {new_id}")


def _link(link: Link, mapping: dict[str, str]) -> Link:
    return link.model_copy(update={"source": mapping.get(link.source, link.source),
                                   "target": mapping.get(link.target, link.target)})


def _scenario(scenario: Scenario, mapping: dict[str, str]) -> Scenario:
    changes = tuple(c.model_copy(update={"metric": mapping[c.metric]}) if c.metric in mapping else c
                    for c in scenario.changes)
    return scenario if changes == scenario.changes else scenario.model_copy(update={"changes": changes})


def _simulation(settings: SimulationSettings, mapping: dict[str, str]) -> SimulationSettings:
    correlations = tuple(c.model_copy(update={"a": mapping.get(c.a, c.a), "b": mapping.get(c.b, c.b)})
                         for c in settings.correlations)
    return settings if correlations == settings.correlations else \
        settings.model_copy(update={"correlations": correlations})


def _actuals(actuals: Actuals, mapping: dict[str, str]) -> Actuals:
    def move(items: tuple) -> tuple:  # type: ignore[type-arg]  # series, metric sources, definitions
        return tuple(i.model_copy(update={"metric": mapping[i.metric]}) if i.metric in mapping else i for i in items)
    sources = tuple(s.model_copy(update={"names": {k: mapping.get(v, v) for k, v in s.names.items()}})
                    for s in actuals.sources)
    updated = {"series": move(actuals.series), "metric_sources": move(actuals.metric_sources),
               "definitions": move(actuals.definitions), "sources": sources}
    if all(updated[key] == getattr(actuals, key) for key in updated):
        return actuals
    return actuals.model_copy(update=updated)


def _experiment(experiment: Experiment, mapping: dict[str, str]) -> Experiment:
    lifts = tuple(lift.model_copy(update={"metric": mapping[lift.metric]}) if lift.metric in mapping else lift
                  for lift in experiment.lifts)
    return experiment if lifts == experiment.lifts else experiment.model_copy(update={"lifts": lifts})
