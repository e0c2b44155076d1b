"""The ledger's edits: each is one undoable step, refuses bad input in words, and keeps actuals."""

from __future__ import annotations

import pytest
from evidence_trees import pair_tree

from metricscape.model import Document, MetricTree
from metricscape.model.errors import ModelError
from metricscape.model.experiments import Experiment, Lift
from metricscape.model.ledger_plan import (
    add_experiment,
    add_row,
    remove_rows,
    replace_ledger,
    update_experiment,
    update_row,
)


def ledger_doc() -> Document:
    tree = pair_tree([100.0 + i for i in range(30)], [50.0 + i for i in range(30)])
    ledger = (Experiment(name="Bigger button", lifts=(Lift(metric="visits", lift=0.02, se=0.005),
                                                      Lift(metric="revenue", lift=0.01, se=0.004))),)
    return Document(MetricTree.model_validate({**tree.model_dump(), "experiments": ledger}))


def test_the_document_keeps_actuals_and_the_ledger() -> None:
    doc = ledger_doc()
    assert len(doc.tree.actuals.series) == 2
    assert [e.name for e in doc.tree.experiments] == ["Bigger button"]


def test_each_ledger_edit_is_one_undoable_step() -> None:
    doc = ledger_doc()
    before = doc.tree.experiments
    edit, name = add_experiment(doc)
    doc.apply(edit)
    assert name == "Experiment 2"
    assert doc.experiments[-1].lift_of("revenue") is not None  # the north star by default
    doc.apply(update_row(doc, name, "revenue", lift=0.03, se=0.01))
    doc.apply(update_experiment(doc, name, name="Free trial"))
    doc.apply(add_row(doc, "Free trial"))
    assert [lift.metric for lift in doc.experiments[-1].lifts] == ["revenue", "visits"]
    doc.apply(remove_rows(doc, [("Free trial", "revenue"), ("Free trial", "visits")]))
    assert doc.experiments == before  # an experiment left with no row goes


def test_undo_restores_the_ledger_exactly() -> None:
    doc = ledger_doc()
    before = doc.tree.experiments
    edit = update_row(doc, "Bigger button", "visits", lift=-0.01)
    doc.apply(edit)
    assert doc.experiments[0].lift_of("visits").lift == -0.01
    doc.revert(edit)
    assert doc.tree.experiments == before


def test_an_import_replaces_the_ledger_as_one_step() -> None:
    doc = ledger_doc()
    new = (Experiment(name="Other", lifts=(Lift(metric="visits", lift=0.1, se=0.02),)),)
    edit = replace_ledger(doc, new, "Import experiments")
    doc.apply(edit)
    assert doc.experiments == new
    doc.revert(edit)
    assert [e.name for e in doc.experiments] == ["Bigger button"]


@pytest.mark.parametrize(("call", "words"), [
    (lambda d: update_row(d, "Bigger button", "visits", se=0), "greater than 0"),
    (lambda d: update_row(d, "Bigger button", "visits", metric="nope"), "no metric ‘nope’"),
    (lambda d: update_row(d, "Nope", "visits", lift=0.1), "no experiment named ‘Nope’"),
    (lambda d: update_row(d, "Bigger button", "nothing", lift=0.1), "has no row for"),
    (lambda d: update_experiment(d, "Bigger button", name=""), "at least 1 character"),
    (lambda d: add_row(d, "Bigger button"), "row for every metric"),  # both metrics already measured
    (lambda d: remove_rows(d, []), "select the rows"),
])
def test_bad_edits_are_refused_in_words(call, words: str) -> None:
    doc = ledger_doc()
    with pytest.raises(ModelError, match=words):
        call(doc)

