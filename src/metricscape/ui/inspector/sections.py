"""What every section of the metric form shares: a commit function and a refresh method."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from PySide6.QtWidgets import QWidget

from metricscape.model.document import Document
from metricscape.model.edits import Edit
from metricscape.model.metric import Metric

from ..widgets.committer import ShowsErrors


class CommitMetric(Protocol):
    def __call__(self, changes: Mapping[str, Any], where: ShowsErrors | None,
                 check: Callable[[], str] | None = None) -> bool: ...


class PushEdit(Protocol):
    """Push the edit ``build(doc)`` makes; errors go to ``where``. False when nothing was pushed."""

    def __call__(self, build: Callable[[Document], Edit], where: ShowsErrors | None) -> bool: ...


class MetricSection(QWidget):
    """A group of fields of one metric. ``refresh`` shows the model; user edits call ``commit``."""

    def __init__(self, commit: CommitMetric, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commit = commit

    def refresh(self, metric: Metric, doc: Document) -> None:
        raise NotImplementedError


def is_percent(metric: Metric) -> bool:
    """Rates are stored as fractions (0.345) with unit "%"; their fields read percentages."""
    return metric.unit.strip() == "%"
