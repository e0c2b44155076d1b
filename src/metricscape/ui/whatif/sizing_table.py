"""What the experiment-sizing tab shows, worked out on the worker: the headline and every row's
texts. A scenario that moves thousands of metrics gives thousands of rows; formatting them on the
GUI thread froze the window for about a second, so the GUI thread only hands the finished rows
to the table (no Qt here)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from metricscape.model import MetricKind, MetricTree
from metricscape.model.numbers import format_value
from metricscape.sim import Engine, ExperimentResult, SimulationError
from metricscape.sim.evidence.sizing import SizingAdvice

PRACTICAL_USERS_PER_ARM = 1_000_000  # beyond this few products can run the test in a few weeks
KIND_WORDS = {"north_star": "North star", "input": "Input", "proxy": "Proxy", "guardrail": "Guardrail"}
SPREAD_WORDS = {"unit_variability": "its unit variability", "rate p(1-p)": "its rate"}


class Emphasis(Enum):
    NONE = "none"
    RECOMMENDED = "recommended"  # bold on the highlight colour
    WARN = "warn"                # on the warning colour: impractical, or quick but not validated


@dataclass(frozen=True)
class TableRow:
    metric: str
    cells: tuple[str, str, str, str, str]  # metric, kind, expected lift, users per arm, note
    tooltip: str  # on the metric's name
    emphasis: Emphasis


@dataclass(frozen=True)
class Sizing:
    """The sample sizes, the ranking that uses the experiment ledger's evidence when the model has
    one, and what the tab shows of them."""

    result: ExperimentResult
    advice: SizingAdvice | None  # None: the model has no ledger
    headline: str
    tone: str  # "good", "warn" or "bad"
    rows: tuple[TableRow, ...]


def users_text(n: int | None) -> str:
    if n is None:
        return "—"
    return f"{n:,}" if n < 10_000 else format_value(float(n))


def verdict(result: ExperimentResult, star_id: str | None, validated: set[str]) -> tuple[str, str]:
    """A headline for the PM and its tone ("good", "warn", "bad")."""
    star = next((r for r in result.rows if r.metric == star_id), None)
    best = next((r for r in result.rows if r.metric == result.recommended), None)
    if best is None:
        return result.message[:1].upper() + result.message[1:], "warn"
    if star is not None and best.metric == star.metric:
        text = (f"Measure the north star directly: {users_text(star.sample_size_per_arm)} users per arm detect "
                f"its {star.lift_pct:+.2g} % lift.")
        return text, "good"
    parts = []
    if star is not None and star.sample_size_per_arm is not None:
        impractical = star.sample_size_per_arm > PRACTICAL_USERS_PER_ARM
        parts.append(f"The north star ‘{star.name}’ would need {users_text(star.sample_size_per_arm)} users per arm"
                     + (": not a practical experiment metric." if impractical else "."))
    elif star is not None:
        parts.append(f"The north star ‘{star.name}’ cannot be sized: enter its unit variability.")
    else:
        parts.append("This scenario does not move the north star.")
    proof = "" if best.metric in validated else (" Its link to the north star has no documented rationale yet: "
                                                 "validate it before trusting it.")
    parts.append(f"Measure ‘{best.name}’ instead: {users_text(best.sample_size_per_arm)} users per arm detect its "
                 f"{best.lift_pct:+.2g} % lift.{proof}")
    return " ".join(parts), "good" if not proof else "warn"


def ranked(result: ExperimentResult, advice: SizingAdvice | None) -> list[str]:
    """Metric ids in table order: the evidence's ranking first (north star and validated proxies by
    users per arm, then the others it sized), then the rest as the engine listed them."""
    first = [row.metric for row in advice.rows] if advice is not None else []
    seen = set(first)
    return first + [r.metric for r in result.rows if r.metric not in seen]


def table_rows(result: ExperimentResult, advice: SizingAdvice | None, star_id: str | None,
               validated: set[str], units: dict[str, str]) -> tuple[TableRow, ...]:
    recommended = advice.recommended if advice is not None else result.recommended
    notes = {r.metric: r for r in advice.rows} if advice is not None else {}
    by_id = {r.metric: r for r in result.rows}
    rows = []
    for metric in ranked(result, advice):
        r = by_id[metric]
        n = r.sample_size_per_arm
        impractical = r.metric == star_id and n is not None and n > PRACTICAL_USERS_PER_ARM
        note = r.note
        sized = notes.get(r.metric)
        if sized is not None:
            note = sized.note
            if r.kind == MetricKind.PROXY.value and sized.validated:
                note = "; ".join(filter(None, ["validated by past experiments", sized.note]))
        if advice is not None and r.metric == recommended:
            note = "; ".join(filter(None, ["recommended: the smallest test on a validated metric", note]))
        elif advice is None and r.metric == recommended:
            note = "recommended: the smallest test that reads this scenario" + (
                "" if r.metric == star_id or r.metric in validated else
                " (document why it drives the north star to validate it)")
        elif impractical:
            note = (note + "; " if note else "") + "too many users: not practical to test on"
        unit = units.get(r.metric, "")
        tooltip = (f"{r.name}: from {format_value(r.baseline, unit)} to {format_value(r.expected, unit)}; "
                   f"spread from {SPREAD_WORDS.get(r.variability_source, 'unknown')}")
        emphasis = (Emphasis.RECOMMENDED if r.metric == recommended else
                    Emphasis.WARN if (sized is not None and sized.fast_unvalidated) or impractical else Emphasis.NONE)
        rows.append(TableRow(r.metric, (r.name, KIND_WORDS.get(r.kind, r.kind), f"{r.lift_pct:+.2f} %",
                                        users_text(n), note), tooltip, emphasis))
    return tuple(rows)


def size(engine: Engine, scenario_id: str, tree: MetricTree) -> Sizing:
    """On the worker: the engine's errors are reported through the runner's ``failed``. With a
    ledger, the proxies' evidence ranks the metrics (``size_with_evidence``) and says which are
    validated; without one, a documented rationale does."""
    try:
        result = engine.experiment(scenario_id)
    except ValueError as exc:
        raise SimulationError(str(exc)) from None
    star = tree.north_star
    star_id = star.id if star else None
    advice: SizingAdvice | None = None
    if tree.experiments:
        from metricscape.sim.evidence.ledger import all_ledger_evidence
        from metricscape.sim.evidence.sizing import size_with_evidence
        advice = size_with_evidence(result, {e.proxy: e for e in all_ledger_evidence(tree)})
    if advice is not None:
        validated = {r.metric for r in advice.rows if r.validated}
        warn = any(r.fast_unvalidated for r in advice.rows) or advice.recommended is None
        headline, tone = advice.message, "warn" if warn else "good"
    else:
        validated = {m.id for m in tree.metrics if m.rationale.strip() or m.kind is MetricKind.NORTH_STAR}
        headline, tone = verdict(result, star_id, validated)
    units = {m.id: m.unit for m in tree.metrics}
    return Sizing(result, advice, headline, tone, table_rows(result, advice, star_id, validated, units))
