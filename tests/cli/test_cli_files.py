"""``metricscape validate / show / schema / migrate``, run as a user would."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from metricscape.cli import main
from metricscape.io import dumps
from metricscape.io.json_schema import committed_schema_text
from metricscape.model import Metric, MetricTree

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "resources" / "examples").glob("*.json"))
MINIMAL = ROOT / "tests" / "fixtures" / "v1" / "minimal.json"  # format 1
CURRENT = ROOT / "tests" / "fixtures" / "v2" / "every-field.json"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_validate_accepts_every_example(capsys):
    assert len(EXAMPLES) >= 4
    assert main(["validate", *map(str, EXAMPLES)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == len(EXAMPLES)
    assert all(line.startswith("✓ ") and " metrics, " in line and line.endswith(" links") for line in out)


def test_validate_reports_each_bad_file_and_fails(tmp_path, capsys):
    good = write(tmp_path, "good.json", MINIMAL.read_text(encoding="utf-8"))
    broken = write(tmp_path, "broken.json", '{"format": "metricscape", "schema_version": 1, "model": {"metrics": [')
    wrong = write(tmp_path, "wrong.json", json.dumps({"format": "metricscape", "schema_version": 1, "model": {
        "metrics": [{"id": "a", "name": "A", "baseline": "lots"}]}}))
    assert main(["validate", str(good), str(broken), str(wrong), str(tmp_path / "missing.json")]) == 1
    captured = capsys.readouterr()
    assert captured.out == f"✓ {good}: 3 metrics, 2 links\n"
    assert f"✗ {broken}: line 1, column" in captured.err and "ends too early" in captured.err
    assert f"✗ {wrong}: the model has a problem:\n  model.metrics[0].baseline (metric 'a'): should be a number" \
        in captured.err
    assert f"✗ {tmp_path / 'missing.json'}: there is no such file" in captured.err
    assert "Traceback" not in captured.err


def test_show_prints_the_tree_from_the_north_star_down(capsys):
    assert main(["show", str(MINIMAL)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[2] == "Weekly orders [orders] · north star: 3,720  = visitors * conversion"  # computed
    assert lines[3] == "├─ Weekly visitors [visitors]: 120k users"
    assert lines[4] == "└─ Conversion rate [conversion]: 3.1 %"


def test_show_marks_influence_links_guardrails_and_scenarios(capsys):
    music = ROOT / "resources" / "examples" / "music-streaming.json"
    assert main(["show", str(music)]) == 0
    out = capsys.readouterr().out
    assert "· north star" in out.splitlines()[2]
    assert "~ elasticity" in out and "\nGuardrails\n" in out and "\nScenarios\n" in out


def test_show_of_a_bad_file_exits_with_1_and_a_message(tmp_path, capsys):
    bad = write(tmp_path, "bad.json", "not json")
    with pytest.raises(SystemExit) as info:
        main(["show", str(bad)])
    assert info.value.code == 1
    assert capsys.readouterr().err.startswith(f"{bad}: line 1, column 1: the JSON is broken")


def test_schema_prints_the_committed_schema(capsys):
    assert main(["schema"]) == 0
    out = capsys.readouterr().out
    assert out == committed_schema_text()
    assert json.loads(out)["properties"]["format"] == {"const": "metricscape"}


def test_migrate_says_already_current_and_touches_nothing(tmp_path, capsys):
    path = write(tmp_path, "m.json", CURRENT.read_text(encoding="utf-8"))
    before = path.read_bytes()
    assert main(["migrate", str(path)]) == 0
    assert "already current" in capsys.readouterr().out
    assert path.read_bytes() == before and not (tmp_path / "m.json.bak").exists()


def test_migrate_upgrades_in_place_and_keeps_a_backup(tmp_path, capsys):
    path = write(tmp_path, "m.json", MINIMAL.read_text(encoding="utf-8"))
    before = path.read_bytes()
    assert main(["migrate", str(path)]) == 0
    assert "upgraded from file format 1 to 2; the old file is kept as m.json.bak" in capsys.readouterr().out
    assert (tmp_path / "m.json.bak").read_bytes() == before
    assert json.loads(path.read_text(encoding="utf-8"))["schema_version"] == 2
    assert main(["migrate", str(path)]) == 0
    assert "already current" in capsys.readouterr().out


def test_migrate_of_a_bad_file_fails_with_a_message(tmp_path, capsys):
    path = write(tmp_path, "m.json", '{"format": "metricscape", "schema_version": 9, "model": {}}')
    assert main(["migrate", str(path)]) == 1
    assert "newer Metricscape (file format 9)" in capsys.readouterr().err


def test_the_installed_command_returns_real_exit_codes(tmp_path):
    good = write(tmp_path, "good.json", dumps(MetricTree(metrics=(Metric(id="a", name="A"),))))
    bad = write(tmp_path, "bad.json", "")
    ok = subprocess.run([sys.executable, "-m", "metricscape", "validate", str(good)], capture_output=True,
                        text=True, encoding="utf-8", check=False)
    assert ok.returncode == 0 and ok.stdout == f"✓ {good}: 1 metric, 0 links\n"
    failed = subprocess.run([sys.executable, "-m", "metricscape", "show", str(bad)], capture_output=True,
                            text=True, encoding="utf-8", check=False)
    assert failed.returncode == 1 and failed.stderr == f"{bad}: the file is empty\n"


def test_show_says_which_values_cannot_be_computed(tmp_path, capsys):
    path = write(tmp_path, "m.json", json.dumps({"format": "metricscape", "schema_version": 1, "model": {"metrics": [
        {"id": "a", "name": "A", "kind": "north_star", "formula": "b * 2"}, {"id": "b", "name": "B"}]}}))
    assert main(["show", str(path)]) == 0
    out = capsys.readouterr().out
    assert "A [a] · north star  = b * 2\n└─ B [b]\n" in out
    assert "Values that could not be computed\n  'B' has no baseline value" in out
