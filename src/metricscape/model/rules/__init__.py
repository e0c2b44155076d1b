"""The model health check: rules that hold a metric tree to the north-star discipline.

``check(tree, today=None) -> HealthReport``: findings (rule id, level, message, metric) and a 0-100 score.
A metric's ``silenced`` entries move that rule's findings on it to ``report.silenced``.
"""

from .engine import ALL_RULES, RULES_BY_ID, check
from .findings import Finding, HealthReport, Level, Rule
from .units import Unit, infer_unit, parse_unit

__all__ = ["ALL_RULES", "RULES_BY_ID", "Finding", "HealthReport", "Level", "Rule", "Unit", "check", "infer_unit",
           "parse_unit"]
