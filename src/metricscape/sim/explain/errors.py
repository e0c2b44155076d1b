"""The error "why it moved" raises for a question it cannot answer; the message is for a PM."""

from __future__ import annotations

from metricscape.sim.errors import SimulationError


class ExplainError(SimulationError):
    """Periods that cannot be read, an unknown metric, a model without actuals..."""
