"""`metricscape actuals`: import and save (with a backup), list with changes, and plain errors that leave
the model untouched."""

import json

import pytest

from metricscape.cli import main
from metricscape.io import load, save
from metricscape.model import Metric, MetricTree


@pytest.fixture
def model(tmp_path):
    path = tmp_path / "model.json"
    save(MetricTree(metrics=(Metric(id="orders", name="Weekly orders", kind="north_star", unit="orders"),
                             Metric(id="conversion", name="Conversion rate", unit="%"))), path)
    return path


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def weekly_csv(tmp_path):
    data = tmp_path / "weekly.csv"
    lines = ["period,metric,value"]
    lines += [f"2025-W{w:02d},Weekly orders,{1000 + w}" for w in range(1, 53)]
    lines += [f"2026-W{w:02d},Weekly orders,{1100 + w}" for w in range(1, 11)]
    lines += ["2026-W10,Refunds,3"]
    data.write_text("\n".join(lines) + "\n")
    return data


def test_import_saves_with_a_backup_and_prints_what_matched(model, tmp_path, capsys):
    before = model.read_bytes()
    code, out, err = run(capsys, "actuals", model, "--import", weekly_csv(tmp_path))
    assert code == 0, err
    assert "✓ Weekly orders → orders" in out and "✗ Refunds: no metric" in out
    assert (tmp_path / "model.json.bak").read_bytes() == before
    tree = load(model).tree
    assert tree.actuals.find("orders").start == "2025-W01" and len(tree.actuals.find("orders").values) == 62


def test_import_json_is_the_contract(model, tmp_path, capsys):
    code, out, _ = run(capsys, "actuals", model, "--import", weekly_csv(tmp_path), "--grain", "week", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["matched"] == [{"name": "Weekly orders", "metric": "orders"}]
    assert data["unmatched"] == [{"name": "Refunds", "suggestions": []}]
    assert data["grain"] == "week" and data["rows"] == 63 and data["source"] == "weekly.csv"


def test_listing_gives_latest_and_changes_vs_previous_and_a_year_earlier(model, tmp_path, capsys):
    run(capsys, "actuals", model, "--import", weekly_csv(tmp_path))
    code, out, _ = run(capsys, "actuals", model, "--json")
    (row,) = json.loads(out)["series"]
    assert code == 0
    assert (row["metric"], row["last"], row["latest"], row["periods"]) == ("orders", "2026-W10", 1110, 62)
    assert row["previous"] == 1109 and row["change_vs_previous"] == 1
    assert row["year_earlier_period"] == "2025-W10" and row["year_earlier"] == 1010
    assert row["change_vs_year_earlier_pct"] == pytest.approx(100 / 1010 * 100)
    code, out, _ = run(capsys, "actuals", model)
    assert "Weekly orders: 62 periods, latest 2026-W10" in out and "vs a year earlier" in out


def test_a_bad_file_leaves_the_model_untouched(model, tmp_path, capsys):
    before = model.read_bytes()
    data = tmp_path / "bad.csv"
    data.write_text("period,metric,value\n2026-W01,orders,12 orders\n")
    code, out, err = run(capsys, "actuals", model, "--import", data)
    assert code == 1 and out == ""
    assert "bad.csv: row 2, column 'value': '12 orders' is not a number" in err
    assert "Traceback" not in err
    assert model.read_bytes() == before and not (tmp_path / "model.json.bak").exists()


def test_refresh_reads_the_declared_source_again(model, tmp_path, capsys):
    data = weekly_csv(tmp_path)
    run(capsys, "actuals", model, "--import", data)
    data.write_text(data.read_text() + "2026-W11,Weekly orders,2000\n")
    code, out, _ = run(capsys, "actuals", model, "--refresh", "--json")
    assert code == 0
    assert json.loads(out)["added"] == [{"metric": "orders", "segment": "", "period": "2026-W11", "old": None,
                                         "new": 2000}]
