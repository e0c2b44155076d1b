"""What a metric card says, formatted for a PM: the value with its unit, the gap to target, badges."""

from __future__ import annotations

from metricscape.derived import ActualLine
from metricscape.model import Direction, Metric, MetricKind
from metricscape.model.numbers import format_value, target_gap

from .style import CardText


def target_line(metric: Metric, value: float | None) -> tuple[str, bool | None]:
    """'Target 40 % · +5.5 pp to go' (or '· met'), and whether the target is met."""
    return target_gap(value, metric.target, metric.unit, metric.direction is Direction.HIGHER)


def card_text(metric: Metric, value: float | None, *, hidden_drivers: int = 0, delta: str = "",
              delta_good: bool | None = None, health: str = "", actual: ActualLine | None = None) -> CardText:
    target, met = target_line(metric, value)
    risk = max((r.severity for r in metric.gaming_risks), key=lambda s: s.rank, default=None)
    return CardText(
        name=metric.name, kind=metric.kind, value=format_value(value, metric.unit), target=target,
        target_met=met, owner=metric.owner.strip(), has_rationale=bool(metric.rationale.strip()),
        needs_rationale=metric.kind is not MetricKind.NORTH_STAR, risk=risk, delta=delta,
        delta_good=delta_good, health=health, hidden_drivers=hidden_drivers, actual=actual)
