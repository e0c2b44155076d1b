"""Reversible edits. Every change to a Document is one of these, so undo is just ``revert``.

The primitives replace one object by another (``None`` meaning absent): adding is
``SetMetric(None, m)``, removing ``SetMetric(m, None)``. A ``Compound`` groups them into one
user-visible step and is atomic: if a part fails, the parts already applied are reverted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from .actuals import Actuals
from .experiments import Experiment
from .link import Link
from .metadata import ModelInfo, SimulationSettings
from .metric import Metric
from .scenario import Scenario

if TYPE_CHECKING:
    from .document import Document


class Edit(Protocol):
    @property
    def text(self) -> str: ...  # read-only: edits are frozen dataclasses

    def apply(self, doc: Document) -> None: ...

    def revert(self, doc: Document) -> None: ...


@dataclass(frozen=True)
class SetMetric:
    old: Metric | None
    new: Metric | None
    text: str = "Edit metric"

    def apply(self, doc: Document) -> None:
        doc._replace_metric(self.old, self.new)

    def revert(self, doc: Document) -> None:
        doc._replace_metric(self.new, self.old)


@dataclass(frozen=True)
class SetLink:
    old: Link | None
    new: Link | None
    text: str = "Edit link"

    def apply(self, doc: Document) -> None:
        doc._replace_link(self.old, self.new)

    def revert(self, doc: Document) -> None:
        doc._replace_link(self.new, self.old)


@dataclass(frozen=True)
class SetScenario:
    old: Scenario | None
    new: Scenario | None
    text: str = "Edit scenario"

    def apply(self, doc: Document) -> None:
        doc._replace_scenario(self.old, self.new)

    def revert(self, doc: Document) -> None:
        doc._replace_scenario(self.new, self.old)


@dataclass(frozen=True)
class SetInfo:
    old: ModelInfo
    new: ModelInfo
    text: str = "Edit model details"

    def apply(self, doc: Document) -> None:
        doc._replace_info(self.new)

    def revert(self, doc: Document) -> None:
        doc._replace_info(self.old)


@dataclass(frozen=True)
class SetSimulation:
    old: SimulationSettings
    new: SimulationSettings
    text: str = "Edit simulation settings"

    def apply(self, doc: Document) -> None:
        doc._replace_simulation(self.new)

    def revert(self, doc: Document) -> None:
        doc._replace_simulation(self.old)


@dataclass(frozen=True)
class SetActuals:
    old: Actuals
    new: Actuals
    text: str = "Update actuals"

    def apply(self, doc: Document) -> None:
        doc._replace_actuals(self.new)

    def revert(self, doc: Document) -> None:
        doc._replace_actuals(self.old)


@dataclass(frozen=True)
class SetExperiments:
    """The whole ledger before and after (it is small: tens of experiments, a few lifts each)."""

    old: tuple[Experiment, ...]
    new: tuple[Experiment, ...]
    text: str = "Edit the experiment ledger"

    def apply(self, doc: Document) -> None:
        doc._replace_experiments(self.new)

    def revert(self, doc: Document) -> None:
        doc._replace_experiments(self.old)


@dataclass(frozen=True)
class RenameId:
    """A metric's id changes, and with it every object that refers to it (built by
    ``renaming.rename_id``). Each pair is (before, after); revert applies the mirror image, so undo
    restores exactly the objects that were there."""

    old_id: str
    new_id: str
    metrics: tuple[tuple[Metric, Metric], ...]
    links: tuple[tuple[Link, Link], ...] = ()
    scenarios: tuple[tuple[Scenario, Scenario], ...] = ()
    simulation: tuple[SimulationSettings, SimulationSettings] | None = None
    actuals: tuple[Actuals, Actuals] | None = None
    experiments: tuple[tuple[Experiment, ...], tuple[Experiment, ...]] | None = None
    text: str = "Rename id"

    def apply(self, doc: Document) -> None:
        doc._rename_id(self)

    def revert(self, doc: Document) -> None:
        doc._rename_id(self.mirrored())

    def mirrored(self) -> RenameId:
        def back(pair: tuple[object, object] | None) -> tuple[object, object] | None:
            return None if pair is None else (pair[1], pair[0])
        return RenameId(
            self.new_id, self.old_id,
            metrics=tuple((new, old) for old, new in self.metrics),
            links=tuple((new, old) for old, new in self.links),
            scenarios=tuple((new, old) for old, new in self.scenarios),
            simulation=back(self.simulation),  # type: ignore[arg-type]
            actuals=back(self.actuals),  # type: ignore[arg-type]
            experiments=back(self.experiments),  # type: ignore[arg-type]
            text=self.text)


@dataclass(frozen=True)
class Compound:
    text: str
    parts: Sequence[Edit] = field(default_factory=tuple)

    def apply(self, doc: Document) -> None:
        done: list[Edit] = []
        with doc.batch():
            try:
                for part in self.parts:
                    part.apply(doc)
                    done.append(part)
            except Exception:
                for part in reversed(done):
                    part.revert(doc)
                raise

    def revert(self, doc: Document) -> None:
        with doc.batch():
            for part in reversed(self.parts):
                part.revert(doc)
