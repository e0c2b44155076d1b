"""The model panel dock: the model's details, the north-star scorecard, its history, the change log."""

from .panel import ModelPanel

__all__ = ["ModelPanel"]
