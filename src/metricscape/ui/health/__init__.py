"""The health panel: the model's findings, its score, and silencing a rule with a reason."""

from .health_panel import HealthPanel

__all__ = ["HealthPanel"]
