"""The edits behind the experiment ledger's table and its CSV import, each one undo step.

Like the planner, each function reads the document and returns an Edit (or raises ModelError with
a sentence a PM can act on). A ledger row is one lift: an experiment and one metric it measured.
The whole ledger is swapped by every edit (``SetExperiments``): it holds tens of experiments, and
swapping whole keeps undo exact, order included.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from .edits import Compound, Edit, SetExperiments
from .errors import ModelError
from .experiments import Experiment, Lift
from .metric import MetricKind

if TYPE_CHECKING:
    from .document import Document

NEW_SE = 0.01  # a new row's standard error (±1 %) until the PM types the platform's own


def replace_ledger(doc: Document, experiments: Iterable[Experiment], text: str) -> Edit:
    """The ledger becomes ``experiments`` (an import: the CSV's experiments added or replacing)."""
    return Compound(text, [SetExperiments(doc.experiments, tuple(experiments))])


def add_experiment(doc: Document, metric: str | None = None) -> tuple[Edit, str]:
    """A new experiment, named 'Experiment N', with one row on ``metric`` (the north star by default)."""
    metric = metric or _default_metric(doc)
    names = {e.name for e in doc.experiments}
    n = len(names) + 1
    while f"Experiment {n}" in names:
        n += 1
    name = f"Experiment {n}"
    experiment = Experiment(name=name, lifts=(Lift(metric=metric, lift=0.0, se=NEW_SE),))
    return Compound(f"Add experiment ‘{name}’", [SetExperiments(doc.experiments, (*doc.experiments, experiment))]), name


def add_row(doc: Document, experiment: str) -> Edit:
    """One more metric measured by ``experiment``: the first metric it does not measure yet."""
    old = _find(doc, experiment)
    measured = {lift.metric for lift in old.lifts}
    free = next((m.id for m in doc.metrics() if m.id not in measured), None)
    if free is None:
        raise ModelError(f"experiment ‘{experiment}’ already has a row for every metric of the model")
    new = _validated(old, lifts=(*old.lifts, Lift(metric=free, lift=0.0, se=NEW_SE)))
    return _replace(doc, old, new, f"Add a row to ‘{experiment}’")


def update_experiment(doc: Document, experiment: str, **changes: Any) -> Edit:
    """Change the experiment's name, dates, segment or notes (every row of it follows)."""
    old = _find(doc, experiment)
    new_name = changes.get("name", old.name)
    if new_name != old.name and any(e.name == new_name for e in doc.experiments):
        raise ModelError(f"there is already an experiment named ‘{new_name}’; give each experiment its own name")
    new = _validated(old, **changes)
    return _replace(doc, old, new, f"Edit experiment ‘{new.name}’")


def update_row(doc: Document, experiment: str, metric: str, /, **changes: Any) -> Edit:
    """Change one row's metric, lift or standard error."""
    old = _find(doc, experiment)
    if "metric" in changes and changes["metric"] != metric and not doc.has_metric(str(changes["metric"])):
        raise ModelError(f"there is no metric ‘{changes['metric']}’ in the model; pick one of its metrics")
    if old.lift_of(metric) is None:
        raise ModelError(f"experiment ‘{experiment}’ has no row for ‘{metric}’")
    lifts = []
    for lift in old.lifts:
        if lift.metric == metric:
            try:
                lift = Lift.model_validate({**lift.model_dump(), **changes})
            except ValidationError as exc:
                raise ModelError(_plain(exc)) from None
        lifts.append(lift)
    new = _validated(old, lifts=tuple(lifts))
    return _replace(doc, old, new, f"Edit ‘{experiment}’ on ‘{_name(doc, str(changes.get('metric', metric)))}’")


def remove_rows(doc: Document, rows: Iterable[tuple[str, str]]) -> Edit:
    """Remove these (experiment, metric) rows; an experiment left with no row goes too."""
    doomed = set(rows)
    if not doomed:
        raise ModelError("select the rows to remove first")
    kept: list[Experiment] = []
    for experiment in doc.experiments:
        lifts = tuple(lift for lift in experiment.lifts if (experiment.name, lift.metric) not in doomed)
        if lifts == experiment.lifts:
            kept.append(experiment)
        elif lifts:
            kept.append(experiment.model_copy(update={"lifts": lifts}))
    count = len(doomed)
    return Compound(f"Remove {count} ledger row{'s' if count != 1 else ''}", [SetExperiments(doc.experiments, tuple(kept))])


def _find(doc: Document, name: str) -> Experiment:
    found = next((e for e in doc.experiments if e.name == name), None)
    if found is None:
        raise ModelError(f"there is no experiment named ‘{name}’ in the ledger")
    return found


def _validated(old: Experiment, **changes: Any) -> Experiment:
    try:
        return Experiment.model_validate({**old.model_dump(), **changes})
    except ValidationError as exc:
        raise ModelError(_plain(exc)) from None


def _replace(doc: Document, old: Experiment, new: Experiment, text: str) -> Edit:
    ledger = tuple(new if e is old else e for e in doc.experiments)
    return Compound(text, [SetExperiments(doc.experiments, ledger)])


def _plain(exc: ValidationError) -> str:
    first = exc.errors()[0]
    field = ".".join(str(p) for p in first["loc"] if not isinstance(p, int))
    message = str(first["msg"]).removeprefix("Value error, ")
    return f"{field}: {message}" if field else message


def _default_metric(doc: Document) -> str:
    star = next((m for m in doc.metrics() if m.kind is MetricKind.NORTH_STAR), None)
    metric = star or next(iter(doc.metrics()), None)
    if metric is None:
        raise ModelError("add metrics to the model first: each ledger row is a lift on one of them")
    return metric.id


def _name(doc: Document, metric_id: str) -> str:
    return doc.metric(metric_id).name if doc.has_metric(metric_id) else metric_id
