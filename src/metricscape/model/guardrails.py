"""Gaming risks and the guardrails that catch them, kept in step as one edit.

A risk names its counter-metric; on the canvas a guard link runs from that guardrail to the
metric it watches. Setting one fills in the other, so the two never tell different stories.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .edits import Compound, Edit, SetLink, SetMetric
from .layout import H_GAP, card_size
from .link import Link, LinkKind
from .metric import Metric, MetricKind, Position

if TYPE_CHECKING:
    from .document import Document


def spot_beside(doc: Document, metric: Metric) -> Position:
    """The first free card spot to the right of ``metric`` on its row."""
    width = card_size(metric.kind)[0]
    step = card_size(MetricKind.GUARDRAIL)[0] + H_GAP
    x, y = metric.position.x + width + H_GAP, metric.position.y
    taken = [(m.position.x, m.position.x + card_size(m.kind)[0]) for m in doc.metrics()
             if abs(m.position.y - y) < card_size(m.kind)[1]]
    while any(left < x + step - H_GAP and x < right for left, right in taken):
        x += step
    return Position(x=x, y=y)


def with_counter(metric: Metric, risk_index: int, counter_id: str | None) -> Metric:
    risks = list(metric.gaming_risks)
    risks[risk_index] = risks[risk_index].model_copy(update={"counter_metric": counter_id})
    return metric.with_changes(gaming_risks=tuple(risks))


def guard_link_edit(doc: Document, guardrail_id: str, metric_id: str) -> list[Edit]:
    """A guard link from the guardrail to the metric, unless the two are linked already."""
    if doc.link(guardrail_id, metric_id) is not None or doc.link(metric_id, guardrail_id) is not None:
        return []
    return [SetLink(None, Link(source=guardrail_id, target=metric_id, kind=LinkKind.GUARD))]


def first_unguarded_risk(metric: Metric) -> int | None:
    return next((i for i, risk in enumerate(metric.gaming_risks) if risk.counter_metric is None), None)


def add_guardrail(doc: Document, guardrail: Metric, metric_id: str, risk_index: int | None) -> Edit:
    """Add ``guardrail`` watching ``metric_id`` and make it the counter-metric of that risk."""
    guarded = doc.metric(metric_id)
    parts: list[Edit] = [SetMetric(None, guardrail),
                         SetLink(None, Link(source=guardrail.id, target=metric_id, kind=LinkKind.GUARD))]
    if risk_index is not None:
        parts.append(SetMetric(guarded, with_counter(guarded, risk_index, guardrail.id)))
    return Compound(f"Add guardrail ‘{guardrail.name}’ for ‘{guarded.name}’", parts)


def set_counter_metric(doc: Document, metric_id: str, risk_index: int, counter_id: str | None) -> Edit:
    """Choose a risk's counter-metric; a guard link to it is drawn if there is none."""
    metric = doc.metric(metric_id)
    parts: list[Edit] = [SetMetric(metric, with_counter(metric, risk_index, counter_id))]
    if counter_id is None:
        return Compound(f"Clear the counter-metric of ‘{metric.name}’", parts)
    parts += guard_link_edit(doc, counter_id, metric_id)
    return Compound(f"Set the counter-metric of ‘{metric.name}’ to ‘{doc.metric(counter_id).name}’", parts)


def fill_counter_from_link(doc: Document, guardrail_id: str, metric_id: str) -> list[Edit]:
    """Drawing a guard link fills in the first risk of the guarded metric that has no counter-metric."""
    metric = doc.metric(metric_id)
    index = first_unguarded_risk(metric)
    if index is None:
        return []
    return [SetMetric(metric, with_counter(metric, index, guardrail_id))]


