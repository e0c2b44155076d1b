"""Experiment sizing that uses the evidence: measure on a proxy only when past experiments validate it.

Takes the sample sizes ``sim/experiment.py`` computes for a proposed change and the ledger's verdict
on each proxy; ranks the north star and every validated proxy by users per arm, and marks proxies
that would be quick to read but have no validation behind them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from metricscape.model.metric import MetricKind

from ..results import ExperimentResult
from .ledger import interval
from .results import LedgerEvidence


@dataclass(frozen=True)
class SizingRow:
    metric: str
    name: str
    kind: str
    sample_size_per_arm: int | None
    validated: bool          # the north star itself, or a proxy the ledger validates
    fast_unvalidated: bool   # a proxy quicker to read than the north star, with no validation
    note: str


@dataclass(frozen=True)
class SizingAdvice:
    rows: list[SizingRow]    # the north star and validated proxies first, fewest users first
    recommended: str | None
    message: str

    def to_dict(self) -> dict[str, object]:
        return {"rows": [row.__dict__ for row in self.rows], "recommended": self.recommended,
                "message": self.message}


def users(n: int) -> str:
    """48k, 620k, 1.2M, 314M, 2.5B: how a PM says a sample size."""
    if n >= 1_000_000_000:
        return f"{n / 1_000_000_000:.2g}B"
    if n >= 100_000_000:
        return f"{round(n / 1_000_000):,}M"
    if n >= 1_000_000:
        return f"{n / 1_000_000:.2g}M"
    if n >= 10_000:
        return f"{round(n / 1000):,}k"
    return f"{n:,}"


def size_with_evidence(result: ExperimentResult, ledgers: Mapping[str, LedgerEvidence]) -> SizingAdvice:
    star_row = next((r for r in result.rows if r.kind == MetricKind.NORTH_STAR.value), None)
    star_n = star_row.sample_size_per_arm if star_row else None
    rows: list[SizingRow] = []
    for row in result.rows:
        if row.kind not in (MetricKind.NORTH_STAR.value, MetricKind.PROXY.value):
            continue
        ledger = ledgers.get(row.metric)
        validated = row.kind == MetricKind.NORTH_STAR.value or (ledger is not None and ledger.validated)
        n = row.sample_size_per_arm
        fast = (not validated and n is not None and (star_n is None or n < star_n))
        note = row.note
        if fast:
            note = "; ".join(filter(None, [note, "quick to read but not validated by past experiments"]))
        rows.append(SizingRow(row.metric, row.name, row.kind, n, validated, fast, note))
    rows.sort(key=lambda r: (not r.validated, r.sample_size_per_arm is None, r.sample_size_per_arm or 0, r.metric))
    return _advise(rows, star_n, ledgers)


def _advise(rows: list[SizingRow], star_n: int | None,
            ledgers: Mapping[str, LedgerEvidence]) -> SizingAdvice:
    usable = [r for r in rows if r.validated and r.sample_size_per_arm is not None
              and not r.note.startswith("moves the wrong way")]
    if not usable:
        return SizingAdvice(rows, None, "No metric can be sized yet: enter the unit variability of the north star "
                                        "and its proxies.")
    best = usable[0]
    fast = [r for r in rows if r.fast_unvalidated]
    warn = ""
    if fast:
        warn = (f" ‘{fast[0].name}’ would be quicker ({users(fast[0].sample_size_per_arm or 0)} per arm) but no "
                "past experiments validate it: a win on it may not move the north star.")
    if best.kind == MetricKind.NORTH_STAR.value:
        return SizingAdvice(rows, best.metric, f"Size on the north star: {users(best.sample_size_per_arm or 0)} "
                                               f"users per arm.{warn}")
    ledger = ledgers[best.metric]
    on_star = f" instead of {users(star_n)} on the north star" if star_n else ""
    text = (f"Size on the proxy: {users(best.sample_size_per_arm or 0)} users per arm{on_star}; it is validated "
            f"by {ledger.experiments} past experiments (slope {ledger.ledger_slope:.2f}, 90 % interval "
            f"{interval(ledger.ledger_low or 0.0, ledger.ledger_high or 0.0)}).{warn}")
    return SizingAdvice(rows, best.metric, text)
