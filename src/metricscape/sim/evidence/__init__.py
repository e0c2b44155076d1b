"""Evidence for every link: statistics on the actuals and on the experiment ledger (statsmodels, scipy,
ruptures). Not imported by ``metricscape.sim``: statsmodels takes seconds to load, so callers import
these modules when they need them. Methods and definitions: docs/evidence.md.

    links.all_evidence(tree)                 -> list[LinkEvidence]  every influence link, then proxy paths
    ledger.all_ledger_evidence(tree)         -> list[LedgerEvidence] every proxy the ledger measured
    sizing.size_with_evidence(result, ...)   -> SizingAdvice        experiment sizing on validated proxies
    segments.rate_mix(tree, rate, p0, p1)    -> dict                rate and mix effects (explain --by segment)
    segments.top_segments(tree, metric, ...) -> list[dict]          segments behind a change
    by_segment.segment_evidence(tree, s, t)  -> SegmentEvidence     a link per segment, with a warning
    facts.data_facts(tree)                   -> DataFacts           what the health rules read
    summary.summarise(tree)                  -> EvidenceSummary     all of it, for reports

Results are frozen dataclasses a view reads directly: ``LinkEvidence.verdict`` for a badge,
``LinkEvidence.scatter`` for the chart of changes with its fitted line, ``LedgerEvidence.points``
(lifts with standard errors) for the ledger's scatter with error bars.
"""
