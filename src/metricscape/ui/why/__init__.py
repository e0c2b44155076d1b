""""Why it moved": the waterfall of a metric's change between two periods, and its canvas overlay."""

from .dock import WhyDock
from .panel import WhyPanel
from .waterfall import WaterfallChart

__all__ = ["WaterfallChart", "WhyDock", "WhyPanel"]
