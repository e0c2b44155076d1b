"""Everything the evidence says about a model at once, for reports (the brief, the deck, the CLI)."""

from __future__ import annotations

from dataclasses import dataclass

from metricscape.model.experiments import paired_lifts
from metricscape.model.link import LinkKind
from metricscape.model.metric import MetricKind
from metricscape.model.tree import MetricTree

from .ledger import all_ledger_evidence
from .links import all_evidence, influence_links, proxy_paths
from .results import LedgerEvidence, LinkEvidence


@dataclass(frozen=True)
class EvidenceSummary:
    links: list[LinkEvidence]        # from the actuals: every influence link, then proxy paths
    ledgers: list[LedgerEvidence]    # from the experiment ledger: every proxy it measured
    recorded: list[tuple[str, str]]  # influence links with adopted evidence in the file

    @property
    def empty(self) -> bool:
        return not (self.links or self.ledgers or self.recorded)


def has_data(tree: MetricTree) -> bool:
    """Whether there is anything to report: actuals, a ledger, or evidence recorded on a link."""
    return bool(tree.actuals.series or tree.experiments or any(link.evidence for link in tree.links))


def tests_anything(tree: MetricTree) -> bool:
    """Whether ``summarise`` tests any link or proxy, known without testing: actuals and an influence
    link or a proxy path, or a proxy that a past experiment measured with the north star."""
    star = tree.north_star
    links = bool(tree.actuals.series) and (any(True for _ in influence_links(tree)) or bool(proxy_paths(tree)))
    ledgers = star is not None and any(m.kind is MetricKind.PROXY and paired_lifts(tree.experiments, m.id, star.id)
                                       for m in tree.metrics)
    return links or ledgers


def summarise(tree: MetricTree) -> EvidenceSummary:
    links = all_evidence(tree) if tree.actuals.series else []
    recorded = [link.key for link in tree.links if link.kind is LinkKind.INFLUENCE and link.evidence is not None]
    return EvidenceSummary(links, all_ledger_evidence(tree), recorded)
