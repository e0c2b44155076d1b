import csv
import io

from metricscape.export.csv import to_csv
from metricscape.export.options import ExportOptions


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_one_row_per_metric_with_rounded_and_raw_values(sample_tree):
    table = rows(to_csv(sample_tree))
    assert [r["id"] for r in table] == [m.id for m in sample_tree.metrics]
    by_id = {r["id"]: r for r in table}
    assert by_id["skip_rate"]["baseline"] == "21" and by_id["skip_rate"]["unit"] == "%"  # a rate, in percent
    assert float(by_id["skip_rate"]["baseline (raw)"]) == 0.21
    assert by_id["listening_hours"]["baseline"] == "2500000"  # computed by the engine
    assert float(by_id["listening_hours"]["scenario: Onboarding revamp (raw)"]) == 2_540_000
    assert by_id["listening_hours"]["highest risk"] == "high"
    assert by_id["listening_hours"]["gaming risks"] == "high: Autoplay loops inflate hours (guarded by Skip rate)"


def test_the_tree_can_be_rebuilt_from_the_rows(sample_tree):
    by_id = {r["id"]: r for r in rows(to_csv(sample_tree))}
    names = {m.id: m.name for m in sample_tree.metrics}
    for link in sample_tree.links:
        row = by_id[link.source]
        if link.kind.value == "guard":
            assert names[link.target] in row["guards"].split("; ")
        else:
            assert (names[link.target], link.kind.value) in zip(row["parent"].split("; "), row["link kind"].split("; "),
                                                                strict=True)
    assert by_id["nps"]["elasticity"] == "0.3"
    assert by_id["listening_hours"]["formula"] == "wau * hours_per_user"


def test_values_are_rounded_sensibly():
    from metricscape.export.csv import rounded

    assert rounded(34156122.666666664, "") == "34156122.67"
    assert rounded(0.875, "%") == "87.5"
    assert rounded(0.0123456, "") == "0.01235"
    assert rounded(-4.0, "") == "-4"


def test_only_the_chosen_scenario_gets_columns(sample_tree):
    header = next(csv.reader(io.StringIO(to_csv(sample_tree, ExportOptions(scenario="onboarding")))))
    assert header[-2:] == ["scenario: Onboarding revamp", "scenario: Onboarding revamp (raw)"]


def test_hostile_names_survive_and_formulas_are_defused(hostile_tree):
    table = rows(to_csv(hostile_tree))
    assert [r["name"] for r in table] == [m.name for m in hostile_tree.metrics]
    owner = {r["id"]: r["owner"] for r in table}["c"]
    assert owner == "'=HYPERLINK(\"http://x\")"  # a spreadsheet shows it as text, never runs it
    assert {r["id"]: r["baseline"] for r in table}["d"] == "-4"  # numbers keep their sign
