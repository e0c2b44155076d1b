"""Turns a finished field edit into one pushed Edit, or into an error next to the field.

Panels never mutate the document: they build an edit with ``doc.plan`` and hand it to
``push`` (the app's undo stack). Nothing is pushed while a panel refreshes itself, and an edit
that changes nothing is not pushed at all, so refreshes can never echo back as edits.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from pydantic import ValidationError
from PySide6.QtWidgets import QApplication, QWidget

from metricscape.model.document import Document
from metricscape.model.edits import Edit
from metricscape.model.errors import MetricscapeError

from .plain_errors import plain_error

Push = Callable[[Edit], object]  # returns None, or False when the app refused the edit


class ShowsErrors(Protocol):
    def show_error(self, text: str) -> None: ...

    def clear_error(self) -> None: ...


class Committer:
    """Shared by the sections of one form: knows the document, the push and the refresh state."""

    def __init__(self, labels: Mapping[str, str]) -> None:
        self.doc: Document | None = None
        self.push: Push | None = None
        self.refreshing = False
        self.labels = labels

    def bind(self, doc: Document | None, push: Push | None) -> None:
        self.doc, self.push = doc, push

    def run(self, current: Mapping[str, Any], changes: Mapping[str, Any], build: Callable[[], Edit],
            where: ShowsErrors | None, check: Callable[[], str] | None = None) -> bool:
        """Push ``build()`` unless refreshing, unchanged, or invalid; report errors at ``where``."""
        if self.refreshing or self.doc is None or self.push is None:
            return False
        if all(current.get(key) == value for key, value in changes.items()):
            if where is not None:
                where.clear_error()
            return True
        problem = check() if check is not None else ""
        if problem:
            if where is not None:
                where.show_error(problem)
            return False
        return self.push_built(build, where)

    def push_built(self, build: Callable[[], Edit], where: ShowsErrors | None) -> bool:
        """Push ``build()`` (an edit beyond one metric's fields); report errors at ``where``."""
        if self.refreshing or self.doc is None or self.push is None:
            return False
        try:
            edit = build()
        except (ValidationError, MetricscapeError, ValueError) as exc:
            if where is not None:
                where.show_error(plain_error(exc, self.labels))
            return False
        if where is not None:
            where.clear_error()
        try:
            accepted = self.push(edit)
        except MetricscapeError as exc:  # an apply-time rule (the model is left unchanged)
            if where is not None:
                where.show_error(plain_error(exc, self.labels))
            return False
        return accepted is not False  # the app's push reports a refusal itself and returns False


def finish_pending_edit(panel: QWidget) -> None:
    """Commit a half-finished field edit to the document it belongs to, before the panel
    switches to another metric or document (a tab click does not take the focus)."""
    focused = QApplication.focusWidget()
    if focused is not None and panel.isAncestorOf(focused):
        focused.clearFocus()


METRIC_LABELS: dict[str, str] = {
    "name": "Name", "kind": "Kind", "definition": "Definition", "unit": "Unit", "owner": "Owner",
    "segment": "Segment", "baseline": "Baseline", "baseline_source": "Source", "baseline_as_of": "As of",
    "target": "Target", "direction": "Better when", "formula": "Formula", "uncertainty": "Uncertainty",
    "unit_variability": "Per-user variability", "review_cadence_days": "Review every",
    "last_review": "Last review", "notes": "Notes", "rationale": "Rationale", "gaming_risks": "Gaming risks",
    "silenced": "Silenced checks", "low": "Low", "high": "High", "mean": "Mean", "sd": "Spread (sd)",
    "mode": "Most likely", "floor": "Never below", "ceiling": "Never above", "description": "How it is gamed",
    "severity": "Severity", "detection": "How to detect it", "counter_metric": "Counter-metric",
    "mitigation": "Mitigation", "rule": "Check", "reason": "Reason",
}

LINK_LABELS: dict[str, str] = {
    "kind": "Kind", "elasticity": "Elasticity", "elasticity_low": "Low", "elasticity_high": "High",
    "confidence": "Confidence", "rationale": "Rationale",
}
