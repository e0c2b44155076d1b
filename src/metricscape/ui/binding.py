"""How a panel follows the current document: one small protocol, one context object.

The window is the only place that swaps the current document; it calls ``bind(context)`` on every
panel it docks (``None`` when no model is open). A panel reads the document and its derived state,
pushes edits through ``context.push`` (one undo step each) and never imports the window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from metricscape.derived import DerivedState
from metricscape.model import Document
from metricscape.model.edits import Edit


@dataclass(frozen=True)
class DocumentContext:
    doc: Document
    state: DerivedState
    push: Callable[[Edit], object]  # apply as one undo step; False when the model refused it


@runtime_checkable
class DocumentPanel(Protocol):
    def bind(self, context: DocumentContext | None) -> None:
        """Show ``context``'s document from now on (None: no model is open)."""
