"""File ▸ Import experiments…: a ledger CSV into the model as one undoable edit, or nothing at all.

The reading and every check are ``io.ledger_csv``'s; this says the outcome in words (which line
and column to fix) and pushes the import.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from metricscape.io.ledger_csv import LedgerError, read_ledger_file
from metricscape.model.ledger_plan import replace_ledger

from ..binding import DocumentContext


@dataclass(frozen=True)
class ImportOutcome:
    ok: bool
    message: str          # one sentence for the status bar or the error dialog
    problems: tuple[str, ...] = ()  # each with its line and column


def import_ledger(context: DocumentContext, path: str | Path) -> ImportOutcome:
    path = Path(path)
    try:
        found = read_ledger_file(path, context.doc.tree)
    except LedgerError as exc:
        count = len(exc.problems)
        return ImportOutcome(False, f"Nothing was imported from {path.name}: {count} problem"
                                    f"{'s' if count != 1 else ''} to fix in the file, then import it again.",
                             tuple(exc.problems))
    experiments = len(found.added) + len(found.replaced)
    text = f"Import {experiments} experiment{'s' if experiments != 1 else ''} from {path.name}"
    if context.push(replace_ledger(context.doc, found.tree.experiments, text)) is False:
        return ImportOutcome(False, f"Nothing was imported from {path.name}: the model refused it.")
    replaced = f"; {len(found.replaced)} replaced experiments of the same name" if found.replaced else ""
    return ImportOutcome(True, f"Imported {experiments} experiment{'s' if experiments != 1 else ''} "
                               f"({found.rows} rows) from {path.name}{replaced}. Undo removes them.")
