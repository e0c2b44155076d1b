"""Hypothesis strategies for whole, valid metric trees, built field by field from the pydantic models.

``FIELD_COVERAGE`` lists, per model, the fields these strategies fill; a test checks it against
``model_fields`` so that a field added to the model cannot slip past the round-trip tests.
"""

from __future__ import annotations

import datetime as dt
import keyword

from hypothesis import strategies as st

from metricscape.model import (
    ChangeLogEntry,
    Correlation,
    GamingRisk,
    Link,
    Metric,
    MetricTree,
    ModelInfo,
    NorthStarDefinition,
    Position,
    Scenario,
    Scorecard,
    ScorecardEntry,
    Silence,
    SimulationSettings,
    Uncertainty,
)
from metricscape.model.actuals import Actuals, Series
from metricscape.model.evidence import Evidence
from metricscape.model.experiments import Experiment, Lift
from metricscape.model.formula import FUNCTIONS
from metricscape.model.periods import Grain, label_of
from metricscape.model.scenario import Change
from metricscape.model.sources import (
    Aggregation,
    DefinitionChange,
    MetricSource,
    Source,
    SourceFormat,
    SourceShape,
)

finite = st.floats(allow_nan=False, allow_infinity=False, width=64)
small = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1))
short_text = st.text(max_size=30)
names = st.text(min_size=1, max_size=30)
# Valid ids that a formula cannot mention (Python keywords, function names): the model refuses them there.
_NOT_USABLE_IN_FORMULAS = set(keyword.kwlist) | set(FUNCTIONS) | {"if_"}
id_chars = "abcdefghijklmnopqrstuvwxyz0123456789_"
ids = st.builds(lambda head, tail: head + tail, st.sampled_from("abcdefghijklmnopqrstuvwxyz_"),
                st.text(id_chars, max_size=12)).filter(lambda i: i not in _NOT_USABLE_IN_FORMULAS)


def optional(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.none() | strategy


@st.composite
def uncertainties(draw) -> Uncertainty:
    kind = draw(st.sampled_from(["fixed", "normal", "lognormal", "uniform", "triangular", "pert", "range"]))
    low, high = sorted((draw(small), draw(small)))
    data: dict = {"distribution": kind}
    if kind == "normal":
        data |= {"mean": draw(optional(small)), "sd": draw(st.floats(0, 1e6))}
    elif kind == "lognormal":
        low, high = sorted((draw(st.floats(1e-3, 1e6)), draw(st.floats(1e-3, 1e6))))
        data |= {"low": low, "high": high}
    elif kind in ("triangular", "pert"):
        data |= {"low": low, "high": high, "mode": draw(optional(st.floats(low, high)))}
    elif kind != "fixed":
        data |= {"low": low, "high": high}
    if draw(st.booleans()):
        floor = draw(small)
        data |= {"floor": floor, "ceiling": draw(optional(st.floats(floor, floor + 1e6)))}
    return Uncertainty.model_validate(data)


def gaming_risks(metric_ids: list[str]) -> st.SearchStrategy[GamingRisk]:
    return st.builds(GamingRisk, description=short_text, severity=st.sampled_from(["low", "medium", "high"]),
                     detection=short_text, counter_metric=optional(st.sampled_from(metric_ids)),
                     mitigation=short_text)


def metrics(metric_id: str, kind: str, formula: str | None, metric_ids: list[str]) -> st.SearchStrategy[Metric]:
    return st.builds(
        Metric, id=st.just(metric_id), name=names, kind=st.just(kind), definition=short_text,
        unit=st.sampled_from(["", "%", "users", "$", "hours/week"]), owner=short_text, segment=short_text,
        baseline=optional(finite), baseline_source=short_text, baseline_as_of=optional(dates),
        target=optional(finite), direction=st.sampled_from(["higher", "lower"]), formula=st.just(formula),
        uncertainty=optional(uncertainties()), unit_variability=optional(st.floats(0, 100)),
        review_cadence_days=optional(st.integers(1, 3660)), last_review=optional(dates), notes=short_text,
        rationale=short_text, gaming_risks=st.lists(gaming_risks(metric_ids), max_size=2).map(tuple),
        silenced=st.lists(st.builds(Silence, rule=st.text(max_size=10), reason=short_text), max_size=1).map(tuple),
        position=st.builds(Position, x=small, y=small), collapsed=st.booleans())


evidences = st.builds(
    lambda source, method, values, periods, day: Evidence(
        source=source, method=method, estimate=sorted(values)[1], low=min(values), high=max(values), periods=periods,
        recorded_on=day),
    st.sampled_from(["series", "experiments"]), short_text, st.tuples(small, small, small), st.integers(0, 10_000),
    dates)


def links_between(source: str, target: str, kind: str) -> st.SearchStrategy[Link]:
    influence = st.builds(
        lambda e, band, conf, why, evidence: Link(
            source=source, target=target, kind="influence", elasticity=e, elasticity_low=band and min(band),
            elasticity_high=band and max(band), confidence=conf, rationale=why, evidence=evidence),
        st.floats(-100, 100), optional(st.tuples(st.floats(-100, 100), st.floats(-100, 100))),
        optional(st.sampled_from(["low", "medium", "high"])), short_text, optional(evidences))
    guard = st.builds(lambda why: Link(source=source, target=target, kind="guard", rationale=why), short_text)
    return influence if kind == "influence" else guard


scorecard_entries = st.builds(ScorecardEntry, answer=short_text, rating=optional(st.integers(1, 5)),
                              evidence=short_text)
infos = st.builds(
    ModelInfo, name=names, description=short_text, authors=st.lists(short_text, max_size=2).map(tuple),
    north_star_review_cadence_days=optional(st.integers(1, 3660)),
    scorecard=st.builds(Scorecard, value=scorecard_entries, breadth=scorecard_entries,
                        actionability=scorecard_entries, gaming_resistance=scorecard_entries,
                        decision=scorecard_entries, segment=scorecard_entries, benchmark=scorecard_entries),
    north_star_history=st.lists(st.builds(NorthStarDefinition, name=names, definition=short_text,
                                          adopted_on=dates, reason=short_text), max_size=2).map(tuple),
    changelog=st.lists(st.builds(ChangeLogEntry, version=st.integers(1, 99), date=dates, author=short_text,
                                 note=short_text, summary=st.lists(short_text, max_size=2).map(tuple)),
                       max_size=2).map(tuple))


@st.composite
def trees(draw, max_metrics: int = 6) -> MetricTree:
    """A valid tree: metric i may be driven only by metrics after it, so there is never a loop."""
    metric_ids = draw(st.lists(ids, min_size=1, max_size=max_metrics, unique=True))
    n = len(metric_ids)
    relation = {}
    for i in range(n):
        for j in range(n):
            if i != j:
                choices = ["none", "guard"] + (["formula", "influence"] if j > i else [])
                relation[(j, i)] = draw(st.sampled_from(choices))
    links: list[Link] = []
    all_metrics: list[Metric] = []
    for i, metric_id in enumerate(metric_ids):
        refs = [metric_ids[j] for j in range(n) if relation.get((j, i)) == "formula"]
        operator = draw(st.sampled_from([" + ", " * ", " - "]))
        formula = operator.join(refs) if refs else None
        kind = "north_star" if i == 0 and draw(st.booleans()) else draw(
            st.sampled_from(["input", "proxy", "guardrail"]))
        all_metrics.append(draw(metrics(metric_id, kind, formula, metric_ids)))
        for ref in refs:
            if draw(st.booleans()):  # an explicit formula link, to carry its rationale
                links.append(Link(source=ref, target=metric_id, kind="formula", rationale=draw(short_text)))
    for (j, i), what in relation.items():
        if what in ("influence", "guard"):
            links.append(draw(links_between(metric_ids[j], metric_ids[i], what)))
    scenarios = draw(st.lists(
        st.builds(lambda sid, name, why, targets, values: Scenario(
            id=sid, name=name, description=why,
            changes=tuple(Change(metric=m, mode=mode, value=v) for m, (mode, v) in zip(targets, values))),
            ids, names, short_text, st.lists(st.sampled_from(metric_ids), unique=True, max_size=3),
            st.lists(st.tuples(st.sampled_from(["set", "relative", "points"]), finite), min_size=3, max_size=3)),
        max_size=2, unique_by=lambda s: s.id))
    correlations = []
    if n >= 2 and draw(st.booleans()):
        a, b = draw(st.lists(st.sampled_from(metric_ids), min_size=2, max_size=2, unique=True))
        correlations.append(Correlation(a=a, b=b, rho=draw(st.floats(-1, 1))))
    simulation = draw(st.builds(
        SimulationSettings, samples=st.integers(100, 2_000_000), seed=st.integers(0, 2**32 - 1),
        tornado_swing_pct=st.floats(0.01, 100), alpha=st.floats(0.001, 0.49), power=st.floats(0.51, 0.99),
        correlations=st.just(tuple(correlations))))
    grain = draw(st.sampled_from(list(Grain)))
    start = label_of(draw(st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1))), grain)
    series = draw(st.lists(st.builds(
        Series, metric=st.sampled_from(metric_ids), segment=st.sampled_from(["", "mobile", "web"]),
        start=st.just(start), values=st.lists(optional(finite), max_size=5).map(tuple)), max_size=3,
        unique_by=lambda s: (s.metric, s.segment)))
    metric_sources = draw(st.lists(st.builds(
        MetricSource, metric=st.sampled_from(metric_ids), aggregation=st.none() | st.sampled_from(list(Aggregation)),
        query=st.none() | short_text), max_size=2, unique_by=lambda m: m.metric))
    definitions = draw(st.lists(st.builds(DefinitionChange, metric=st.sampled_from(metric_ids), since=st.just(start),
                                          label=names), max_size=2))
    sources = draw(st.lists(st.builds(
        Source, path=st.sampled_from(["data/a.csv", "b.parquet", "x y/é.xlsx"]), format=st.sampled_from(list(SourceFormat)),
        shape=st.sampled_from(list(SourceShape)), table=st.sampled_from(["events", "t1", "_x"]),
        period_column=short_text, metric_column=short_text, segment_column=short_text, value_column=short_text,
        sheet=short_text, names=st.dictionaries(short_text, st.sampled_from(metric_ids), max_size=3)),
        max_size=2, unique_by=lambda s: s.table))
    lifts = st.builds(Lift, metric=st.sampled_from(metric_ids), lift=st.floats(-100, 100),
                      se=st.floats(1e-6, 100))
    experiments = draw(st.lists(st.builds(
        lambda name, day, span, segment, lift, notes: Experiment(
            name=name, start=day, end=day and day + dt.timedelta(days=span), segment=segment, lifts=(lift,),
            notes=notes),
        names, optional(dates), st.integers(0, 90), st.sampled_from(["", "mobile"]), lifts, short_text),
        max_size=2, unique_by=lambda e: e.name))
    return MetricTree(info=draw(infos), metrics=tuple(all_metrics), links=tuple(links),
                      scenarios=tuple(scenarios), simulation=simulation,
                      actuals=Actuals(grain=grain, sources=tuple(sources), metric_sources=tuple(metric_sources),
                                      definitions=tuple(definitions), series=tuple(series)),
                      experiments=tuple(experiments))


FIELD_COVERAGE = {
    Metric: {"id", "name", "kind", "definition", "unit", "owner", "segment", "baseline", "baseline_source",
             "baseline_as_of", "target", "direction", "formula", "uncertainty", "unit_variability",
             "review_cadence_days", "last_review", "notes", "rationale", "gaming_risks", "silenced", "position",
             "collapsed"},
    Link: {"source", "target", "kind", "elasticity", "elasticity_low", "elasticity_high", "confidence", "rationale",
           "evidence"},
    Evidence: {"source", "method", "estimate", "low", "high", "periods", "recorded_on"},
    Experiment: {"name", "start", "end", "segment", "lifts", "notes"}, Lift: {"metric", "lift", "se"},
    Scenario: {"id", "name", "description", "changes"},
    Change: {"metric", "mode", "value"}, Uncertainty: {"distribution", "low", "high", "mean", "sd", "mode",
                                                       "floor", "ceiling"},
    GamingRisk: {"description", "severity", "detection", "counter_metric", "mitigation"},
    Silence: {"rule", "reason"}, Position: {"x", "y"},
    ModelInfo: {"name", "description", "authors", "north_star_review_cadence_days", "scorecard",
                "north_star_history", "changelog"},
    Scorecard: {"value", "breadth", "actionability", "gaming_resistance", "decision", "segment", "benchmark"},
    ScorecardEntry: {"answer", "rating", "evidence"},
    NorthStarDefinition: {"name", "definition", "adopted_on", "reason"},
    ChangeLogEntry: {"version", "date", "author", "note", "summary"},
    Correlation: {"a", "b", "rho"},
    SimulationSettings: {"samples", "seed", "tornado_swing_pct", "alpha", "power", "correlations"},
    MetricTree: {"info", "metrics", "links", "scenarios", "simulation", "actuals", "experiments"},
    Actuals: {"grain", "sources", "metric_sources", "definitions", "series"},
    Series: {"metric", "segment", "start", "values"},
    Source: {"path", "format", "shape", "table", "period_column", "metric_column", "segment_column",
             "value_column", "sheet", "names"},
    MetricSource: {"metric", "aggregation", "query"}, DefinitionChange: {"metric", "since", "label"},
}
