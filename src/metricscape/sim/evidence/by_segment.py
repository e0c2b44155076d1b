"""A link's evidence per segment, with a warning when the whole supports it but a large segment contradicts.

"Large" is at least a fifth of the target across segments, measured by the target's own values
over the last year of data (or by its denominator's when the target is a rate: a fifth of the
visitors, not a fifth of the summed conversion rates).
"""

from __future__ import annotations

from dataclasses import dataclass

from metricscape.model.tree import MetricTree

from .links import SeriesCache, estimate
from .results import LinkEvidence, Verdict
from .segments import denominator_of

LARGE_SHARE = 0.2


@dataclass(frozen=True)
class SegmentEvidence:
    overall: LinkEvidence
    segments: list[tuple[LinkEvidence, float]]  # evidence and the segment's share of the target
    warning: str

    def to_dict(self) -> dict[str, object]:
        return {"overall": self.overall.to_dict(),
                "segments": [{**e.to_dict(), "share": share} for e, share in self.segments],
                "warning": self.warning}


def _recent_total(tree: MetricTree, metric: str, segment: str) -> float:
    found = tree.actuals.find(metric, segment)
    if found is None:
        return 0.0
    values = [v for v in found.values if v is not None][-tree.actuals.grain.periods_per_year:]
    return sum(values)


def segment_evidence(tree: MetricTree, source: str, target: str) -> SegmentEvidence:
    link = next(link for link in tree.links if link.key == (source, target))
    stated = (link.elasticity, link.elasticity_low, link.elasticity_high)
    overall = estimate(SeriesCache(tree), source, target, *stated)
    sizer = target
    if tree.metric(target).unit.strip() == "%":
        sizer = denominator_of(tree, target) or target
    segments = tree.actuals.segments()
    sizes = {s: _recent_total(tree, sizer, s) for s in segments}
    whole = sum(sizes.values())
    rows = [(estimate(SeriesCache(tree, s), source, target, *stated), sizes[s] / whole if whole else 0.0)
            for s in segments]
    warning = ""
    if overall.verdict is Verdict.SUPPORTS:
        against = [(e, share) for e, share in rows if e.verdict is Verdict.CONTRADICTS and share >= LARGE_SHARE]
        if against:
            e, share = max(against, key=lambda pair: pair[1])
            warning = (f"The data support this link overall, but contradict it in {e.segment} ({share:.0%} of "
                       f"‘{tree.metric(sizer).name}’): there a 1 % rise went with {e.estimate:.2f} %, not "
                       f"{link.elasticity:.2f} %. Check whether the link holds for that segment.")
    return SegmentEvidence(overall, rows, warning)
