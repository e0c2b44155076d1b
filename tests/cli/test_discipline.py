"""``metricscape check`` and ``metricscape diff`` from the command line, and diff as a git driver."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from metricscape.cli import main
from metricscape.io import load, save
from metricscape.model import Document, GamingRisk, Metric, MetricTree

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "resources" / "examples"
MUSIC = EXAMPLES / "music-streaming.json"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def with_error(path: Path) -> Path:
    """The music example with a % added to a count in the north star's formula (a unit error)."""
    doc = Document(load(MUSIC).tree)
    doc.apply(doc.plan.update_metric("weekly_active_listeners", formula="new_listeners + retained_listeners + activation_rate"))
    save(doc.tree, path)
    return path


def test_check_prints_the_score_and_each_finding_with_what_to_do(capsys, tmp_path) -> None:
    code, out, _ = run(capsys, "check", str(MUSIC), "--today", "2026-11-03")
    assert code == 0
    first, *findings = out.splitlines()
    # Two warnings: an overdue review, and the formula drift its actuals tell of (a tracking change).
    assert re.fullmatch(r"music-streaming\.json: score \d+/100 — 0 errors, 2 warnings, \d+ infos", first)
    assert any("overdue" in line and "[overdue-review]" in line for line in findings)
    assert any("From 2026-W21" in line and "[formula-drift]" in line for line in findings)


def test_check_fails_on_errors_by_default_and_on_warnings_when_asked(capsys, tmp_path) -> None:
    broken = with_error(tmp_path / "broken.json")
    code, out, _ = run(capsys, "check", str(broken))
    assert code == 1 and "adds" in out and "[unit-mismatch]" in out
    assert run(capsys, "check", str(MUSIC), "--today", "2026-11-03")[0] == 0
    assert run(capsys, "check", str(MUSIC), "--today", "2026-11-03", "--fail-on", "warning")[0] == 1


def test_check_json_lists_findings_for_scripts(capsys) -> None:
    code, out, _ = run(capsys, "check", str(MUSIC), "--json", "--today", "2026-11-03")
    data = json.loads(out)
    assert code == 0 and 0 <= data["score"] <= 100
    assert data["counts"]["warning"] == 2
    assert {"rule", "level", "message", "metric", "link"} <= set(data["findings"][0])


def test_a_clean_small_model_says_nothing_to_fix(capsys, tmp_path) -> None:
    path = tmp_path / "tiny.json"
    save(MetricTree(metrics=(Metric(id="done", name="Tasks completed", kind="north_star", unit="tasks",
                                    baseline=10.0, uncertainty={"distribution": "fixed"},
                                    gaming_risks=(GamingRisk(description="Trivial tasks"),)),)), path)
    code, out, _ = run(capsys, "check", str(path))
    assert code == 0 and "scorecard" in out  # an empty scorecard is the one thing left to do
    assert "Traceback" not in out


def test_check_on_a_broken_file_says_what_is_wrong_without_a_traceback(capsys, tmp_path) -> None:
    path = tmp_path / "bad.json"
    path.write_text("{ not json", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["check", str(path)])
    _, err = capsys.readouterr()
    assert exit_info.value.code == 1 and "bad.json" in err and "Traceback" not in err


def test_check_rejects_a_date_it_cannot_read(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["check", str(MUSIC), "--today", "yesterday"])
    assert exit_info.value.code == 2 and "YYYY-MM-DD" in capsys.readouterr().err


def test_check_lists_its_rules(capsys) -> None:
    code, out, _ = run(capsys, "check", "--rules")
    assert code == 0 and "unguarded-gaming-risk" in out and "several-north-stars" in out


def edited_copy(tmp_path: Path) -> Path:
    doc = Document(load(MUSIC).tree)
    doc.apply(doc.plan.update_metric("activation_rate", target=0.7))
    path = tmp_path / "after.json"
    save(doc.tree, path)
    return path


def test_diff_of_two_files_reads_in_words(capsys, tmp_path) -> None:
    code, out, _ = run(capsys, "diff", str(MUSIC), str(edited_copy(tmp_path)))
    assert code == 0 and out == "~ 7-day activation rate: target 66 % → 70 %\n"
    code, out, _ = run(capsys, "diff", str(MUSIC), str(MUSIC))
    assert code == 0 and out == "No changes.\n"


def test_diff_json(capsys, tmp_path) -> None:
    code, out, _ = run(capsys, "diff", str(MUSIC), str(edited_copy(tmp_path)), "--json")
    assert code == 0
    assert json.loads(out)["metrics"]["changed"][0]["fields"] == [{"field": "target", "old": 0.66, "new": 0.7}]


def test_diff_takes_the_seven_arguments_of_a_git_driver_and_dev_null_as_empty(capsys, tmp_path) -> None:
    code, out, _ = run(capsys, "diff", "model.json", os.devnull, ".", ".", str(MUSIC), "abc", "100644")
    assert code == 0 and out.startswith("metricscape diff model.json\n+ Added metric \"Weekly listening hours\"")


def test_diff_with_a_wrong_number_of_files_explains_itself(capsys) -> None:
    code, _, err = run(capsys, "diff", str(MUSIC))
    assert code == 2 and "two model files" in err


GIT_ENV = {**os.environ, "GIT_AUTHOR_NAME": "PM", "GIT_AUTHOR_EMAIL": "pm@example.com",
           "GIT_COMMITTER_NAME": "PM", "GIT_COMMITTER_EMAIL": "pm@example.com", "GIT_CONFIG_NOSYSTEM": "1",
           "HOME": "/nonexistent", "GIT_PAGER": "cat", "PAGER": "cat"}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, env=GIT_ENV, capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def documented_lines(prefix: str) -> list[str]:
    """The lines of docs/diff-with-git.md that start with ``prefix`` (what a reader would copy)."""
    text = (ROOT / "docs" / "diff-with-git.md").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip().startswith(prefix)]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with the documented configuration, a committed model and an edit on top."""
    git(tmp_path, "init", "-q")
    (tmp_path / ".gitattributes").write_text("*.metricscape.json diff=metricscape\n", encoding="utf-8")
    assert "*.metricscape.json diff=metricscape" in documented_lines("*.metricscape.json")
    # The documented command, with "metricscape" spelled as this interpreter running the package.
    metricscape = f"{shlex.quote(sys.executable)} -m metricscape"
    for line in documented_lines("git config"):
        args = shlex.split(line.replace('"metricscape diff"', f'"{metricscape} diff"')
                           .replace("'metricscape diff ", f"'{metricscape} diff "))
        git(tmp_path, *args[1:])
    shutil.copy(MUSIC, tmp_path / "model.metricscape.json")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "model")
    doc = Document(load(tmp_path / "model.metricscape.json").tree)
    doc.apply(doc.plan.update_metric("activation_rate", target=0.7))
    save(doc.tree, tmp_path / "model.metricscape.json")
    return tmp_path


def test_git_diff_uses_the_documented_driver(repo: Path) -> None:
    out = git(repo, "diff")
    assert "~ 7-day activation rate: target 66 % → 70 %" in out
    assert '"target"' not in out  # not the JSON lines
    assert '"target": 0.7' in git(repo, "diff", "--no-ext-diff")


def test_git_log_shows_a_readable_patch_for_the_first_commit(repo: Path) -> None:
    out = git(repo, "log", "-p", "--ext-diff", "-1")
    assert "+ Added metric \"Weekly listening hours\" (north star)" in out


def test_git_difftool_uses_the_documented_tool(repo: Path) -> None:
    out = git(repo, "difftool", "--no-prompt", "--tool=metricscape", "HEAD", "--", "model.metricscape.json")
    assert "~ 7-day activation rate: target 66 % → 70 %" in out
