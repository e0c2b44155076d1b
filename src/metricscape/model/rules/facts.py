"""What the data say, computed by the statistics layer and handed to the rules as plain values.

Rules never compute statistics (the model imports no numpy): ``metricscape.sim.evidence.facts``
fills this in from the actuals, and ``check(tree, facts=...)`` passes it to every rule. Without
facts, the rules that need them rely on what the model file records (adopted evidence, the ledger).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class LinkVerdict:
    verdict: str   # supports / contradicts / inconclusive / no_data
    message: str   # the verdict in words, numbers included


@dataclass(frozen=True)
class NoiseCheck:
    """The north star's latest move against its own period-to-period variability."""

    metric: str
    period_from: str
    period_to: str
    change: float        # relative change of the latest move (0.012 = +1.2 %)
    typical: float       # standard deviation of the earlier moves, same unit
    shift_detected: bool  # a change-point test found a level shift among the latest periods
    grain: str


@dataclass(frozen=True)
class DataFacts:
    verdicts: Mapping[tuple[str, str], LinkVerdict] = field(default_factory=dict)  # (source, target), paths too
    north_star_noise: NoiseCheck | None = None
