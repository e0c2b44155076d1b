"""``metricscape explain`` as a user runs it: the JSON contract, the text, and plain errors."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sim"))
from explain_trees import with_actuals

from metricscape.cli import main
from metricscape.io import save

CONTRACT_KEYS = {"metric", "from", "to", "start", "end", "change", "method", "contributions", "unexplained",
                 "drivers", "notes"}


@pytest.fixture
def model(tmp_path):
    tree = with_actuals(
        [{"id": "hours", "name": "Weekly hours", "kind": "north_star", "formula": "users * per_user", "unit": "h"},
         {"id": "users", "name": "Weekly users", "formula": "new + returning", "unit": "users"},
         {"id": "new", "name": "New users", "unit": "users"},
         {"id": "returning", "name": "Returning users", "unit": "users"},
         {"id": "per_user", "name": "Hours per user", "unit": "h/user"},
         {"id": "quality", "name": "Recommendation quality", "unit": "%"}],
        {"new": [10.0, 12.0, 30.0, 32.0], "returning": [90.0, 88.0, 80.0, 78.0],
         "per_user": [2.0, 2.1, 2.5, 2.4], "quality": [0.5, 0.5, 0.6, 0.6]},
        links=[{"source": "quality", "target": "per_user", "elasticity": 0.4}], start="2026-W10")
    path = tmp_path / "model.json"
    save(tree, path)
    return str(path)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_has_the_contract_keys_recursively(model, capsys):
    code, out, err = run(capsys, "explain", model, "--from", "2026-W10", "--to", "2026-W12", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert CONTRACT_KEYS <= set(data)
    assert (data["metric"], data["from"], data["to"]) == ("hours", "2026-W10", "2026-W12")
    assert data["start"] == 200.0 and data["end"] == pytest.approx(275.0) and data["change"] == pytest.approx(75.0)
    assert data["method"] == "lmdi"
    assert set(data["contributions"]) == {"users", "per_user"}
    assert sum(data["contributions"].values()) + data["unexplained"] == pytest.approx(75.0)
    users = data["drivers"]["users"]
    assert CONTRACT_KEYS <= set(users)
    assert users["method"] == "sum" and users["contributions"] == {"new": 20.0, "returning": -10.0}
    assert data["drivers"]["per_user"]["method"] == "influence"


def test_ranges_and_another_metric(model, capsys):
    code, out, err = run(capsys, "explain", model, "--from", "2026-W10..2026-W11", "--to", "2026-W12..2026-W13",
                         "--metric", "users", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["from"], data["to"]) == ("2026-W10..2026-W11", "2026-W12..2026-W13")
    assert data["start"] == 200.0 and data["end"] == 220.0  # users are counted: summed over the range
    assert data["contributions"] == {"new": 40.0, "returning": -20.0}


def test_text_reads_as_a_waterfall_with_names_and_formatted_values(model, capsys):
    code, out, err = run(capsys, "explain", model, "--from", "2026-W10", "--to", "2026-W12")
    assert code == 0, err
    assert out.startswith("Why Weekly hours moved, 2026-W10 → 2026-W12")
    assert "Weekly hours rose from 200 h (2026-W10) to 275 h (2026-W12): +75 h (+37.5 %)." in out
    rows = [line.strip() for line in out.splitlines()]
    assert any(r.startswith("Hours per user") and "+" in r and "2 h/user → 2.5 h/user" in r for r in rows)
    assert any(r.startswith("New users") and "+20 users" in r for r in rows)
    assert any(r.startswith("Not explained by its drivers") for r in rows)
    assert "per_user" not in out  # names, not ids


@pytest.mark.parametrize(("args", "message"), [
    (["--from", "2026-W10", "--to", "2026-04"], "'2026-04' is a month, but this model's actuals are by week"),
    (["--from", "week 10", "--to", "2026-W12"], "'week 10' is not a period"),
    (["--from", "2026-W12..2026-W10", "--to", "2026-W12"], "ends before it starts"),
    (["--from", "2026-W10", "--to", "2026-W12", "--metric", "user"], "no metric 'user' in this model — did you mean"),
])
def test_mistakes_get_a_plain_message_and_exit_1(model, capsys, args, message):
    code, _, err = run(capsys, "explain", model, *args)
    assert code == 1
    assert message in err and "Traceback" not in err


def test_a_model_without_actuals_says_to_import_them(tmp_path, capsys):
    path = tmp_path / "empty.json"
    save(with_actuals([{"id": "y", "kind": "north_star"}], {}), path)
    code, _, err = run(capsys, "explain", str(path), "--from", "2026-W10", "--to", "2026-W12")
    assert code == 1 and "no actuals yet" in err and "Import actuals" in err


def test_help_documents_ranges(capsys):
    with pytest.raises(SystemExit):
        main(["explain", "--help"])
    assert "2026-W10..2026-W13" in capsys.readouterr().out


# visitors and buyers per segment in two weeks: each segment converts better in week 2, but traffic
# moves to mobile, which converts far less (Simpson's paradox)
VISITORS = {"desktop": (8000.0, 4000.0), "mobile": (2000.0, 8000.0)}
BUYERS = {"desktop": (800.0, 440.0), "mobile": (40.0, 200.0)}


@pytest.fixture
def shop(tmp_path):
    from metricscape.model import MetricTree
    from metricscape.model.actuals import Actuals, Series

    rows = []
    for segment, (v0, v1) in VISITORS.items():
        b0, b1 = BUYERS[segment]
        rows += [Series(metric="visitors", segment=segment, start="2026-W10", values=(v0, v1)),
                 Series(metric="conversion", segment=segment, start="2026-W10", values=(b0 / v0, b1 / v1))]
    visitors = [sum(v[i] for v in VISITORS.values()) for i in (0, 1)]
    buyers = [sum(b[i] for b in BUYERS.values()) for i in (0, 1)]
    rows += [Series(metric="visitors", start="2026-W10", values=tuple(visitors)),
             Series(metric="conversion", start="2026-W10", values=tuple(b / v for b, v in zip(buyers, visitors))),
             Series(metric="orders", start="2026-W10", values=tuple(buyers))]
    tree = MetricTree.model_validate({
        "metrics": [{"id": "orders", "name": "Orders", "kind": "north_star", "formula": "visitors * conversion"},
                    {"id": "visitors", "name": "Visitors"},
                    {"id": "conversion", "name": "Conversion", "unit": "%"}],
        "actuals": Actuals(series=tuple(rows))})
    path = tmp_path / "shop.json"
    save(tree, path)
    return str(path)


def test_by_segment_splits_a_rate_into_rate_and_mix_effects_that_sum_to_its_change(shop, capsys):
    code, out, _ = run(capsys, "explain", shop, "--from", "2026-W10", "--to", "2026-W11", "--metric",
                       "conversion", "--by", "segment", "--json")
    assert code == 0
    data = json.loads(out)
    total = [sum(b[i] for b in BUYERS.values()) / sum(v[i] for v in VISITORS.values()) for i in (0, 1)]
    assert data["rate_effect"] + data["mix_effect"] == pytest.approx(total[1] - total[0], abs=1e-12)
    assert data["rate_effect"] > 0 > data["mix_effect"]  # every segment converts better; the mix drags it down
    assert {s["segment"] for s in data["segments"]} == {"desktop", "mobile"}
    assert data["change"] == pytest.approx(total[1] - total[0])


def test_by_segment_in_words_and_for_ranges(shop, capsys):
    code, out, _ = run(capsys, "explain", shop, "--from", "2026-W10", "--to", "2026-W11", "--metric",
                       "conversion", "--by", "segment")
    assert code == 0
    assert "rose in every segment" in out and "mobile" in out
    code, _, err = run(capsys, "explain", shop, "--from", "2026-W10..2026-W10", "--to", "2026-W11",
                       "--metric", "conversion", "--by", "segment")
    assert code == 1 and "two single periods" in err
