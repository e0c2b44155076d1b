"""The evidence of one open model: computed off the GUI thread whenever the data it rests on
changes, then shown as the evidence overlay (badges on links, numbers in the inspector).

What the statistics depend on is the actuals, the ledger and which links and proxies exist; a new
elasticity only rejudges (the overlay does that on the GUI thread, without statistics). Each run is
tagged with the data's generation: a result computed for data that has since changed is dropped.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from metricscape.derived import DerivedState
from metricscape.derived.evidence import NAME, EvidenceOverlay, EvidenceReport, compute_evidence
from metricscape.model import MetricTree
from metricscape.model.link import LinkKind

from ..whatif.worker import SimulationRunner

KIND = "evidence"


def data_key(tree: MetricTree) -> tuple[object, ...]:
    """What the statistics read: the actuals and the ledger (the same objects until an edit replaces
    them, so comparing is cheap), the influence links and the metrics' kinds."""
    links = tuple(link.key for link in tree.links if link.kind is LinkKind.INFLUENCE)
    kinds = tuple((m.id, m.kind.value) for m in tree.metrics)
    return tree.actuals, tree.experiments, links, kinds


def wanted(tree: MetricTree) -> bool:
    return bool(tree.actuals.series or tree.experiments)


class EvidenceController(QObject):
    progressed = Signal(float)   # 0..1 while the statistics run
    busy_changed = Signal(bool)
    ready = Signal(object)       # EvidenceReport, once shown on the canvas
    failed = Signal(str)

    def __init__(self, state: DerivedState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.generation = 0
        self.report: EvidenceReport | None = None
        self._key: tuple[object, ...] | None = None
        self.runner = SimulationRunner(self, version=lambda: self.generation)
        self.runner.progressed.connect(lambda _kind, fraction: self.progressed.emit(fraction))
        self.runner.busy_changed.connect(self.busy_changed)
        self.runner.finished.connect(self._on_finished)
        self.runner.failed.connect(lambda _kind, message: self.failed.emit(message))
        state.updated.connect(self.follow)
        self.follow()

    @property
    def busy(self) -> bool:
        return self.runner.busy

    def follow(self, _version: int = 0) -> None:
        """After each document change: recompute only when the data the statistics read changed."""
        tree = self.state.tree
        key = data_key(tree)
        if key == self._key:
            return
        self._key = key
        self.generation += 1
        if not wanted(tree):
            self.runner.cancel(KIND, quiet=True)
            self.report = None
            self.state.clear_overlay(NAME)
            return
        self.runner.submit(KIND, lambda progress: compute_evidence(tree, progress))

    def _on_finished(self, kind: str, result: object) -> None:
        if kind == KIND and isinstance(result, EvidenceReport):
            self.report = result
            self.state.set_overlay(EvidenceOverlay(result))
            self.ready.emit(result)

    def close(self) -> None:
        self.state.updated.disconnect(self.follow)
        self.runner.shutdown()
        self.state.clear_overlay(NAME)
