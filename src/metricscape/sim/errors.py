"""Errors the simulation engine raises; every message is meant to be shown to a PM as is."""

from __future__ import annotations

from metricscape.model.errors import MetricscapeError


class SimulationError(MetricscapeError):
    """The model cannot be simulated as asked (bad correlations, unknown metric, no target...)."""


class Cancelled(MetricscapeError):
    """A long run was stopped through its progress hook."""

    def __init__(self) -> None:
        super().__init__("the run was cancelled")
