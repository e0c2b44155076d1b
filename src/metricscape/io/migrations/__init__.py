"""Upgrades of old files, one schema version at a time, on the raw parsed JSON before validation.

Each step turns a whole envelope of version N into one of version N+1 (and sets
``schema_version`` to N+1). Steps are small, pure functions kept forever, each in its own
module ``vN_to_vN1.py``, registered in ``CHAIN`` below. Version 1 was the first released format;
``v1_to_v2`` is the first step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Document = dict[str, Any]
Step = Callable[[Document], Document]


class MigrationError(ValueError):
    """A step could not upgrade the file (the reader turns it into a LoadError)."""


class MigrationChain:
    def __init__(self, current: int) -> None:
        self.current = current
        self._steps: dict[int, Step] = {}

    def step(self, from_version: int) -> Callable[[Step], Step]:
        """Register the step that upgrades ``from_version`` to ``from_version + 1``."""
        if not 1 <= from_version < self.current:
            raise ValueError(f"a step from version {from_version} cannot lead to the current {self.current}")

        def register(fn: Step) -> Step:
            if from_version in self._steps:
                raise ValueError(f"two migration steps from version {from_version}")
            self._steps[from_version] = fn
            return fn

        return register

    def upgrade(self, document: Document) -> Document:
        """Apply every step from the document's version up to ``current``."""
        version = document["schema_version"]
        while version < self.current:
            step = self._steps.get(version)
            if step is None:  # a packaging mistake, never the user's fault
                raise MigrationError(f"this Metricscape cannot upgrade file format {version} "
                                     f"(no step to {version + 1})")
            try:
                document = step(document)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                raise MigrationError(f"could not upgrade the file from format {version} to {version + 1}: "
                                     f"{exc}") from None
            if document.get("schema_version") != version + 1:
                raise MigrationError(f"the upgrade from format {version} did not produce format {version + 1}")
            version += 1
        return document


CURRENT_VERSION = 2
CHAIN = MigrationChain(current=CURRENT_VERSION)

# Each step registers itself on import (its function is decorated with ``@CHAIN.step(N)``).
from . import v1_to_v2  # noqa: F401 - needs CHAIN above
