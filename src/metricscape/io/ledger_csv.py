"""Importing the experiment ledger from CSV: ``experiment,metric,lift,se`` plus optional columns.

One row per experiment and metric. ``lift`` and ``se`` are relative: a fraction (0.02) or a
percentage with its sign (2%). Optional columns: ``start``, ``end`` (YYYY-MM-DD), ``segment``,
``notes``. Every problem is collected with its line and column and what to fix; when there is any,
nothing is imported. Experiments in the file replace the model's experiments of the same name.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from metricscape.model.errors import MetricscapeError
from metricscape.model.experiments import Experiment, Lift
from metricscape.model.tree import MetricTree

REQUIRED = ("experiment", "metric", "lift", "se")
OPTIONAL = ("start", "end", "segment", "notes")
MAX_BYTES = 20_000_000
MAX_PROBLEMS = 20  # a wholly wrong file would otherwise print thousands of lines


class LedgerError(MetricscapeError):
    """The ledger could not be imported; ``problems`` lists each one (line, column, what to fix)."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        shown = problems[:MAX_PROBLEMS]
        more = len(problems) - len(shown)
        text = "\n".join(f"  {p}" for p in shown) + (f"\n  ... and {more} more" if more > 0 else "")
        super().__init__(f"{source}: nothing was imported; fix these and import again:\n{text}")


@dataclass
class _Draft:
    line: int
    start: dt.date | None = None
    end: dt.date | None = None
    segment: str = ""
    notes: str = ""
    lifts: dict[str, Lift] = field(default_factory=dict)


@dataclass(frozen=True)
class LedgerImport:
    tree: MetricTree
    added: list[str]
    replaced: list[str]
    rows: int


def read_ledger_file(path: str | Path, tree: MetricTree) -> LedgerImport:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise LedgerError(str(path), [(f"the file is larger than {MAX_BYTES // 1_000_000} MB; a ledger "
                                          "has one row per experiment and metric")])
        raw = path.read_bytes()
    except OSError as exc:
        raise LedgerError(str(path), [f"the file cannot be read ({exc.strerror or exc}); check the path"]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LedgerError(str(path), [("the file is not UTF-8 text; save it from your spreadsheet as "
                                      "'CSV UTF-8'")]) from None
    return import_ledger(text, tree, source=str(path))


def import_ledger(text: str, tree: MetricTree, source: str = "ledger") -> LedgerImport:
    """The tree with the ledger's experiments added (or replacing same-named ones); raises LedgerError."""
    problems: list[str] = []
    drafts = _read(text, {m.id for m in tree.metrics}, problems)
    experiments: list[Experiment] = []
    for name, draft in drafts.items():
        try:
            experiments.append(Experiment(name=name, start=draft.start, end=draft.end, segment=draft.segment,
                                          notes=draft.notes, lifts=tuple(draft.lifts.values())))
        except ValidationError as exc:
            problems += [f"line {draft.line}: {_plain(e['msg'])}" for e in exc.errors()]
    if problems:
        raise LedgerError(source, problems)
    if not experiments:
        raise LedgerError(source, ["the file has no rows under its header; add one row per experiment and metric"])
    incoming = {e.name for e in experiments}
    kept = [e for e in tree.experiments if e.name not in incoming]
    replaced = [e.name for e in tree.experiments if e.name in incoming]
    try:
        new_tree = tree.model_copy(update={"experiments": tuple(kept + experiments)})
        new_tree = MetricTree.model_validate(new_tree.model_dump())
    except ValidationError as exc:
        raise LedgerError(source, [_plain(e["msg"]) for e in exc.errors()]) from None
    rows = sum(len(e.lifts) for e in experiments)
    return LedgerImport(new_tree, [n for n in incoming if n not in replaced], replaced, rows)


def _plain(message: str) -> str:
    return message.removeprefix("Value error, ")


def _read(text: str, known: set[str], problems: list[str]) -> dict[str, _Draft]:
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        problems.append("line 1: the file is empty; the first line must name the columns: "
                        + ",".join(REQUIRED))
        return {}
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","  # spreadsheets in many locales
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader)]
    missing = [c for c in REQUIRED if c not in header]
    unknown = [h for h in header if h not in REQUIRED + OPTIONAL]
    if missing:
        problems.append(f"line 1: the column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                        f"{'are' if len(missing) > 1 else 'is'} missing; the first line must name at least "
                        + ",".join(REQUIRED))
    if unknown:
        problems.append(f"line 1: unknown column{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; "
                        f"the columns are {', '.join(REQUIRED + OPTIONAL)}")
    duplicated = sorted({h for h in header if header.count(h) > 1})
    if duplicated:
        problems.append(f"line 1: the column {', '.join(duplicated)} appears twice; keep one")
    if problems:
        return {}
    drafts: dict[str, _Draft] = {}
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(f"line {line}: {len(row)} values for {len(header)} columns; check for a missing "
                            "or extra separator (quote text that contains one)")
            continue
        _row(dict(zip(header, (c.strip() for c in row), strict=True)), line, known, drafts, problems)
    return drafts


def _row(cells: dict[str, str], line: int, known: set[str], drafts: dict[str, _Draft], problems: list[str]) -> None:
    name, metric = cells["experiment"], cells["metric"]
    where = f"line {line}"
    if not name:
        problems.append(f"{where}, column experiment: empty; name the experiment")
        return
    if metric not in known:
        hint = "the column is empty" if not metric else f"there is no metric '{metric}' in the model"
        problems.append(f"{where}, column metric: {hint}; use a metric id of the model "
                        f"(e.g. {', '.join(sorted(known)[:3]) or 'add metrics first'})")
        return
    lift = _number(cells["lift"], f"{where}, column lift", problems, positive=False)
    se = _number(cells["se"], f"{where}, column se", problems, positive=True)
    start_ok, start = _date(cells.get("start", ""), f"{where}, column start", problems)
    end_ok, end = _date(cells.get("end", ""), f"{where}, column end", problems)
    if lift is None or se is None or not start_ok or not end_ok:
        return
    draft = drafts.setdefault(name, _Draft(line, start, end, cells.get("segment", ""), cells.get("notes", "")))
    checks: tuple[tuple[str, object, object], ...] = (
        ("start", start, draft.start), ("end", end, draft.end), ("segment", cells.get("segment", ""), draft.segment))
    for column, value, first in checks:
        if value != first:
            problems.append(f"{where}, column {column}: experiment '{name}' has {column} '{first or ''}' on line "
                            f"{draft.line} and '{value or ''}' here; give every row of an experiment the same one")
            return
    if metric in draft.lifts:
        problems.append(f"{where}: experiment '{name}' already has a row for '{metric}'; keep one")
        return
    try:
        draft.lifts[metric] = Lift(metric=metric, lift=lift, se=se)
    except ValidationError as exc:
        problems += [f"{where}: {_plain(e['msg'])}" for e in exc.errors()]


def _number(text: str, where: str, problems: list[str], *, positive: bool) -> float | None:
    cleaned = text.replace(" ", "").replace("\u00a0", "")
    percent = cleaned.endswith("%")
    try:
        value = float(cleaned.rstrip("%")) / (100 if percent else 1)
    except ValueError:
        problems.append(f"{where}: '{text}' is not a number; write a fraction (0.02) or a percentage (2%)"
                        if text else f"{where}: empty; write a fraction (0.02) or a percentage (2%)")
        return None
    if not math.isfinite(value):
        problems.append(f"{where}: '{text}' is not a finite number")
        return None
    if positive and value <= 0:
        problems.append(f"{where}: '{text}' must be above 0 (a standard error is never zero or negative)")
        return None
    return value


def _date(text: str, where: str, problems: list[str]) -> tuple[bool, dt.date | None]:
    """(readable, the date or None when the cell is empty); an unreadable date is reported."""
    if not text:
        return True, None
    try:
        return True, dt.date.fromisoformat(text)
    except ValueError:
        problems.append(f"{where}: '{text}' is not a date; write it as YYYY-MM-DD (2026-03-05)")
        return False, None
