"""The inspector dock: edit the selected metric or link."""

from .panel import InspectorPanel

__all__ = ["InspectorPanel"]
