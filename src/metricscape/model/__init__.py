"""The domain model: metrics, links, scenarios, the formula language, graph queries and the Document.

Pure Python (pydantic + networkx): no Qt, no numpy.
"""

from .distributions import DistributionKind
from .document import Document
from .errors import CycleError, FormulaError, MetricscapeError, ModelError
from .formula import Formula, parse
from .link import Confidence, Link, LinkKind
from .metadata import (
                       ChangeLogEntry,
                       Correlation,
                       ModelInfo,
                       NorthStarDefinition,
                       Scorecard,
                       ScorecardEntry,
                       SimulationSettings,
)
from .metric import (
                       Direction,
                       GamingRisk,
                       Metric,
                       MetricKind,
                       Position,
                       Severity,
                       Silence,
                       Uncertainty,
                       slugify,
)
from .scenario import Change, ChangeMode, Scenario
from .tree import MetricTree

__all__ = [
    "Change", "ChangeLogEntry", "ChangeMode", "Confidence", "Correlation", "CycleError", "Direction",
    "DistributionKind", "Document", "Formula", "FormulaError", "GamingRisk", "Link", "LinkKind", "Metric",
    "MetricKind", "MetricTree", "MetricscapeError", "ModelError", "ModelInfo", "NorthStarDefinition",
    "Position", "Scenario", "Scorecard", "ScorecardEntry", "Severity", "Silence",
    "SimulationSettings", "Uncertainty", "parse", "slugify",
]
