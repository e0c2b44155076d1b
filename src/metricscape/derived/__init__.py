"""The derived state of an open document: what the screen shows, computed once per change, no Qt.

Sits between ``export`` and ``ui``: it may use the model, the simulation engine and the export
helpers; every view in ``ui`` reads it and none computes it again (see ``state.py``).
"""

from .actual_line import ActualLine
from .actuals import ActualsOverlay, actual_line, baseline_from_actuals
from .attribution import Attribution, AttributionOverlay
from .cards import CardState, LinkState, Source, badge_text, same_card
from .live import Delta, LiveModel, LiveResult, numbers_key
from .overlays import CardMark, Facts, LinkMark, Marks, Overlay, WhatIfOverlay
from .state import DerivedState

__all__ = ["ActualLine", "ActualsOverlay", "Attribution", "AttributionOverlay", "CardMark", "CardState", "Delta",
           "DerivedState", "Facts", "LinkMark", "LinkState", "LiveModel", "LiveResult", "Marks", "Overlay", "Source",
           "WhatIfOverlay", "actual_line", "badge_text", "baseline_from_actuals", "numbers_key", "same_card"]
