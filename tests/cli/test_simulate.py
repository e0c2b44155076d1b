"""The simulation commands as a user runs them: tables, JSON, exit codes and plain errors."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from scipy import stats

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sim"))
from sim_trees import funnel_tree, linear_tree

from metricscape.cli import main
from metricscape.io import save


@pytest.fixture
def model(tmp_path):
    path = tmp_path / "funnel.json"
    save(funnel_tree(), path)
    return str(path)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_simulate_prints_scenarios_side_by_side_and_the_uncertainty(model, capsys):
    code, out, err = run(capsys, "simulate", model, "--scenario", "Better onboarding", "--samples", "2000")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["Metric", "Baseline", "Better", "onboarding", "Change"]
    hours = next(line for line in lines if line.startswith("Weekly hours"))
    assert "50k h" in hours and "52.5k h" in hours and "+5.0 %" in hours
    assert "Uncertainty — baseline: 2,000 samples, seed 20240601" in out
    assert "Uncertainty — Better onboarding" in out


def test_simulate_json_is_stable_and_reproducible(model, capsys):
    args = ("simulate", model, "--json", "--samples", "1000", "--seed", "4", "--metric", "per_user")
    _, first, _ = run(capsys, *args)
    _, second, _ = run(capsys, *args)
    assert first == second
    data = json.loads(first)
    assert set(data) == {"engine", "comparison", "monte_carlo"}
    summary = data["monte_carlo"][0]["summaries"][1]
    assert summary["metric"] == "per_user" and set(summary) >= {"mean", "sd", "p5", "p50", "p95", "histogram"}
    assert data["monte_carlo"][0]["seed"] == 4


def test_another_process_prints_the_same_bytes(model, capsys):
    """Nothing a run caches (the scramble, the turn) may change its numbers: a fresh process, with
    another thread count, prints what this one does."""
    args = ["simulate", model, "--json", "--samples", "3000", "--seed", "9", "--metric", "per_user"]
    _, here, _ = run(capsys, *args, "--threads", "1")
    there = subprocess.run([sys.executable, "-m", "metricscape", *args, "--threads", "2"], capture_output=True,
                           text=True, timeout=120, check=True)
    assert there.stdout == here


def test_an_unknown_scenario_is_a_plain_error(model, capsys):
    code, out, err = run(capsys, "simulate", model, "--scenario", "Nope")
    assert code == 1 and out == ""
    assert "no scenario 'Nope' (scenarios: 'Better onboarding', 'Better recommendations')" in err
    assert "Traceback" not in err


def test_a_missing_file_is_a_plain_error(tmp_path, capsys):
    code = None
    with pytest.raises(SystemExit) as exit_:
        main(["simulate", str(tmp_path / "missing.json")])
    code = exit_.value.code
    assert code == 1
    assert "missing.json" in capsys.readouterr().err


def test_sensitivity_tornado_table_and_json(model, capsys):
    code, out, _ = run(capsys, "sensitivity", model)
    assert code == 0
    assert out.startswith("What moves Weekly hours (now 50k h), largest swing first")
    code, out, _ = run(capsys, "sensitivity", model, "--metric", "per_user", "--json")
    data = json.loads(out)
    assert data["target"] == "per_user" and data["bars"][0]["swing"] >= data["bars"][-1]["swing"]


def test_sensitivity_sobol(model, capsys):
    code, out, _ = run(capsys, "sensitivity", model, "--method", "sobol", "--samples", "512")
    assert code == 0
    assert "Sobol indices of Weekly hours (512 base samples" in out
    assert "Visitors" in out and "±" in out
    _, out, _ = run(capsys, "sensitivity", model, "--method", "sobol", "--json", "--samples", "256")
    assert {i["input"] for i in json.loads(out)["indices"]} == {"users", "conversion", "per_user", "quality",
                                                                 "quality->per_user"}


def test_goal_seek_reached_and_out_of_reach(tmp_path, capsys):
    path = tmp_path / "linear.json"
    save(linear_tree(), path)
    code, out, _ = run(capsys, "goal-seek", str(path), "--metric", "y", "--target", "40", "--vary", "b")
    assert code == 0 and out.startswith("Set 'b' to 7.33333")
    code, out, _ = run(capsys, "goal-seek", str(path), "--metric", "y", "--target", "1e6", "--vary", "b")
    assert code == 2 and "cannot reach" in out


def test_goal_seek_reads_a_percent_target(model, capsys):
    code, out, _ = run(capsys, "goal-seek", model, "--metric", "conversion", "--target", "25%", "--vary",
                       "conversion", "--json")
    assert code == 0 and json.loads(out)["value"] == pytest.approx(0.25)


def test_bad_numbers_are_refused_by_the_parser(model, capsys):
    with pytest.raises(SystemExit):
        main(["goal-seek", model, "--metric", "hours", "--target", "lots", "--vary", "users"])
    assert "'lots' is not a number" in capsys.readouterr().err


def test_experiment_table_and_recommendation(model, capsys):
    code, out, _ = run(capsys, "experiment", model, "--scenario", "Better onboarding", "--alpha", "0.05")
    assert code == 0
    assert "Experiment 'Better onboarding' (two-sided, alpha 0.05, power 0.8)" in out
    assert out.rstrip().splitlines()[-1].startswith("Measure 'Conversion'")
    _, out, _ = run(capsys, "experiment", model, "--scenario", "onboarding", "--power", "0.9", "--json")
    data = json.loads(out)
    assert data["power"] == 0.9 and data["recommended"] == "conversion"


def test_separate_processes_print_byte_identical_json(model):
    import subprocess
    command = [sys.executable, "-m", "metricscape", "simulate", model, "--json", "--samples", "500"]
    first = subprocess.run(command, capture_output=True, check=True).stdout
    second = subprocess.run(command, capture_output=True, check=True).stdout
    assert first == second and b'"seed": 20240601' in first


def test_simulate_to_a_precision_prints_samples_seconds_standard_errors_and_the_precision_reached(model, capsys):
    code, out, err = run(capsys, "simulate", model, "--precision", "0.002", "--json")
    assert code == 0, err
    result = json.loads(out)["monte_carlo"][0]
    assert result["precision_target"] == 0.002 and result["precision"] <= 0.002
    assert result["samples"] >= 16 * 512 and result["seconds"] > 0 and result["sampler"] == "sobol"
    hours = result["summaries"][0]
    for name in ("mean", "sd", "p5", "p10", "p50", "p90", "p95", "p_meet_target"):
        assert hours[f"{name}_se"] > 0
    z = stats.norm.ppf(0.975)
    assert max(z * hours[f"{p}_se"] / hours[p] for p in ("p10", "p50", "p90")) == pytest.approx(hours["precision"])
    code, out, _ = run(capsys, "simulate", model, "--precision", "0.002")
    reached = re.search(r"samples in [0-9.]+ s, seed 20240601; figures within ±([0-9.]+) % \(95 % sure\)", out)
    assert code == 0 and reached and float(reached.group(1)) <= 0.2


def test_a_precision_outside_0_to_1_is_refused_by_the_parser(model, capsys):
    with pytest.raises(SystemExit):
        main(["simulate", model, "--precision", "2"])
    assert "is not a precision" in capsys.readouterr().err
