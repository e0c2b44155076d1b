"""Segments: split a rate's change into a rate effect and a mix effect, and rank segments by contribution.

A total rate is a weighted average of the segments' rates, R = Σ wₛ rₛ, with wₛ each segment's
share of the rate's denominator. Between two periods, with two-period averages (w̄, r̄), the
change splits exactly: ΔR = Σ w̄ₛ Δrₛ + Σ r̄ₛ Δwₛ (the rate effect and the mix effect), because
Δ(w r) = w̄ Δr + r̄ Δw holds term by term. The denominator of a rate is the metric it multiplies
in its parent's formula (visitors for conversion in ``visitors * conversion``), unless given.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from metricscape.model.link import LinkKind
from metricscape.model.tree import MetricTree, parsed_formula

SHARE_WORDS = 0.005  # a mix shift smaller than half a point of share is not worth a sentence


class SegmentError(ValueError):
    """A decomposition that cannot be made; the message says what is missing."""


def _factors(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        return _factors(node.left) + _factors(node.right)
    return [node]


def denominator_of(tree: MetricTree, rate: str) -> str | None:
    """The metric ``rate`` multiplies in a parent's formula: the factor just before it, else the first other."""
    for link in tree.links:
        if link.source != rate or link.kind is not LinkKind.FORMULA:
            continue
        formula = tree.metric(link.target).formula
        if formula is None:
            continue
        names = [f.id if isinstance(f, ast.Name) else None for f in _factors(parsed_formula(formula).tree)]
        if rate not in names:
            continue
        at = names.index(rate)
        before = [n for n in names[:at] if n is not None]
        others = before[-1:] or [n for n in names[at + 1:] if n is not None]
        if others:
            return others[0]
    return None


@dataclass(frozen=True)
class SegmentPoint:
    segment: str
    rate_from: float
    rate_to: float
    share_from: float
    share_to: float

    @property
    def rate_effect(self) -> float:
        return (self.share_from + self.share_to) / 2 * (self.rate_to - self.rate_from)

    @property
    def mix_effect(self) -> float:
        return (self.rate_from + self.rate_to) / 2 * (self.share_to - self.share_from)


def _value(tree: MetricTree, metric: str, segment: str, period: str) -> float | None:
    series = tree.actuals.find(metric, segment)
    return None if series is None else series.as_dict().get(period)


@dataclass(frozen=True)
class RateMix:
    metric: str
    denominator: str
    period_from: str
    period_to: str
    points: list[SegmentPoint]
    skipped: list[str]  # segments without values in both periods
    message: str

    @property
    def total_from(self) -> float:
        return sum(p.share_from * p.rate_from for p in self.points)

    @property
    def total_to(self) -> float:
        return sum(p.share_to * p.rate_to for p in self.points)

    @property
    def rate_effect(self) -> float:
        return sum(p.rate_effect for p in self.points)

    @property
    def mix_effect(self) -> float:
        return sum(p.mix_effect for p in self.points)

    def to_dict(self) -> dict[str, object]:
        return {
            "metric": self.metric, "denominator": self.denominator, "from": self.period_from,
            "to": self.period_to, "total_from": self.total_from, "total_to": self.total_to,
            "change": self.total_to - self.total_from, "rate_effect": self.rate_effect,
            "mix_effect": self.mix_effect,
            "segments": [{"segment": p.segment, "rate_from": p.rate_from, "rate_to": p.rate_to,
                          "share_from": p.share_from, "share_to": p.share_to, "rate_effect": p.rate_effect,
                          "mix_effect": p.mix_effect, "contribution": p.rate_effect + p.mix_effect}
                         for p in self.points],
            "skipped_segments": self.skipped, "message": self.message}


def decompose(tree: MetricTree, rate: str, period_from: str, period_to: str, denominator: str | None = None
              ) -> RateMix:
    """The rate/mix split of ``rate`` between two periods over the model's segments (raises SegmentError)."""
    denominator = denominator or denominator_of(tree, rate)
    name = tree.metric(rate).name
    if denominator is None:
        raise SegmentError(f"‘{name}’ is not multiplied by another metric in a formula, so its segments cannot "
                           "be weighted; name the metric it is a rate of")
    rows: list[tuple[str, float, float, float, float]] = []
    skipped: list[str] = []
    for segment in tree.actuals.segments():
        r0, r1, n0, n1 = (_value(tree, m, segment, p) for m in (rate, denominator) for p in (period_from, period_to))
        if r0 is None or r1 is None or n0 is None or n1 is None:
            skipped.append(segment)
            continue
        rows.append((segment, r0, r1, n0, n1))
    totals = (sum(r[3] for r in rows), sum(r[4] for r in rows))
    if len(rows) < 2 or min(totals) <= 0:
        raise SegmentError(f"‘{name}’ needs values for at least two segments in {period_from} and {period_to}, "
                           f"with ‘{tree.metric(denominator).name}’ above zero")
    points = [SegmentPoint(s, r0, r1, n0 / totals[0], n1 / totals[1]) for s, r0, r1, n0, n1 in rows]
    message = _opposite_words(tree, rate, denominator, points)
    return RateMix(rate, denominator, period_from, period_to, points, skipped, message)


def rate_mix(tree: MetricTree, rate: str, period_from: str, period_to: str, denominator: str | None = None
             ) -> dict[str, object]:
    """JSON-ready, for ``metricscape explain ... --by segment``: ``rate_effect``, ``mix_effect`` (totals)
    and one object per segment."""
    return decompose(tree, rate, period_from, period_to, denominator).to_dict()


def _opposite_words(tree: MetricTree, rate: str, denominator: str, split: list[SegmentPoint]) -> str:
    """The Simpson's-paradox sentence, when the segments' rates and the mix pull opposite ways."""
    rate_effect = sum(p.rate_effect for p in split)
    mix_effect = sum(p.mix_effect for p in split)
    if rate_effect * mix_effect >= 0:
        return ""
    rate_name, weight_name = tree.metric(rate).name.lower(), tree.metric(denominator).name.lower()
    rises = [p for p in split if p.rate_to > p.rate_from]
    falls = [p for p in split if p.rate_to < p.rate_from]
    if len(rises) == len(split):
        rates = f"{rate_name} rose in every segment"
    elif len(falls) == len(split):
        rates = f"{rate_name} fell in every segment"
    else:
        word = "rose" if rate_effect > 0 else "fell"
        rates = f"{rate_name} {word} in {len(rises if rate_effect > 0 else falls)} of {len(split)} segments"
    gainer = max(split, key=lambda p: p.share_to - p.share_from)
    if gainer.share_to - gainer.share_from < SHARE_WORDS:
        return ""
    average = sum(p.share_from * p.rate_from for p in split)
    level = "lower" if gainer.rate_from < average else "higher"
    total = "rose" if rate_effect + mix_effect > 0 else "fell"
    return (f"{rates[0].upper()}{rates[1:]}, but {weight_name} moved to {gainer.segment}, where {rate_name} is "
            f"{level}: the total {total}.")


def top_segments(tree: MetricTree, metric: str, period_from: str, period_to: str, limit: int = 5
                 ) -> list[dict[str, object]]:
    """The segments behind a change, largest contribution first: rate plus mix for a rate, the plain
    difference for any other metric (a count or an amount adds up over segments)."""
    contributions: list[tuple[str, float]] = []
    if denominator_of(tree, metric) is not None:
        try:
            split = decompose(tree, metric, period_from, period_to)
            contributions = [(p.segment, p.rate_effect + p.mix_effect) for p in split.points]
        except SegmentError:
            contributions = []
    if not contributions:
        for segment in tree.actuals.segments():
            before, after = (_value(tree, metric, segment, p) for p in (period_from, period_to))
            if before is not None and after is not None:
                contributions.append((segment, after - before))
    total = sum(c for _, c in contributions)
    contributions.sort(key=lambda sc: -abs(sc[1]))
    return [{"segment": s, "contribution": c, "share_of_change": c / total if total else None}
            for s, c in contributions[:limit]]
