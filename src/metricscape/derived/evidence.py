"""The evidence for every link, as the canvas and the inspector show it (no Qt).

``compute_evidence(tree, progress)`` runs the statistics (off the GUI thread: statsmodels takes
seconds to import and 1,000 links about a second); ``EvidenceOverlay(report)`` turns its result
into a badge and a tooltip per influence link. The overlay judges each link against the elasticity
the link states *now*, so typing a new elasticity updates its badge at once, without re-running the
statistics. A link without series evidence shows the evidence recorded on it (``Link.evidence``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from metricscape.model import MetricTree
from metricscape.model.evidence import Evidence, EvidenceSource
from metricscape.model.link import Link, LinkKind
from metricscape.model.periods import Grain
from metricscape.sim.evidence.results import LedgerEvidence, LinkEvidence, Verdict
from metricscape.sim.evidence.verdict import judge, sentence

from .overlays import NO_MARKS, Facts, LinkMark, Marks

if TYPE_CHECKING:  # by_segment imports statsmodels (seconds): only the worker loads it
    from metricscape.sim.evidence.by_segment import SegmentEvidence

NAME = "evidence"
BADGES = {Verdict.SUPPORTS: "supported", Verdict.CONTRADICTS: "contradicted",
          Verdict.INCONCLUSIVE: "inconclusive", Verdict.NO_DATA: "no data"}


@dataclass(frozen=True)
class EvidenceReport:
    """What the statistics said about one model version (the inspector reads it whole)."""

    links: Mapping[tuple[str, str], LinkEvidence] = field(default_factory=dict)
    paths: Mapping[str, LinkEvidence] = field(default_factory=dict)          # proxy -> its path to the north star
    segments: Mapping[tuple[str, str], SegmentEvidence] = field(default_factory=dict)
    ledgers: Mapping[str, LedgerEvidence] = field(default_factory=dict)      # proxy -> its ledger evidence
    has_actuals: bool = False


def compute_evidence(tree: MetricTree, progress: Callable[[float], bool] | None = None) -> EvidenceReport:
    """Every influence link's and proxy path's evidence, per segment where there are segments, and
    the ledger's evidence per proxy. Slow (statsmodels): run it on a worker."""
    from metricscape.sim.evidence.by_segment import segment_evidence
    from metricscape.sim.evidence.ledger import all_ledger_evidence
    from metricscape.sim.evidence.links import all_evidence

    links: dict[tuple[str, str], LinkEvidence] = {}
    paths: dict[str, LinkEvidence] = {}
    segments: dict[tuple[str, str], SegmentEvidence] = {}
    if tree.actuals.series:
        for evidence in all_evidence(tree, progress=progress):
            if evidence.path:
                paths[evidence.source] = evidence
            else:
                links[(evidence.source, evidence.target)] = evidence
        if tree.actuals.segments():
            segmented = {s.metric for s in tree.actuals.series if s.segment}
            for key in links:
                if key[0] in segmented and key[1] in segmented:
                    segments[key] = segment_evidence(tree, *key)
    ledgers = {e.proxy: e for e in all_ledger_evidence(tree)}
    return EvidenceReport(links, paths, segments, ledgers, has_actuals=bool(tree.actuals.series))


def current(evidence: LinkEvidence, link: Link, names: Mapping[str, str], grain: Grain) -> LinkEvidence:
    """The series evidence judged against what the link states now (the PM may have edited it)."""
    stated = (link.elasticity, link.elasticity_low, link.elasticity_high)
    if stated == (evidence.stated, evidence.stated_low, evidence.stated_high) or evidence.low is None \
            or evidence.high is None or evidence.verdict is Verdict.NO_DATA:
        return evidence
    verdict = judge(*stated, evidence.low, evidence.high)
    text = sentence(verdict, driver=names.get(link.source, link.source), target=names.get(link.target, link.target),
                    stated=link.elasticity, estimate=evidence.estimate, low=evidence.low, high=evidence.high,
                    periods=evidence.periods, grain=grain)
    return replace(evidence, stated=stated[0], stated_low=stated[1], stated_high=stated[2], verdict=verdict,
                   message=text)


def recorded_verdict(link: Link, evidence: Evidence) -> Verdict:
    return judge(link.elasticity, link.elasticity_low, link.elasticity_high, evidence.low, evidence.high)


def recorded_text(evidence: Evidence) -> str:
    """'Recorded on 2026-11-30 from 104 weeks of actuals: 0.41 (90 % interval 0.30 to 0.52).'"""
    basis = (f"{evidence.periods} periods of actuals" if evidence.source is EvidenceSource.SERIES
             else f"{evidence.periods} past experiments")
    return (f"Recorded on {evidence.recorded_on:%d %b %Y} from {basis}: {evidence.estimate:.2f} "
            f"(90 % interval {evidence.low:.2f} to {evidence.high:.2f}); {evidence.method}.")


@dataclass(frozen=True)
class EvidenceOverlay:
    """A badge per influence link: supported, contradicted, inconclusive, or a quiet "no data"."""

    report: EvidenceReport = EvidenceReport()
    name: str = NAME

    def marks(self, facts: Facts) -> Marks:
        names = {m.id: f"‘{m.name}’" for m in facts.tree.metrics}
        out: dict[tuple[str, str], LinkMark] = {}
        for link in facts.tree.links:
            if link.kind is not LinkKind.INFLUENCE:
                continue
            mark = self._mark(link, names, facts.tree.actuals.grain)
            if mark is not None:
                out[link.key] = mark
        if not out and not self.report.links and not self.report.ledgers:
            return replace(NO_MARKS, detail=self.report)
        return Marks(links=out, detail=self.report)

    def _mark(self, link: Link, names: Mapping[str, str], grain: Grain) -> LinkMark | None:
        computed = self.report.links.get(link.key)
        if computed is not None and computed.verdict is not Verdict.NO_DATA:
            evidence = current(computed, link, names, grain)
            return LinkMark(BADGES[evidence.verdict], f"Evidence: {evidence.message}")
        if link.evidence is not None:
            verdict = recorded_verdict(link, link.evidence)
            return LinkMark(BADGES[verdict], f"Evidence: {recorded_text(link.evidence)}")
        if computed is not None and computed.periods > 0:  # some data, too little: say how much more
            return LinkMark(BADGES[Verdict.NO_DATA], f"Evidence: {computed.message}")
        if computed is not None:  # no series for one end: a note only, no badge on the canvas
            return LinkMark("", f"Evidence: {computed.message}")
        return None

