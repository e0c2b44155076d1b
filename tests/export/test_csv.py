import csv
import io

from metricscape.export.csv import to_csv
from metricscape.export.options import ExportOptions


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_one_row_per_metric_with_raw_numbers(sample_tree):
    table = rows(to_csv(sample_tree))
    assert [r["id"] for r in table] == [m.id for m in sample_tree.metrics]
    by_id = {r["id"]: r for r in table}
    assert float(by_id["skip_rate"]["baseline"]) == 0.21
    assert float(by_id["listening_hours"]["baseline"]) == 2_500_000  # computed by the engine
    assert float(by_id["listening_hours"]["scenario: Onboarding revamp"]) == 2_540_000
    assert by_id["listening_hours"]["highest risk"] == "high"


def test_only_the_chosen_scenario_gets_a_column(sample_tree):
    header = next(csv.reader(io.StringIO(to_csv(sample_tree, ExportOptions(scenario="onboarding")))))
    assert header[-1] == "scenario: Onboarding revamp"


def test_hostile_names_survive_and_formulas_are_defused(hostile_tree):
    table = rows(to_csv(hostile_tree))
    assert [r["name"] for r in table] == [m.name for m in hostile_tree.metrics]
    owner = {r["id"]: r["owner"] for r in table}["c"]
    assert owner == "'=HYPERLINK(\"http://x\")"  # a spreadsheet shows it as text, never runs it
    assert {r["id"]: r["baseline"] for r in table}["d"] == "-4.0"  # numbers keep their sign
