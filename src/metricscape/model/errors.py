"""Errors of the model layer. Every message says what is wrong and what to do, in plain words."""

from __future__ import annotations


class MetricscapeError(Exception):
    """Base of every error a user may see; ``str()`` is the message to show."""


class FormulaError(MetricscapeError):
    def __init__(self, message: str, column: int | None = None, formula: str | None = None) -> None:
        self.message = message
        self.column = column  # 1-based column in the user's text, when known
        self.formula = formula
        super().__init__(message)


class ModelError(MetricscapeError):
    """The model breaks a rule of the domain (two north stars, a cycle, an unknown id...)."""

    def __init__(self, message: str, where: str | None = None) -> None:
        self.message = message
        self.where = where  # e.g. "metrics[3].formula" or "metric 'wau'"
        super().__init__(f"{where}: {message}" if where else message)


class CycleError(ModelError):
    def __init__(self, cycle: list[str]) -> None:
        self.cycle = cycle
        path = " → ".join([*cycle, cycle[0]])
        super().__init__(f"the links form a loop: {path}. A metric cannot drive itself; remove one of these links")
