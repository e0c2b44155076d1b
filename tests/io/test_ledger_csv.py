"""Importing the experiment ledger from CSV: every bad input gets a line, a column and a fix; nothing half-imported."""

from __future__ import annotations

from pathlib import Path

import pytest

from metricscape.io.ledger_csv import LedgerError, import_ledger, read_ledger_file
from metricscape.model import MetricTree
from metricscape.model.experiments import Experiment, Lift

HEADER = "experiment,metric,lift,se,start,end,segment\n"


@pytest.fixture
def tree() -> MetricTree:
    return MetricTree.model_validate({
        "metrics": [{"id": "revenue", "name": "Revenue", "kind": "north_star"},
                    {"id": "activation", "name": "Activation", "kind": "proxy"}],
        "links": [{"source": "activation", "target": "revenue", "elasticity": 0.4}],
        "experiments": [Experiment(name="Old test", lifts=(Lift(metric="revenue", lift=0.01, se=0.01),))]})


def test_a_good_ledger_is_imported_with_percentages_and_dates(tree: MetricTree) -> None:
    text = HEADER + ("New onboarding,activation,3%,1%,2026-01-05,2026-01-19,mobile\n"
                     "New onboarding,revenue,0.012,0.006,2026-01-05,2026-01-19,mobile\n"
                     "Old test,revenue,-0.5 %,0.4%,,,\n")
    result = import_ledger(text, tree)
    onboarding = next(e for e in result.tree.experiments if e.name == "New onboarding")
    assert onboarding.segment == "mobile" and str(onboarding.start) == "2026-01-05"
    assert onboarding.lift_of("activation") == Lift(metric="activation", lift=0.03, se=0.01)
    old = next(e for e in result.tree.experiments if e.name == "Old test")
    assert old.lifts == (Lift(metric="revenue", lift=-0.005, se=0.004),)  # replaced, not duplicated
    assert result.replaced == ["Old test"] and result.added == ["New onboarding"] and result.rows == 3


def test_semicolon_separated_files_from_european_spreadsheets_are_read(tree: MetricTree) -> None:
    result = import_ledger("experiment;metric;lift;se\nA;revenue;0.01;0.005\n", tree)
    assert [e.name for e in result.tree.experiments] == ["Old test", "A"]


@pytest.mark.parametrize(("text", "expected"), [
    ("", "line 1: the file is empty"),
    ("experiment,metric,lift\nA,revenue,0.01\n", "line 1: the column se is missing"),
    ("experiment,metric,lift,se,stderr\n", "line 1: unknown column stderr"),
    ("experiment,metric,lift,se,se\n", "line 1: the column se appears twice"),
    ("experiment,metric,lift,se\n", "no rows under its header"),
    ("experiment,metric,lift,se\nA,revenue,0.01\n", "line 2: 3 values for 4 columns"),
    ("experiment,metric,lift,se\n,revenue,0.01,0.01\n", "line 2, column experiment: empty"),
    ("experiment,metric,lift,se\nA,signups,0.01,0.01\n", "line 2, column metric: there is no metric 'signups'"),
    ("experiment,metric,lift,se\nA,revenue,lots,0.01\n", "line 2, column lift: 'lots' is not a number"),
    ("experiment,metric,lift,se\nA,revenue,,0.01\n", "line 2, column lift: empty"),
    ("experiment,metric,lift,se\nA,revenue,nan,0.01\n", "line 2, column lift: 'nan' is not a finite number"),
    ("experiment,metric,lift,se\nA,revenue,0.01,0\n", "line 2, column se: '0' must be above 0"),
    ("experiment,metric,lift,se\nA,revenue,0.01,-1%\n", "line 2, column se: '-1%' must be above 0"),
    ("experiment,metric,lift,se,start\nA,revenue,0.01,0.01,5/3/2026\n", "line 2, column start: '5/3/2026' is not a date"),
    ("experiment,metric,lift,se,start,end\nA,revenue,0.01,0.01,2026-02-01,2026-01-01\n", "ends (2026-01-01) before it starts"),
    ("experiment,metric,lift,se,segment\nA,revenue,0.01,0.01,web\nA,activation,0.01,0.01,mobile\n",
     "line 3, column segment: experiment 'A' has segment 'web' on line 2 and 'mobile' here"),
    ("experiment,metric,lift,se\nA,revenue,0.01,0.01\nA,revenue,0.02,0.01\n", "line 3: experiment 'A' already has a row for 'revenue'"),
    ("experiment,metric,lift,se\nA,revenue,50000%,0.01\n", "line 2: Input should be less than or equal to 100"),
])
def test_every_bad_input_is_named_and_nothing_is_imported(tree: MetricTree, text: str, expected: str) -> None:
    with pytest.raises(LedgerError) as caught:
        import_ledger(text, tree)
    assert expected in str(caught.value)
    assert "nothing was imported" in str(caught.value)


def test_one_bad_row_among_good_ones_imports_nothing_and_lists_every_problem(tree: MetricTree) -> None:
    text = HEADER + "A,revenue,0.01,0.01,,,\nB,revenue,x,0.01,,,\nC,nope,0.01,0.01,,,\n"
    with pytest.raises(LedgerError) as caught:
        import_ledger(text, tree)
    assert caught.value.problems[0].startswith("line 3, column lift")
    assert caught.value.problems[1].startswith("line 4, column metric")


def test_unreadable_files_say_what_to_do(tmp_path: Path, tree: MetricTree) -> None:
    with pytest.raises(LedgerError, match="cannot be read"):
        read_ledger_file(tmp_path / "missing.csv", tree)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("experiment,metric,lift,se\nCaf\xe9,revenue,0.01,0.01\n".encode("latin-1"))
    with pytest.raises(LedgerError, match="save it from your spreadsheet as 'CSV UTF-8'"):
        read_ledger_file(latin, tree)
    bom = tmp_path / "bom.csv"
    bom.write_bytes("experiment,metric,lift,se\nA,revenue,0.01,0.01\n".encode("utf-8-sig"))
    assert read_ledger_file(bom, tree).added == ["A"]
